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
