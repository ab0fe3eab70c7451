import { vistaDate, type SaleReply } from './catalogue.routes';
import { physicalName, type SeatPosition, type SimOrder, type TicketRequest } from './order-rules';
import type { AddTicketsRequest, SimSale } from './sale-state';

/**
 * RESTTicketing calls of seed 003 §3.5–§3.7: AddTickets, GetOrder, CancelOrder.
 *
 * Our assumptions beyond the seed (./README.md):
 * - Every call must carry the client information the cinema mailed (`OptionalClientClass`,
 *   `OptionalClientId` equal to the cinema's ClientId, `OptionalClientName`): the seed marks them
 *   not nullable and says booking needs matching client information (§1). Missing or wrong: Result 4.
 * - An order's tickets carry `TicketTypeCode`, `Description`, `PriceCents`, `BookingFeeCents`,
 *   `AreaCategoryCode`, `SeatAreaNumber`, `SeatRowIndex`, `SeatColumnIndex`, `SeatRowId`,
 *   `SeatNumber`, `SeatData` (the seed shows `"Tickets":[{}]`).
 * - GetOrder of an order no longer open (completed, cancelled, expired or never made) answers the
 *   emptied order (`CinemaId` null), as a Vista web session does once its order is gone.
 * - CancelOrder is idempotent: an order already cancelled, expired or unknown answers Result 0
 *   (nothing stays held); a completed order answers 56, so the seed's flow goes on to RefundBooking.
 * - Past the sale cut-off and on a session marked sold out, AddTickets answers Result 8: the seed's
 *   §2.2 flow checks the cut-off after a Result 8.
 */
type Body = Record<string, unknown>;

export function addTickets(sale: SimSale, body: Body, clientId: string): SaleReply {
  const refuse = (result: number, error: string) =>
    reply({ ErrorDescription: error, Result: result, AvailableSeats: 0, ExtendedResultCode: 0, Order: null });
  const client = checkClient(body, clientId);
  if (client) return refuse(4, client);
  const parsed = parseAddTickets(sale, body);
  if (typeof parsed === 'string') return refuse(4, parsed);
  const outcome = sale.addTickets(parsed);
  const available = sale.availableSeatCount(parsed.session);
  if (!outcome.ok) {
    return reply({
      ErrorDescription: outcome.error,
      Result: outcome.result,
      AvailableSeats: available,
      ExtendedResultCode: 0,
      Order: null,
    });
  }
  return reply({
    ErrorDescription: null,
    Result: 0,
    AvailableSeats: available,
    ExtendedResultCode: 0,
    Order: body.ReturnOrder === true ? orderJson(sale, outcome.value) : null,
  });
}

export function getOrder(sale: SimSale, body: Body, clientId: string): SaleReply {
  const problem = checkUserSessionId(body.UserSessionId) ?? checkClient(body, clientId);
  if (problem) return reply({ ErrorDescription: problem, Order: null, Result: 4 });
  const userSessionId = body.UserSessionId as string;
  const order = sale.getOrder(userSessionId);
  const json = order?.state === 'held' ? orderJson(sale, order) : emptiedOrder(userSessionId, order?.lastUpdatedMs ?? sale.now());
  return reply({ Order: json, Result: 0 });
}

export function cancelOrder(sale: SimSale, body: Body, clientId: string): SaleReply {
  const problem = checkUserSessionId(body.UserSessionId) ?? checkClient(body, clientId);
  if (problem) return reply({ ErrorDescription: problem, Result: 4 });
  const outcome = sale.cancelOrder(body.UserSessionId as string);
  return reply(outcome.ok ? { ErrorDescription: null, Result: 0 } : { ErrorDescription: outcome.error, Result: outcome.result });
}

function reply(body: Body): SaleReply {
  return { status: 200, body };
}

/** The order as AddTickets' ReturnOrder and GetOrder show it (seed §3.5 and §3.6). */
export function orderJson(sale: SimSale, order: SimOrder) {
  const s = order.session;
  return {
    BookingFeeValueCents: order.bookingFeeCents,
    CinemaId: sale.cinemaId,
    LastUpdated: vistaDate(order.lastUpdatedMs),
    Sessions: [
      {
        AllocatedSeating: true,
        AltFilmTitle: s.filmTitle,
        CinemaId: sale.cinemaId,
        FilmClassification: 'G',
        FilmTitle: s.filmTitle,
        SeatsAllocated: true,
        SessionId: Number(s.sessionId),
        ShowingRealDateTime: vistaDate(s.showtimeMs),
        Tickets: order.tickets.map((t) => ({
          TicketTypeCode: t.ticketType.ticketTypeCode,
          Description: t.ticketType.description,
          PriceCents: t.ticketType.priceInCents,
          BookingFeeCents: t.bookingFeeCents,
          AreaCategoryCode: t.seat.areaCategoryCode,
          SeatAreaNumber: t.seat.areaNumber,
          SeatRowIndex: t.seat.rowIndex,
          SeatColumnIndex: t.seat.columnIndex,
          SeatRowId: t.seat.rowName,
          SeatNumber: t.seat.seatNumber,
          SeatData: physicalName(t.seat),
        })),
      },
    ],
    TotalOrderCount: order.tickets.length,
    TotalTicketFeeValueInCents: null,
    TotalValueCents: order.totalValueCents,
    UserSessionId: order.userSessionId,
    VistaBookingNumber: 0,
    VistaTransactionNumber: 0,
  };
}

/** Seed §3.6, "已 CompleteOrder": CinemaId and Sessions null, totals 0. */
function emptiedOrder(userSessionId: string, lastUpdatedMs: number) {
  return {
    BookingFeeValueCents: 0,
    CinemaId: null,
    LastUpdated: vistaDate(lastUpdatedMs),
    Sessions: null,
    TotalOrderCount: 0,
    TotalTicketFeeValueInCents: null,
    TotalValueCents: 0,
    UserSessionId: userSessionId,
  };
}

/** varchar(32), one order per value (seed §3.5); printable ASCII only, so it never carries control bytes. */
export function checkUserSessionId(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0) return 'The UserSessionId parameter is required';
  if (value.length > 32 || !/^[\x21-\x7e]+$/u.test(value)) return 'UserSessionId must be 1 to 32 printable characters';
  return null;
}

export function checkClient(body: Body, clientId: string): string | null {
  for (const key of ['OptionalClientClass', 'OptionalClientId', 'OptionalClientName'] as const) {
    if (typeof body[key] !== 'string' || body[key] === '') return `The ${key} parameter is required`;
  }
  if (body.OptionalClientId !== clientId) return 'OptionalClientId does not match the client registered for this token';
  return null;
}

function parseAddTickets(sale: SimSale, body: Body): AddTicketsRequest | string {
  const idProblem = checkUserSessionId(body.UserSessionId);
  if (idProblem) return idProblem;
  const session = sale.findSession(text(body.CinemaId), text(body.SessionId));
  if (!session) return 'The CinemaId or SessionId is not valid';
  if (body.ReturnOrder !== undefined && typeof body.ReturnOrder !== 'boolean') return 'ReturnOrder must be true or false';
  const orderFee = fee(body.BookingFeeOverride);
  if (orderFee === undefined) return 'BookingFeeOverride must be null or a whole number of cents';
  if (!Array.isArray(body.TicketTypes) || body.TicketTypes.length === 0) return 'TicketTypes must list at least one ticket type';
  const ticketTypes: TicketRequest[] = [];
  for (const raw of body.TicketTypes as unknown[]) {
    if (!isObject(raw) || !isCode(raw.TicketTypeCode)) return 'Each ticket type needs a TicketTypeCode of 1 to 10 printable characters';
    if (!isCount(raw.Qty, 1, 50)) return `Qty of ticket type ${raw.TicketTypeCode} must be a whole number from 1 to 50`;
    if (!isCount(raw.PriceInCents, 0, 10_000_000))
      return `PriceInCents of ticket type ${raw.TicketTypeCode} must be a whole number of cents`;
    const perTicketFee = fee(raw.BookingFeeOverride);
    if (perTicketFee === undefined) return 'BookingFeeOverride must be null or a whole number of cents';
    ticketTypes.push({
      ticketTypeCode: raw.TicketTypeCode,
      qty: raw.Qty,
      priceInCents: raw.PriceInCents,
      bookingFeeOverride: perTicketFee,
    });
  }
  if (ticketTypes.reduce((sum, t) => sum + t.qty, 0) > 50) return 'An order holds at most 50 tickets';
  const seats = parseSeats(body.SelectedSeats);
  if (typeof seats === 'string') return seats;
  return { userSessionId: body.UserSessionId as string, session, ticketTypes, selectedSeats: seats, orderBookingFeeOverride: orderFee };
}

function parseSeats(raw: unknown): (SeatPosition & { areaCategoryCode: string })[] | null | string {
  if (raw === null || raw === undefined) return null;
  if (!Array.isArray(raw)) return 'SelectedSeats must be a list or null';
  const seats: (SeatPosition & { areaCategoryCode: string })[] = [];
  for (const s of raw as unknown[]) {
    if (!isObject(s) || !isCode(s.AreaCategoryCode)) return 'Each selected seat needs an AreaCategoryCode of 1 to 10 printable characters';
    if (!isCount(s.AreaNumber, 0, 255) || !isCount(s.RowIndex, 0, 10_000) || !isCount(s.ColumnIndex, 0, 10_000)) {
      return 'Each selected seat needs AreaNumber, RowIndex and ColumnIndex as whole numbers';
    }
    seats.push({ areaCategoryCode: s.AreaCategoryCode, areaNumber: s.AreaNumber, rowIndex: s.RowIndex, columnIndex: s.ColumnIndex });
  }
  return seats;
}

function fee(value: unknown): number | null | undefined {
  if (value === null || value === undefined) return null;
  return isCount(value, 0, 10_000_000) ? value : undefined;
}

function isCount(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return typeof value === 'string' ? value : '';
}

/** varchar(10) codes; printable ASCII only, so an error that names one never carries control bytes. */
function isCode(value: unknown): value is string {
  return typeof value === 'string' && /^[\x20-\x7e]{1,10}$/u.test(value);
}
