import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonObject, readBody, sendJson } from '../../core/net/http-body';
import type { CentralSimState } from '../central-sim.state';
import { cinemas, localIso, nowShowing, seatPlan, sessions, ticketTypes, type SaleReply } from './catalogue.routes';
import { demoFilms } from '../demo-data';
import { demoHalls, hallOf } from './halls';
import { physicalName, type SeatPosition } from './order-rules';
import type { SimSale } from './sale-state';
import { addTickets, cancelOrder, getOrder } from './ticketing.routes';

/**
 * Routing of the sale: the Vista paths (after the server's fault and token checks) and the sale's
 * part of the `/__sim/` control API. Paths are relative to `/WSVistaWebClient/` with the service
 * segment lower-cased (IIS matches it without case) and the operation matched with case.
 */
export type SaleRoute = (body: Record<string, unknown>) => SaleReply;

const SESSION_PATH = /^restdata\.svc\/cinemas\/([^/]+)\/sessions\/([^/]+)\/(tickets|seat-plan)$/u;

export function saleRoute(method: string, relative: string, url: URL, sale: SimSale, central: CentralSimState): SaleRoute | undefined {
  if (method === 'GET') {
    if (relative === 'odata.svc/Cinemas') return () => cinemas(sale, url.searchParams, central.cinema);
    if (relative === 'odata.svc/GetNowShowingScheduledFilms') return () => nowShowing(sale, url.searchParams);
    if (relative === 'odata.svc/Sessions' || relative === 'odata.svc/Sessions()') return () => sessions(sale, url.searchParams);
    const m = SESSION_PATH.exec(relative);
    if (m) {
      const [, cinemaId, sessionId, what] = m.map((part) => safeDecode(part)) as [string, string, string, string];
      return what === 'tickets' ? () => ticketTypes(sale, cinemaId, sessionId) : () => seatPlan(sale, cinemaId, sessionId);
    }
    return undefined;
  }
  if (method !== 'POST') return undefined;
  const clientId = central.cinema.clientId;
  if (relative === 'restticketing.svc/order/tickets') return (body) => addTickets(sale, body, clientId);
  if (relative === 'restticketing.svc/order') return (body) => getOrder(sale, body, clientId);
  if (relative === 'restticketing.svc/order/cancel') return (body) => cancelOrder(sale, body, clientId);
  return undefined;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return '';
  }
}

const TAKE_SEATS = /^\/__sim\/sessions\/([^/]+)\/take-seats$/u;
const SOLD_OUT = /^\/__sim\/sessions\/([^/]+)\/sold-out$/u;

/** The sale's control API; answers false when the path is not the sale's. */
export async function saleControl(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  method: string,
  sale: SimSale,
): Promise<boolean> {
  if (path === '/__sim/sessions' && method === 'GET') {
    sendJson(res, 200, sessionsView(sale));
    return true;
  }
  if (path === '/__sim/sessions' && method === 'POST') {
    const body = await jsonBody(req);
    const startsInSeconds = body?.startsInSeconds;
    if (typeof startsInSeconds !== 'number' || !Number.isFinite(startsInSeconds)) {
      sendJson(res, 400, { error: 'startsInSeconds (a number, negative for a show already started) is required' });
      return true;
    }
    const screenName = body?.screenName;
    const filmIndex = body?.filmIndex;
    if (screenName !== undefined && !demoHalls.some((h) => h.screenName === screenName)) {
      sendJson(res, 400, { error: `screenName must be one of ${demoHalls.map((h) => h.screenName).join(', ')}` });
      return true;
    }
    if (
      filmIndex !== undefined &&
      !(Number.isInteger(filmIndex) && (filmIndex as number) >= 0 && (filmIndex as number) < demoFilms.length)
    ) {
      sendJson(res, 400, { error: `filmIndex must be 0 to ${demoFilms.length - 1}` });
      return true;
    }
    const session = sale.addSession({
      startsInMs: startsInSeconds * 1000,
      ...(typeof screenName === 'string' ? { screenName } : {}),
      ...(typeof filmIndex === 'number' ? { filmIndex } : {}),
    });
    sendJson(
      res,
      201,
      sessionsView(sale).find((s) => s.sessionId === session.sessionId),
    );
    return true;
  }
  if (path === '/__sim/orders' && method === 'GET') {
    sendJson(res, 200, ordersView(sale));
    return true;
  }
  if (path === '/__sim/sale-config' && method === 'GET') {
    sendJson(res, 200, { holdSeconds: sale.holdMs / 1000, cutoffMinutes: sale.cutoffMinutes });
    return true;
  }
  if (path === '/__sim/sale-config' && method === 'POST') {
    const body = await jsonBody(req);
    const holdSeconds = body?.holdSeconds;
    const cutoffMinutes = body?.cutoffMinutes;
    if ((holdSeconds !== undefined && !isPositive(holdSeconds)) || (cutoffMinutes !== undefined && typeof cutoffMinutes !== 'number')) {
      sendJson(res, 400, { error: 'holdSeconds must be a positive number; cutoffMinutes a number' });
      return true;
    }
    if (isPositive(holdSeconds)) sale.holdMs = holdSeconds * 1000;
    if (typeof cutoffMinutes === 'number' && Number.isFinite(cutoffMinutes)) sale.cutoffMinutes = cutoffMinutes;
    sendJson(res, 200, { holdSeconds: sale.holdMs / 1000, cutoffMinutes: sale.cutoffMinutes });
    return true;
  }
  const take = TAKE_SEATS.exec(path);
  const soldOut = SOLD_OUT.exec(path);
  if ((take || soldOut) && method === 'POST') {
    const sessionId = (take ?? soldOut)![1]!;
    const session = sale.findSession(sale.cinemaId, sessionId);
    if (!session) {
      sendJson(res, 404, { error: `no session ${sessionId}` });
      return true;
    }
    const body = await jsonBody(req);
    if (soldOut) {
      if (typeof body?.on !== 'boolean') {
        sendJson(res, 400, { error: 'on must be true or false' });
        return true;
      }
      sale.setSoldOut(session, body.on);
      sendJson(
        res,
        200,
        sessionsView(sale).find((s) => s.sessionId === sessionId),
      );
      return true;
    }
    const positions = seatPositions(body?.seats);
    if (!positions) {
      sendJson(res, 400, { error: 'seats must be a non-empty list of {rowIndex, columnIndex, areaNumber}' });
      return true;
    }
    const outcome = sale.takeSeats(session, positions);
    if (!outcome.ok) sendJson(res, outcome.result === 8 ? 409 : 400, { error: outcome.error });
    else sendJson(res, 200, { taken: outcome.value.map(physicalName) });
    return true;
  }
  return false;
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  return parseJsonObject(await readBody(req, 1 << 16)) ?? null;
}

function isPositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function seatPositions(raw: unknown): SeatPosition[] | null {
  if (!Array.isArray(raw) || raw.length === 0) return null;
  const seats: SeatPosition[] = [];
  for (const s of raw as unknown[]) {
    if (typeof s !== 'object' || s === null) return null;
    const { rowIndex, columnIndex, areaNumber } = s as Record<string, unknown>;
    if (![rowIndex, columnIndex, areaNumber].every((n) => typeof n === 'number' && Number.isInteger(n))) return null;
    seats.push({ rowIndex: rowIndex as number, columnIndex: columnIndex as number, areaNumber: areaNumber as number });
  }
  return seats;
}

function sessionsView(sale: SimSale) {
  return sale.sessions().map((s) => {
    const plan = sale.seatPlan(s);
    const byStatus: Record<string, number> = {};
    for (const { status } of plan) byStatus[status] = (byStatus[status] ?? 0) + 1;
    const held = sale
      .allOrders()
      .filter((o) => o.state === 'held' && o.session.sessionId === s.sessionId)
      .reduce((sum, o) => sum + o.tickets.length, 0);
    return {
      sessionId: s.sessionId,
      filmId: s.filmId,
      filmTitle: s.filmTitle,
      screenName: s.screenName,
      screenNumber: hallOf(s.screenName).screenNumber,
      showtime: localIso(s.showtimeMs),
      showtimeMs: s.showtimeMs,
      saleClosesAtMs: sale.saleClosesAtMs(s),
      onSale: sale.onSale(s),
      soldOut: sale.isSoldOut(s),
      seats: { total: plan.length, byStatus, held },
    };
  });
}

function ordersView(sale: SimSale) {
  return sale.allOrders().map((o) => ({
    userSessionId: o.userSessionId,
    state: o.state,
    sessionId: o.session.sessionId,
    seats: o.tickets.map((t) => ({
      areaNumber: t.seat.areaNumber,
      rowIndex: t.seat.rowIndex,
      columnIndex: t.seat.columnIndex,
      name: physicalName(t.seat),
    })),
    totalValueCents: o.totalValueCents,
    heldUntil: new Date(o.heldUntilMs).toISOString(),
  }));
}
