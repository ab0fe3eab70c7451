import { Agent, request, errors as undiciErrors } from 'undici';
import { seatName } from '../../../shared/domain/seat';
import { printableText } from '../../../shared/domain/text';
import { CentralError, type CentralApi, type CentralBooking, type CentralTicket, type RefundBookingRequest } from './central-api';
import { parseVistaDate, toIsoWithOffset } from './vista-date';
import { VistaCode, vistaCodeNames } from './response-codes';

export interface VistaClientConfig {
  /** e.g. `http://host/WSVistaWebClient` */
  baseUrl: string;
  connectApiToken: string;
  cinemaId: string;
  optionalClientId: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}

/** Vista Connect over HTTP: the only place that knows Vista's paths, field names and codes. */
export class VistaHttpClient implements CentralApi {
  private agent: Agent;
  private lastOkAt: number | null = null;
  private lastError: string | null = null;
  private reachable: boolean | null = null;

  constructor(private config: VistaClientConfig) {
    this.agent = VistaHttpClient.agentFor(config);
  }

  private static agentFor(config: VistaClientConfig): Agent {
    return new Agent({
      connect: { timeout: config.connectTimeoutMs },
      headersTimeout: config.requestTimeoutMs,
      bodyTimeout: config.requestTimeoutMs,
      keepAliveTimeout: 4_000,
    });
  }

  /** New settings (a technician's change) from the next call on; calls under way finish on the old connection. */
  reconfigure(config: VistaClientConfig): void {
    const old = this.agent;
    this.config = config;
    this.agent = VistaHttpClient.agentFor(config);
    void old.close();
    this.reachable = null;
  }

  async getBooking(bookingNumber: number): Promise<CentralBooking | null> {
    const body = await this.post('RESTBooking.svc/booking', {
      ReturnTransactionStatusInfoIfSingleBookingMatch: true,
      BookingNumber: bookingNumber,
      CinemaId: this.config.cinemaId,
      OptionalClientId: this.config.optionalClientId,
    });
    const code = resultCode(body);
    if (code === VistaCode.BookingDoesNotExist) return null;
    if (code !== VistaCode.Ok) throw rejected('GetSingleBooking', code, body);
    return mapBooking(body.Booking);
  }

  async markCollected(requestBody: { bookingNumber: number; ticketSequenceNumbers: number[] }): Promise<void> {
    const body = await this.post('RESTBooking.svc/booking/markcollected', {
      CinemaId: this.config.cinemaId,
      BookingNumber: requestBody.bookingNumber,
      TicketSequenceNumbers: requestBody.ticketSequenceNumbers,
      OptionalClientId: this.config.optionalClientId,
    });
    const code = resultCode(body);
    if (code !== VistaCode.Ok) throw rejected('MarkBookingAsCollected', code, body);
  }

  async refundBooking(r: RefundBookingRequest): Promise<'refunded' | 'already-refunded'> {
    const body = await this.post('RESTBooking.svc/booking/refund', {
      CinemaId: this.config.cinemaId,
      BookingNumber: r.bookingNumber,
      TicketSequenceNumbers: r.ticketSequenceNumbers,
      RefundReason: r.reason.slice(0, 400),
      RefundAmount: r.amountCents,
      RefundBookingFee: r.refundBookingFee,
      RefundConcessions: true,
      MarkAsRefundedOnly: r.markAsRefundedOnly,
      OptionalClientId: this.config.optionalClientId,
    });
    const code = resultCode(body);
    if (code === VistaCode.Ok) return 'refunded';
    if (code === VistaCode.OrderHasBeenRefunded) return 'already-refunded';
    throw rejected('RefundBooking', code, body);
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  /** What the last calls saw: for /healthz. Null until the first call. */
  health(): { reachable: boolean | null; lastOkAt: string | null; lastError: string | null } {
    return { reachable: this.reachable, lastOkAt: this.lastOkAt ? new Date(this.lastOkAt).toISOString() : null, lastError: this.lastError };
  }

  private async post(path: string, payload: unknown): Promise<Record<string, unknown>> {
    try {
      const body = await this.send(path, payload);
      this.reachable = true;
      this.lastOkAt = Date.now();
      return body;
    } catch (error) {
      if (error instanceof CentralError && (error.failure === 'unreachable' || error.failure === 'unknown-outcome')) {
        this.reachable = false;
        this.lastError = error.message;
      }
      throw error;
    }
  }

  private async send(path: string, payload: unknown): Promise<Record<string, unknown>> {
    let response;
    try {
      response = await request(`${this.config.baseUrl}/${path}`, {
        method: 'POST',
        dispatcher: this.agent,
        headers: { 'content-type': 'application/json', accept: 'application/json', connectapitoken: this.config.connectApiToken },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.config.requestTimeoutMs),
      });
    } catch (error) {
      throw transportError(path, error);
    }
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      throw transportError(path, error);
    }
    if (response.statusCode >= 500) throw new CentralError('unknown-outcome', `${path}: HTTP ${response.statusCode}`);
    if (response.statusCode === 401 || response.statusCode === 403) throw new CentralError('rejected', `${path}: connectapitoken refused`);
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
    } catch {
      // fall through
    }
    throw new CentralError('malformed', `${path}: HTTP ${response.statusCode} with a body that is not a JSON object`);
  }
}

/** Connection refused or a connect timeout: nothing reached Vista. Anything later: the outcome is unknown. */
export function transportError(path: string, error: unknown): CentralError {
  const code = (error as { code?: string }).code ?? '';
  const notSent =
    error instanceof undiciErrors.ConnectTimeoutError ||
    ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(code);
  const reason = (error as Error).message || code || 'failed';
  return new CentralError(notSent ? 'unreachable' : 'unknown-outcome', `${path}: ${reason}`);
}

export function resultCode(body: Record<string, unknown>): number {
  const raw = body.ResultCode ?? body.Result ?? body.ResponseCode;
  const code = typeof raw === 'string' ? Number(raw) : raw;
  return typeof code === 'number' && Number.isFinite(code) ? code : -1;
}

export function rejected(call: string, code: number, body: Record<string, unknown>): CentralError {
  // Central's words reach logs and the technician's screen: no control characters from there.
  const description =
    typeof body.ErrorDescription === 'string'
      ? printableText(body.ErrorDescription.slice(0, 200))
      : (vistaCodeNames[code] ?? 'unknown code');
  return new CentralError(code === -1 ? 'malformed' : 'rejected', `${call}: ${code} ${description}`, code);
}

/** A name central supplies (film, cinema, hall, seat): shown, logged and printed, so never with control characters. */
const nameOf = (value: unknown): string => printableText(String(value ?? ''));
/** The national ticket QR: 8 digits and Base64 (CENTRAL-API.md); anything with spaces or controls is not one. */
const TICKET_INFO_CODE = /^[\x21-\x7e]{0,4096}$/u;

const flag = (value: unknown): 'yes' | 'no' | 'unknown' => (String(value) === '1' ? 'yes' : String(value) === '0' ? 'no' : 'unknown');

/** The adapter's assumptions beyond the seed (CENTRAL-API.md) are all here. */
function mapBooking(raw: unknown): CentralBooking {
  const b = raw as Record<string, unknown> | null;
  if (!b || !Array.isArray(b.Tickets)) throw new CentralError('malformed', 'GetSingleBooking: Booking has no Tickets');
  const tickets = b.Tickets.map((t: Record<string, unknown>): CentralTicket => {
    const date = parseVistaDate(String(t.SessionDateTime ?? ''));
    if (!date) throw new CentralError('malformed', `GetSingleBooking: bad SessionDateTime ${nameOf(t.SessionDateTime).slice(0, 40)}`);
    return {
      sequence: Number(t.TicketSequenceNumber),
      ticketCode: String(t.TicketCode ?? ''),
      ticketInfoCode: String(t.TicketInfoCode ?? ''),
      seatName: seatName(nameOf(t.SeatRowId), nameOf(t.SeatNumber)),
      priceCents: Number(t.PriceInCents ?? 0),
      serviceFeeCents: Number(t.ServiceFeeInCents ?? 0),
      sessionAt: toIsoWithOffset(date),
      sessionEpochMs: date.epochMs,
      collected: flag(t.CollectedStatus),
      refunded: flag(t.RefundedStatus),
    };
  });
  if (tickets.some((t) => !/^\d{16}$/u.test(t.ticketCode)))
    throw new CentralError('malformed', 'GetSingleBooking: TicketCode is not 16 digits');
  if (tickets.some((t) => !TICKET_INFO_CODE.test(t.ticketInfoCode)))
    throw new CentralError('malformed', 'GetSingleBooking: TicketInfoCode is not printable ASCII');
  return {
    bookingNumber: Number(b.BookingNumber),
    bookingId: String(b.BookingId ?? ''),
    cinemaId: String(b.CinemaId ?? ''),
    cinemaCode: String(b.CinemaNationalId ?? ''),
    cinemaName: nameOf(b.CinemaName),
    filmTitle: nameOf(b.FilmTitle ?? (b.Tickets[0] as Record<string, unknown> | undefined)?.MovieName),
    screenName: nameOf(b.ScreenName),
    cancelled: String(b.CancelledStatus ?? '0') === '1',
    tickets,
  };
}
