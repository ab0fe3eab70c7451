import type { SeatPlan } from '../../../shared/domain/seat-plan';
import type { TicketTypeMarks } from '../../../shared/domain/ticket-type';

/**
 * The central system's sale side (seed 003 §3.1–§3.7) as the core needs it, in the core's own words.
 * The Vista adapter (vista-sale.client.ts) is the one place that knows paths, field names and codes;
 * failures are the same CentralError kinds as central-api.ts.
 */
export interface SaleCinema {
  cinemaId: string;
  name: string;
}

export interface SaleSession {
  sessionId: string;
  filmId: string;
  /** ISO 8601 with the cinema's offset. */
  startsAt: string;
  startsEpochMs: number;
  screenName: string;
  screenNumber: number | null;
  attributes: string[];
}

export interface SaleFilm {
  filmId: string;
  title: string;
  runtimeMinutes: number | null;
  sessions: SaleSession[];
}

export interface SaleTicketType {
  ticketTypeCode: string;
  description: string;
  /** Central's name in its other language (`DescriptionAlt`); empty when it gives none. */
  descriptionAlt?: string;
  priceCents: number;
  areaCategoryCode: string;
  /** What central flags about the type (voucher, package, loyalty…): who may buy it (shared/domain/ticket-type.ts). */
  marks?: TicketTypeMarks;
}

/** A seat plan, or why there is none: `sold-out` (67: marked sold out or the hall reserved), `not-found` (4). */
export type SeatPlanAnswer = { kind: 'plan'; plan: SeatPlan } | { kind: 'sold-out' } | { kind: 'not-found' };

export interface AddTicketsRequest {
  /** Our order's id at central: one per order, the same for every call of it. */
  userSessionId: string;
  sessionId: string;
  tickets: { ticketTypeCode: string; qty: number; priceCents: number }[];
  seats: { areaCategoryCode: string; areaNumber: number; rowIndex: number; columnIndex: number }[];
}

/** AddTickets' answer: held (central's totals), or a refusal the customer must hear about. */
export type AddTicketsAnswer =
  | { kind: 'held'; totalCents: number; bookingFeeCents: number; ticketCount: number }
  /** Result 8: a seat is no longer available (taken, or the session stopped selling). */
  | { kind: 'seats-unavailable'; message: string }
  /** Result 4 naming a ticket price: our price is not central's. */
  | { kind: 'price-mismatch'; message: string }
  /** Any other non-zero Result: nothing is held. */
  | { kind: 'refused'; code: number; message: string };

/** GetOrder: `open` (AddTickets done, CompleteOrder not called), `completed` (CinemaId null), `unknown` (no such order). */
export type OrderAtCentral = { kind: 'open'; totalCents: number } | { kind: 'completed' } | { kind: 'unknown' };

export interface SaleCentral {
  /** OData Cinemas: this cinema's entry (null when central does not list it). */
  cinema(): Promise<SaleCinema | null>;
  /** OData GetNowShowingScheduledFilms of this cinema with its sessions (`$expand=Sessions/Attributes`). */
  nowShowing(): Promise<SaleFilm[]>;
  /** RESTData GetTicketsForSession. */
  ticketTypes(sessionId: string): Promise<SaleTicketType[]>;
  /** RESTData GetSessionSeatPlan. */
  seatPlan(sessionId: string): Promise<SeatPlanAnswer>;
  /** RESTTicketing AddTickets: holds the seats for the order (again: replaces them). */
  addTickets(request: AddTicketsRequest): Promise<AddTicketsAnswer>;
  /** RESTTicketing GetOrder. */
  getOrder(userSessionId: string): Promise<OrderAtCentral>;
  /** RESTTicketing CancelOrder: resolves when central confirms (Result 0); throws CentralError otherwise. */
  cancelOrder(userSessionId: string): Promise<void>;
}

/** CompleteOrder's `PaymentInfo` (seed §3.9): the card values as the cinema told us, the amount AddTickets' total. */
export interface CompletionPayment {
  cardNumber: string;
  cardType: string;
  tenderCategory: string;
  valueCents: number;
}

/** A booking central made of our order: `bookingId` is the 取票码, `bookingNumber` the 验证码 (seed §3.9). */
export interface CompletedBooking {
  bookingId: string;
  bookingNumber: number;
  /** VistaTransNumber (reported to SARFT); null when central's answer does not carry it (QueryOrderBookingStatus). */
  transNumber: string | null;
}

/** StartExternalPayment: `started`, or central's non-zero Result. */
export type StartPaymentAnswer = { kind: 'started' } | { kind: 'refused'; code: number; message: string };

/** CompleteOrder: the booking, or central's non-zero Result (seed §2.2 then reads GetOrder). */
export type CompleteOrderAnswer = ({ kind: 'completed' } & CompletedBooking) | { kind: 'refused'; code: number; message: string };

/** QueryOrderBookingStatus: 0 `exists` with the booking, 47 `not-found`. */
export type BookingStatusAnswer = ({ kind: 'exists'; totalCents: number } & CompletedBooking) | { kind: 'not-found' };

/** The completion calls of seed §3.8–§3.10; each throws CentralError when the answer is lost or not Vista's. */
export interface SaleCompletionCentral {
  /** RESTTicketing StartExternalPayment, before CompleteOrder (seed §3.8). */
  startExternalPayment(userSessionId: string): Promise<StartPaymentAnswer>;
  /** RESTTicketing CompleteOrder with `PerformPayment: false` (seed §3.9). */
  completeOrder(userSessionId: string, payment: CompletionPayment): Promise<CompleteOrderAnswer>;
  /** RESTTicketing QueryOrderBookingStatus (seed §3.10). */
  queryBookingStatus(userSessionId: string): Promise<BookingStatusAnswer>;
  /** RESTTicketing GetOrder's two shapes (seed §3.6). */
  getOrder(userSessionId: string): Promise<OrderAtCentral>;
  /** RESTTicketing CancelOrder; throws CentralError unless central confirms. */
  cancelOrder(userSessionId: string): Promise<void>;
  /**
   * RESTBooking RefundBooking of a whole booking our CompleteOrder made (seed §2.2's last step, §3.12):
   * `MarkAsRefundedOnly: true`, the booking fee too, `PaymentInfo` as given at CompleteOrder.
   * `already-refunded` for 63; throws CentralError otherwise.
   */
  refundCompletedBooking(request: {
    bookingNumber: number;
    payment: CompletionPayment;
    reason: string;
  }): Promise<'refunded' | 'already-refunded'>;
}
