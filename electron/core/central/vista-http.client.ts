import { Agent, request, errors as undiciErrors } from 'undici';
import { seatName } from '../../../shared/domain/seat';
import { printableText } from '../../../shared/domain/text';
import {
  CentralError,
  type CentralApi,
  type CentralBooking,
  type CentralCapabilities,
  type CentralPayment,
  type CentralBookingStatus,
  type CentralTicket,
  type RefundBookingRequest,
} from './central-api';
import { parseVistaDate, toIsoWithOffset } from './vista-date';
import { centralAgent, LinkHealth, type LinkHealthReport } from './central-link';
import { VistaCode, vistaCodeNames } from './response-codes';
import { timingMark } from '../observability/timing-marks';

export interface VistaClientConfig {
  /** e.g. `http://host/WSVistaWebClient` */
  baseUrl: string;
  connectApiToken: string;
  cinemaId: string;
  optionalClientId: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /**
   * This central system takes RefundBooking's `TicketSequenceNumbers` (our extension, not in seed
   * 003): configuration `central.partialRefunds`, off unless the cinema's Vista is known to take it.
   */
  partialRefunds: boolean;
}

/**
 * Vista Connect over HTTP: the only place that knows Vista's paths, field names and codes.
 * Refund assumptions beyond seed 003 (also in electron/core/refunds/README.md):
 * - GetSingleBooking's `Payments` lines carry §3.12's `PaymentInfo` members; RefundBooking sends the one
 *   line back (or our own CompleteOrder's), and none, several or unreadable lines send nothing.
 * - RefundBooking's `MarkAsRefundedOnly` is always true (§3.12, third parties): central pays nothing back.
 * - `TicketSequenceNumbers` (a partial refund) is our extension, sent only with `partialRefunds`.
 */
export class VistaHttpClient implements CentralApi {
  private agent: Agent;
  private readonly link = new LinkHealth(CentralError);

  constructor(private config: VistaClientConfig) {
    this.agent = centralAgent(config);
  }

  get capabilities(): CentralCapabilities {
    return { partialRefunds: this.config.partialRefunds };
  }

  /** New settings (a technician's change) from the next call on; calls under way finish on the old connection. */
  reconfigure(config: VistaClientConfig): void {
    const old = this.agent;
    this.config = config;
    this.agent = centralAgent(config);
    void old.close();
    this.link.forget();
  }

  async getBooking(bookingNumber: number): Promise<CentralBooking | null> {
    const booking = await this.singleBooking(bookingNumber);
    return booking === null ? null : mapBooking(booking);
  }

  async getBookingStatus(bookingNumber: number): Promise<CentralBookingStatus | null> {
    const booking = await this.singleBooking(bookingNumber);
    return booking === null ? null : mapBookingStatus(booking);
  }

  private async singleBooking(bookingNumber: number): Promise<unknown> {
    const body = await this.getSingleBooking(bookingNumber);
    const code = resultCode(body);
    if (code === VistaCode.BookingDoesNotExist) return null;
    if (code !== VistaCode.Ok) throw rejected('GetSingleBooking', code, body);
    return body.Booking;
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

  /**
   * RefundBooking as seed 003 §3.12 gives it: `MarkAsRefundedOnly` always true (a third party's),
   * `PaymentInfo` as at CompleteOrder: ours when the sale was made here, else the booking's one
   * `Payments` line read now. `TicketSequenceNumbers` (our extension) only where central takes it.
   */
  async refundBooking(r: RefundBookingRequest): Promise<'refunded' | 'already-refunded'> {
    const payment = r.payment ?? (await this.paymentOf(r.bookingNumber));
    const body = await this.post('RESTBooking.svc/booking/refund', {
      CinemaId: this.config.cinemaId,
      BookingNumber: r.bookingNumber,
      ...(this.config.partialRefunds ? { TicketSequenceNumbers: r.ticketSequenceNumbers } : {}),
      RefundReason: r.reason.slice(0, 400),
      RefundAmount: r.amountCents,
      RefundBookingFee: r.refundBookingFee,
      RefundConcessions: true,
      MarkAsRefundedOnly: true,
      PaymentInfo: {
        CardNumber: payment.cardNumber,
        CardType: payment.cardType,
        PaymentValueCents: payment.valueCents,
        PaymentTenderCategory: payment.tenderCategory,
      },
      OptionalClientId: this.config.optionalClientId,
    });
    const code = resultCode(body);
    if (code === VistaCode.Ok) return 'refunded';
    if (code === VistaCode.OrderHasBeenRefunded) return 'already-refunded';
    throw rejected('RefundBooking', code, body);
  }

  /**
   * The one payment of another channel's booking, from GetSingleBooking's `Payments` alone (a booking
   * whose tickets lack our extended fields still names its payment); §3.12's PaymentInfo holds one, so
   * none or several cannot be sent.
   */
  private async paymentOf(bookingNumber: number): Promise<CentralPayment> {
    const body = await this.getSingleBooking(bookingNumber);
    const code = resultCode(body);
    if (code !== VistaCode.Ok) throw rejected('GetSingleBooking', code, body);
    const payments = paymentsOf((body.Booking as Record<string, unknown> | null)?.Payments);
    if (payments === null)
      throw new CentralError('no-payment-info', `RefundBooking not sent: the Payments of booking ${bookingNumber} are unreadable`);
    if (payments.length !== 1)
      throw new CentralError(
        'no-payment-info',
        `RefundBooking not sent: GetSingleBooking lists ${payments.length} Payments for booking ${bookingNumber}, and PaymentInfo names exactly one`,
      );
    return payments[0]!;
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  /** What the last calls saw: for /healthz. Null until the first call. */
  health(): LinkHealthReport {
    return this.link.report();
  }

  /** GetSingleBooking (seed §3.11) by booking number: the answer as central gave it. */
  private getSingleBooking(bookingNumber: number): Promise<Record<string, unknown>> {
    return this.post('RESTBooking.svc/booking', {
      ReturnTransactionStatusInfoIfSingleBookingMatch: true,
      BookingNumber: bookingNumber,
      CinemaId: this.config.cinemaId,
      OptionalClientId: this.config.optionalClientId,
    });
  }

  private post(path: string, payload: unknown): Promise<Record<string, unknown>> {
    return this.link.track(() => this.send(path, payload));
  }

  private async send(path: string, payload: unknown): Promise<Record<string, unknown>> {
    let response;
    let text: string;
    // The benches' marks: from here to the answer (or its failure) the host waits on central.
    timingMark('central.sent');
    try {
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
      try {
        text = await response.body.text();
      } catch (error) {
        throw transportError(path, error);
      }
    } finally {
      timingMark('central.answered');
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

/** Only the members seed 003 §3.11 shows: what a real Vista answers every third party. */
function mapBookingStatus(raw: unknown): CentralBookingStatus {
  const b = raw as Record<string, unknown> | null;
  if (!b || !Array.isArray(b.Tickets)) throw new CentralError('malformed', 'GetSingleBooking: Booking has no Tickets');
  const tickets = b.Tickets.map((t: Record<string, unknown>) => {
    const date = parseVistaDate(String(t.SessionDateTime ?? ''));
    if (!date) throw new CentralError('malformed', `GetSingleBooking: bad SessionDateTime ${nameOf(t.SessionDateTime).slice(0, 40)}`);
    const sequence = Number(t.TicketSequenceNumber);
    if (!Number.isSafeInteger(sequence) || sequence < 1) throw new CentralError('malformed', 'GetSingleBooking: bad TicketSequenceNumber');
    return {
      sequence,
      filmTitle: nameOf(t.MovieName),
      priceCents: Number(t.PriceInCents ?? 0),
      sessionAt: toIsoWithOffset(date),
      sessionEpochMs: date.epochMs,
      collected: flag(t.CollectedStatus),
      refunded: flag(t.RefundedStatus),
    };
  });
  const bookingId = String(b.BookingId ?? '');
  if (!/^[\x21-\x7e]{1,50}$/u.test(bookingId)) throw new CentralError('malformed', 'GetSingleBooking: BookingId missing or not printable');
  return {
    bookingNumber: Number(b.BookingNumber),
    bookingId,
    cinemaId: String(b.CinemaId ?? ''),
    cinemaName: nameOf(b.CinemaName),
    cancelled: String(b.CancelledStatus ?? '0') === '1',
    payments: paymentsOf(b.Payments),
    tickets: tickets.sort((x, y) => x.sequence - y.sequence),
  };
}

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
    payments: paymentsOf(b.Payments),
  };
}

const CARD_FIELD = /^[\x20-\x7e]{0,64}$/u;

/**
 * `Payments` (seed 003 §3.11 lists it without its members): we take them to be §3.12's `PaymentInfo`
 * fields (`CardNumber`, `CardType`, `PaymentValueCents`, `PaymentTenderCategory`), which RefundBooking
 * must send back "as at CompleteOrder". Unreadable (a line without them, or with control bytes) is
 * null: collecting tickets does not need it, only a refund, which then is not sent.
 */
function paymentsOf(raw: unknown): CentralPayment[] | null {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return null;
  const lines: CentralPayment[] = [];
  for (const p of raw as (Record<string, unknown> | null)[]) {
    const fields = [p?.CardNumber, p?.CardType, p?.PaymentTenderCategory];
    const value = p?.PaymentValueCents;
    if (!fields.every((f) => typeof f === 'string' && CARD_FIELD.test(f)) || !Number.isSafeInteger(value) || (value as number) < 0)
      return null;
    lines.push({
      cardNumber: p!.CardNumber as string,
      cardType: p!.CardType as string,
      valueCents: value as number,
      tenderCategory: p!.PaymentTenderCategory as string,
    });
  }
  return lines;
}
