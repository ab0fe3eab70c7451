/**
 * Vista Connect's sale calls over HTTP (seed 003 §3.1–§3.7): the only place that knows their paths,
 * field names and codes. Assumptions beyond the seed, each kept here (and listed in electron/README.md):
 * - GetNowShowingScheduledFilms' `Showtime` is the cinema's wall-clock time without an offset
 *   (`2016-10-19T10:30:00`, as in the seed's example); a `/Date(…)/` value is read too.
 * - A seat plan's `PhysicalName` and seat `Id` may carry the `排`/`座` suffix or not; `SeatStyle` and
 *   `Status` may come as numbers (the seed's table) or as Vista's names (`SofaLeft`, …). A status
 *   code the seed does not list is not for sale (`blocked`).
 * - Result 4 from AddTickets whose text names a ticket price is the seed's price mismatch.
 * - GetOrder or CancelOrder answering 62 (OrderDoesNotExist): central holds nothing for that order,
 *   so a cancel is done.
 * - CancelOrder of an order already cancelled answers 0 (idempotent), so the outbox may repeat it.
 * - Ticket types (§3.3) may carry Vista's flags beyond the seed's sample: `IsPackageTicket`,
 *   `IsRedemptionTicket`, `IsComplimentaryTicket`, `IsAvailableAsLoyaltyRecognitionOnly` or a non-empty
 *   `LoyaltyRecognitionId`, `IsThirdPartyMemberTicket` or a non-empty `ThirdPartyMembershipName`. Each
 *   makes the type one a walk-up customer may not buy (shared/domain/ticket-type.ts decides). The seed's
 *   sample has none of them, and its `SalesChannels` is no mark (its voucher types list the same channels
 *   a standard type may), so on the seed's data the type's name decides: `webTicket 测试用代金券` is a
 *   voucher. A missing flag is "not said", never "for sale to anyone".
 * - `DescriptionAlt` of a ticket type (beyond §3.3's sample) and of a seat-plan area (§3.4), when not
 *   empty, is central's name in English: the English screens show it; otherwise they show central's own
 *   name as it is (never a translation of ours). Halls (`ScreenName`) and session attributes have no
 *   alternative in §3.2 and are shown as central gives them in both languages.
 * - CompleteOrder's `VistaBookingNumber` (the 验证码) is a whole number, sent as a string or a number
 *   (the seed's example writes a string, its table says int); a Result 0 without a booking id and a
 *   whole booking number is not Vista's answer (malformed: the outcome is unknown, the §2.2 tree runs).
 * - QueryOrderBookingStatus's `ClientId` is our OptionalClientId (the seed names it 第三方登录信息).
 */
import { type Agent, request } from 'undici';
import { printableText } from '../../../shared/domain/text';
import {
  physicalSeatName,
  type PlanArea,
  type PlanSeat,
  type SeatPlan,
  type SeatStatus,
  type SofaPart,
} from '../../../shared/domain/seat-plan';
import type { TicketTypeMarks } from '../../../shared/domain/ticket-type';
import { timingMark } from '../observability/timing-marks';
import { CentralError } from './central-api';
import { centralAgent } from './central-link';
import { VistaCode } from './response-codes';
import { parseVistaDate, toIsoWithOffset } from './vista-date';
import { rejected, resultCode, transportError } from './vista-http.client';
import type {
  AddTicketsAnswer,
  AddTicketsRequest,
  BookingStatusAnswer,
  CompleteOrderAnswer,
  CompletedBooking,
  CompletionPayment,
  OrderAtCentral,
  SaleCompletionCentral,
  SaleCentral,
  SaleCinema,
  SaleFilm,
  SaleSession,
  SaleTicketType,
  SeatPlanAnswer,
  StartPaymentAnswer,
} from './sale-api';

export interface VistaSaleConfig {
  /** e.g. `http://host/WSVistaWebClient` */
  baseUrl: string;
  connectApiToken: string;
  cinemaId: string;
  optionalClientClass: string;
  optionalClientId: string;
  optionalClientName: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** Minutes east of UTC of the cinema's wall clock (sessions' Showtime has no offset). */
  cinemaOffsetMinutes: number;
}

type Json = Record<string, unknown>;

const SEAT_STATUS: Readonly<Record<string, SeatStatus>> = {
  '0': 'free',
  '1': 'sold',
  '2': 'reserved',
  '3': 'wheelchair',
  '5': 'broken',
  '7': 'blocked',
  Empty: 'free',
  Sold: 'sold',
  Reserved: 'reserved',
  Special: 'wheelchair',
  Broken: 'broken',
  House: 'blocked',
};
const SOFA: Readonly<Record<string, SofaPart>> = {
  '1': 'left',
  '2': 'middle',
  '3': 'right',
  SofaLeft: 'left',
  SofaMiddle: 'middle',
  SofaRight: 'right',
};
const ODATA_FILM_FIELDS =
  'ScheduledFilmId,Title,RunTime,ShortCode,Sessions/SessionId,Sessions/Showtime,Sessions/Attributes/Description,Sessions/ScreenNumber,Sessions/ScreenName';

/** A name central supplies: shown and logged, so never with control characters. */
const nameOf = (value: unknown): string => printableText(String(value ?? '')).slice(0, 255);
const idOf = (value: unknown): string => String(value ?? '').trim();

export class VistaSaleClient implements SaleCentral, SaleCompletionCentral {
  private agent: Agent;

  constructor(private config: VistaSaleConfig) {
    this.agent = centralAgent(config);
  }

  /** New settings (a technician's change) from the next call on. */
  reconfigure(config: VistaSaleConfig): void {
    const old = this.agent;
    this.config = config;
    this.agent = centralAgent(config);
    void old.close();
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  async cinema(): Promise<SaleCinema | null> {
    const body = await this.get('OData.svc/Cinemas?$format=json&$select=ID,CinemaNationalId,Name,PhoneNumber,EmailAddress,City');
    const mine = odataRows(body).find((c) => idOf(c.ID) === this.config.cinemaId);
    return mine ? { cinemaId: idOf(mine.ID), name: nameOf(mine.Name) } : null;
  }

  async nowShowing(): Promise<SaleFilm[]> {
    const query = `$format=json&cinemaId=${encodeURIComponent(`'${this.config.cinemaId}'`)}&$expand=Sessions/Attributes&$select=${ODATA_FILM_FIELDS}`;
    const body = await this.get(`OData.svc/GetNowShowingScheduledFilms?${query}`);
    return odataRows(body).map((film) => {
      const filmId = idOf(film.ScheduledFilmId);
      const runtime = Number.parseInt(String(film.RunTime ?? ''), 10);
      const sessions = Array.isArray(film.Sessions) ? (film.Sessions as Json[]) : [];
      return {
        filmId,
        title: nameOf(film.Title),
        runtimeMinutes: Number.isFinite(runtime) ? runtime : null,
        sessions: sessions.map((s) => this.session(filmId, s)).filter((s): s is SaleSession => s !== null),
      };
    });
  }

  async ticketTypes(sessionId: string): Promise<SaleTicketType[]> {
    const body = await this.get(`RESTData.svc/cinemas/${this.cinemaPath()}/sessions/${encodeURIComponent(sessionId)}/tickets`);
    const code = resultCode(body);
    if (code !== VistaCode.Ok) throw rejected('GetTicketsForSession', code, body);
    const tickets = Array.isArray(body.Tickets) ? (body.Tickets as Json[]) : [];
    return tickets.map((t) => ({
      ticketTypeCode: idOf(t.TicketTypeCode),
      description: nameOf(t.Description),
      descriptionAlt: nameOf(t.DescriptionAlt).trim(),
      priceCents: integer(t.PriceInCents, 'GetTicketsForSession: PriceInCents'),
      areaCategoryCode: idOf(t.AreaCategoryCode),
      marks: ticketMarks(t),
    }));
  }

  async seatPlan(sessionId: string): Promise<SeatPlanAnswer> {
    const body = await this.get(`RESTData.svc/cinemas/${this.cinemaPath()}/sessions/${encodeURIComponent(sessionId)}/seat-plan`);
    const code = resultCode(body);
    if (code === VistaCode.SeatMapRequestedForSoldOutSession) return { kind: 'sold-out' };
    if (code === VistaCode.InvalidRequestData) return { kind: 'not-found' };
    if (code !== VistaCode.Ok) throw rejected('GetSessionSeatPlan', code, body);
    const layout = body.SeatLayoutData as Json | null | undefined;
    if (!layout || !Array.isArray(layout.Areas)) throw new CentralError('malformed', 'GetSessionSeatPlan: no SeatLayoutData.Areas');
    const plan: SeatPlan = { sessionId, screenSide: 'bottom', areas: (layout.Areas as Json[]).map(mapArea) };
    return { kind: 'plan', plan };
  }

  async addTickets(r: AddTicketsRequest): Promise<AddTicketsAnswer> {
    const body = await this.post('RESTTicketing.svc/order/tickets', {
      UserSessionId: r.userSessionId,
      CinemaId: this.config.cinemaId,
      SessionId: r.sessionId,
      TicketTypes: r.tickets.map((t) => ({
        TicketTypeCode: t.ticketTypeCode,
        Qty: t.qty,
        PriceInCents: t.priceCents,
        BookingFeeOverride: null,
      })),
      ReturnOrder: true,
      BookingFeeOverride: null,
      SelectedSeats: r.seats.map((s) => ({
        AreaCategoryCode: s.areaCategoryCode,
        AreaNumber: s.areaNumber,
        RowIndex: s.rowIndex,
        ColumnIndex: s.columnIndex,
      })),
      ...this.clientIdentity(),
    });
    const code = resultCode(body);
    const message = typeof body.ErrorDescription === 'string' ? printableText(body.ErrorDescription.slice(0, 400)) : '';
    if (code === VistaCode.SeatsUnavailable) return { kind: 'seats-unavailable', message };
    if (code === VistaCode.InvalidRequestData && /price/iu.test(message)) return { kind: 'price-mismatch', message };
    if (code !== VistaCode.Ok) {
      if (code === -1) throw rejected('AddTickets', code, body);
      return { kind: 'refused', code, message };
    }
    const order = body.Order as Json | null | undefined;
    if (!order) throw new CentralError('malformed', 'AddTickets: Result 0 without Order');
    return {
      kind: 'held',
      totalCents: integer(order.TotalValueCents, 'AddTickets: TotalValueCents'),
      bookingFeeCents: Number.isInteger(order.BookingFeeValueCents) ? (order.BookingFeeValueCents as number) : 0,
      ticketCount: Number.isInteger(order.TotalOrderCount) ? (order.TotalOrderCount as number) : 0,
    };
  }

  async getOrder(userSessionId: string): Promise<OrderAtCentral> {
    const body = await this.post('RESTTicketing.svc/order', { UserSessionId: userSessionId, ...this.clientIdentity() });
    const code = resultCode(body);
    if (code === VistaCode.OrderDoesNotExist) return { kind: 'unknown' };
    if (code !== VistaCode.Ok) throw rejected('GetOrder', code, body);
    const order = body.Order as Json | null | undefined;
    if (!order) return { kind: 'unknown' };
    // Seed §3.6: CinemaId null once CompleteOrder was called.
    if (order.CinemaId === null || order.CinemaId === undefined) return { kind: 'completed' };
    return { kind: 'open', totalCents: Number.isInteger(order.TotalValueCents) ? (order.TotalValueCents as number) : 0 };
  }

  async cancelOrder(userSessionId: string): Promise<void> {
    const body = await this.post('RESTTicketing.svc/order/cancel', { UserSessionId: userSessionId, ...this.clientIdentity() });
    const code = resultCode(body);
    if (code === VistaCode.Ok || code === VistaCode.OrderDoesNotExist) return;
    throw rejected('CancelOrder', code, body);
  }

  async startExternalPayment(userSessionId: string): Promise<StartPaymentAnswer> {
    const body = await this.post('RESTTicketing.svc/order/startexternalpayment', {
      UserSessionId: userSessionId,
      ...this.clientIdentity(),
    });
    const code = resultCode(body);
    if (code === VistaCode.Ok) return { kind: 'started' };
    if (code === -1) throw rejected('StartExternalPayment', code, body);
    return { kind: 'refused', code, message: describe(body) };
  }

  async completeOrder(userSessionId: string, payment: CompletionPayment): Promise<CompleteOrderAnswer> {
    const body = await this.post('RESTTicketing.svc/order/payment', {
      UserSessionId: userSessionId,
      PaymentInfo: {
        CardNumber: payment.cardNumber,
        CardType: payment.cardType,
        PaymentValueCents: payment.valueCents,
        PaymentTenderCategory: payment.tenderCategory,
      },
      // Seed §3.9: a third party always sends false (the money was taken outside Vista).
      PerformPayment: false,
      CustomerPhone: '',
      CustomerEmail: '',
      CustomerName: '',
      ...this.clientIdentity(),
    });
    const code = resultCode(body);
    if (code === -1) throw rejected('CompleteOrder', code, body);
    if (code !== VistaCode.Ok) return { kind: 'refused', code, message: describe(body) };
    return { kind: 'completed', ...bookingOf(body, 'CompleteOrder'), transNumber: optionalText(body.VistaTransNumber) };
  }

  async queryBookingStatus(userSessionId: string): Promise<BookingStatusAnswer> {
    const body = await this.post('RESTTicketing.svc/order/query-booking-status', {
      UserSessionId: userSessionId,
      ClientId: this.config.optionalClientId,
    });
    const code = resultCode(body);
    if (code === VistaCode.BookingDoesNotExist) return { kind: 'not-found' };
    if (code !== VistaCode.Ok) throw rejected('QueryOrderBookingStatus', code, body);
    const summary = body.OrderSummary as Json | null | undefined;
    if (!summary) throw new CentralError('malformed', 'QueryOrderBookingStatus: 0 without OrderSummary');
    return {
      kind: 'exists',
      ...bookingOf(summary, 'QueryOrderBookingStatus'),
      transNumber: null,
      totalCents: Number.isInteger(summary.TotalValueCents) ? (summary.TotalValueCents as number) : 0,
    };
  }

  async refundCompletedBooking(r: {
    bookingNumber: number;
    payment: CompletionPayment;
    reason: string;
  }): Promise<'refunded' | 'already-refunded'> {
    const body = await this.post('RESTBooking.svc/booking/refund', {
      CinemaId: this.config.cinemaId,
      BookingNumber: r.bookingNumber,
      RefundReason: printableText(r.reason).slice(0, 400),
      RefundAmount: r.payment.valueCents,
      RefundBookingFee: true,
      RefundConcessions: true,
      // Seed §3.12: always true for a third party (the money goes back through our own provider).
      MarkAsRefundedOnly: true,
      PaymentInfo: {
        CardNumber: r.payment.cardNumber,
        CardType: r.payment.cardType,
        PaymentValueCents: r.payment.valueCents,
        PaymentTenderCategory: r.payment.tenderCategory,
      },
      OptionalClientId: this.config.optionalClientId,
    });
    const code = resultCode(body);
    if (code === VistaCode.Ok) return 'refunded';
    if (code === VistaCode.OrderHasBeenRefunded) return 'already-refunded';
    throw rejected('RefundBooking', code, body);
  }

  private session(filmId: string, s: Json): SaleSession | null {
    const when = this.showtime(s.Showtime);
    const sessionId = idOf(s.SessionId);
    if (!when || !sessionId) return null;
    const screenNumber = Number(s.ScreenNumber);
    const attributes = Array.isArray(s.Attributes) ? (s.Attributes as Json[]).map((a) => nameOf(a.Description)).filter(Boolean) : [];
    return {
      sessionId,
      filmId,
      startsAt: when.iso,
      startsEpochMs: when.epochMs,
      screenName: nameOf(s.ScreenName),
      screenNumber: Number.isInteger(screenNumber) ? screenNumber : null,
      attributes,
    };
  }

  /** `2016-10-19T10:30:00` in the cinema's time, or a `/Date(…)/`. */
  private showtime(raw: unknown): { epochMs: number; iso: string } | null {
    const text = String(raw ?? '');
    const vista = parseVistaDate(text);
    if (vista) return { epochMs: vista.epochMs, iso: toIsoWithOffset(vista) };
    const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)/u.exec(text);
    if (!m) return null;
    const offsetMinutes = this.config.cinemaOffsetMinutes;
    const epochMs = Date.parse(`${m[1]}Z`) - offsetMinutes * 60_000;
    if (!Number.isFinite(epochMs)) return null;
    return { epochMs, iso: toIsoWithOffset({ epochMs, offsetMinutes }) };
  }

  private cinemaPath(): string {
    return encodeURIComponent(this.config.cinemaId);
  }

  private clientIdentity() {
    return {
      OptionalClientClass: this.config.optionalClientClass,
      OptionalClientId: this.config.optionalClientId,
      OptionalClientName: this.config.optionalClientName,
    };
  }

  private get(path: string): Promise<Json> {
    return this.send('GET', path);
  }

  private post(path: string, payload: unknown): Promise<Json> {
    return this.send('POST', path, JSON.stringify(payload));
  }

  private async send(method: 'GET' | 'POST', path: string, body?: string): Promise<Json> {
    const name = path.split('?')[0]!;
    let response;
    let text: string;
    // The sale bench's marks: from here to the answer (or its failure) the host waits on central.
    timingMark('central.sent');
    try {
      response = await request(`${this.config.baseUrl}/${path}`, {
        method,
        dispatcher: this.agent,
        headers: {
          accept: 'application/json',
          connectapitoken: this.config.connectApiToken,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body } : {}),
        signal: AbortSignal.timeout(this.config.requestTimeoutMs),
      });
      text = await response.body.text();
    } catch (error) {
      throw transportError(name, error);
    } finally {
      timingMark('central.answered');
    }
    if (response.statusCode >= 500) throw new CentralError('unknown-outcome', `${name}: HTTP ${response.statusCode}`);
    if (response.statusCode === 401 || response.statusCode === 403) throw new CentralError('rejected', `${name}: connectapitoken refused`);
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return { value: parsed };
      if (parsed && typeof parsed === 'object') return parsed as Json;
    } catch {
      // fall through
    }
    throw new CentralError('malformed', `${name}: HTTP ${response.statusCode} with a body that is not JSON`);
  }
}

/** OData's list: `{value: [...]}` (JSON light), `{d: {results: [...]}}` (verbose) or a single object (the seed's example). */
function odataRows(body: Json): Json[] {
  if (Array.isArray(body.value)) return body.value as Json[];
  const d = body.d as Json | Json[] | undefined;
  if (Array.isArray(d)) return d;
  if (d && Array.isArray(d.results)) return d.results as Json[];
  if (body.ID !== undefined || body.ScheduledFilmId !== undefined) return [body];
  throw new CentralError('malformed', 'OData: no list in the answer');
}

/** Vista's flags of a ticket type that restrict who may buy it (see the assumptions above); only the flags set are kept. */
function ticketMarks(t: Json): TicketTypeMarks {
  const flag = (value: unknown) => value === true || value === 'true' || value === 1;
  const named = (value: unknown) => value !== null && value !== undefined && String(value).trim() !== '' && String(value).trim() !== '0';
  const marks: TicketTypeMarks = {};
  if (flag(t.IsPackageTicket)) marks.package = true;
  if (flag(t.IsRedemptionTicket)) marks.redemption = true;
  if (flag(t.IsComplimentaryTicket)) marks.complimentary = true;
  if (flag(t.IsAvailableAsLoyaltyRecognitionOnly) || named(t.LoyaltyRecognitionId)) marks.loyalty = true;
  if (flag(t.IsThirdPartyMemberTicket) || named(t.ThirdPartyMembershipName)) marks.thirdParty = true;
  return marks;
}

/** Central's ErrorDescription (or ResponseDescription), printable and short: it reaches logs and the audit. */
const describe = (body: Json): string => {
  const text = body.ErrorDescription ?? body.ResponseDescription;
  return typeof text === 'string' ? printableText(text.slice(0, 400)) : '';
};

const optionalText = (value: unknown): string | null =>
  (typeof value === 'string' || typeof value === 'number') && /^[\x21-\x7e]{1,32}$/u.test(String(value)) ? String(value) : null;

/** The booking's 取票码 and 验证码 from an answer that must carry them. */
function bookingOf(body: Json, call: string): Omit<CompletedBooking, 'transNumber'> {
  const bookingId = optionalText(body.VistaBookingId);
  const bookingNumber = integer(body.VistaBookingNumber, `${call}: VistaBookingNumber`);
  if (!bookingId || bookingNumber <= 0) throw new CentralError('malformed', `${call}: no booking in the answer`);
  return { bookingId, bookingNumber };
}

function integer(value: unknown, what: string): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new CentralError('malformed', `${what} is not an integer`);
  return n;
}

const stripSuffix = (value: unknown, suffix: string): string =>
  nameOf(value)
    .trim()
    .replace(new RegExp(`${suffix}$`, 'u'), '');

function mapArea(a: Json, index: number): PlanArea {
  const areaNumber = Number.isInteger(a.Number) ? (a.Number as number) : index + 1;
  const areaCategoryCode = idOf(a.AreaCategoryCode);
  const rawRows = Array.isArray(a.Rows) ? (a.Rows as Json[]) : [];
  const rows = rawRows.map((row, rowPosition) => {
    const rowName = stripSuffix(row.PhysicalName, '排');
    const seats = (Array.isArray(row.Seats) ? (row.Seats as Json[]) : []).map((seat): PlanSeat => {
      const position = (seat.Position ?? {}) as Json;
      const seatId = stripSuffix(seat.Id, '座');
      return {
        areaNumber: Number.isInteger(position.AreaNumber) ? (position.AreaNumber as number) : areaNumber,
        rowIndex: Number.isInteger(position.RowIndex) ? (position.RowIndex as number) : rowPosition,
        columnIndex: integer(position.ColumnIndex, 'GetSessionSeatPlan: ColumnIndex'),
        seatId,
        rowName,
        name: physicalSeatName(rowName, seatId),
        status: SEAT_STATUS[String(seat.Status)] ?? 'blocked',
        sofa: SOFA[String(seat.SeatStyle)] ?? null,
        areaCategoryCode,
      };
    });
    return { rowIndex: seats[0]?.rowIndex ?? rowPosition, rowName, seats };
  });
  return {
    areaNumber,
    areaCategoryCode,
    description: nameOf(a.Description),
    descriptionAlt: nameOf(a.DescriptionAlt).trim(),
    rowCount: Number.isInteger(a.RowCount) ? (a.RowCount as number) : rows.length,
    columnCount: Number.isInteger(a.ColumnCount) ? (a.ColumnCount as number) : 0,
    top: Number.isInteger(a.Top) ? (a.Top as number) : 0,
    left: Number.isInteger(a.Left) ? (a.Left as number) : 0,
    rows,
  };
}
