import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { closableServer, listen } from '../core/net/listen';
import { parseJsonObject, readBody, sendJson } from '../core/net/http-body';
import { formatVistaDate } from '../core/central/vista-date';
import { CentralSimState, type CreateBookingInput, type SimBooking } from './central-sim.state';
import { FaultTable, parseFaultSpec, type FaultSpec } from './faults';
import { SimSale, type SaleOptions } from './sale/sale-state';
import { saleControl, saleRoute, type SaleRoute } from './sale/sale-routes';

/** HTTP face of the simulated Vista Connect: the Vista paths plus the `/__sim/` control API. */
export interface CentralSimOptions {
  port?: number;
  host?: string;
  token?: string;
  seed?: number;
  /** Seed the demo bookings (default true). */
  demo?: boolean;
  /** The sale's hold time, cut-off and clock (sale/README.md). */
  sale?: SaleOptions;
}

export interface RunningCentralSim {
  url: string;
  baseUrl: string;
  token: string;
  cinemaId: string;
  state: CentralSimState;
  faults: FaultTable;
  sale: SimSale;
  close(): Promise<void>;
}

const BASE = '/WSVistaWebClient';
const CINEMA_OFFSET_MINUTES = 480;
type Handler = (body: Record<string, unknown>, state: CentralSimState) => unknown;

const vistaRoutes: Record<string, Handler> = {
  'POST restbooking.svc/booking': (body, state) => {
    const booking = lookup(body, state);
    return booking
      ? { Booking: bookingJson(booking, state), ResultCode: 0 }
      : { Booking: null, ResultCode: 47, ErrorDescription: 'Booking does not exist' };
  },
  'POST restbooking.svc/booking/markcollected': (body, state) => {
    const booking = lookup(body, state);
    if (!booking) return { Result: 47, ErrorDescription: 'Booking does not exist' };
    const outcome = state.markCollected(booking, numberArray(body.TicketSequenceNumbers));
    return { Result: outcome.result, ErrorDescription: outcome.error };
  },
  'POST restbooking.svc/booking/refund': (body, state) => {
    const booking = lookup(body, state);
    if (!booking) return { ResultCode: 47, ErrorDescription: 'Booking does not exist' };
    if (typeof body.RefundAmount !== 'number' || typeof body.RefundReason !== 'string') {
      return { ResultCode: 4, ErrorDescription: 'RefundAmount and RefundReason are required' };
    }
    const outcome = state.refund(booking, {
      sequences: numberArray(body.TicketSequenceNumbers),
      markAsRefundedOnly: body.MarkAsRefundedOnly === true,
      amountCents: body.RefundAmount,
      refundBookingFee: body.RefundBookingFee === true,
    });
    return { ResultCode: outcome.result, ErrorDescription: outcome.error };
  },
};

export async function startCentralSim(options: CentralSimOptions = {}): Promise<RunningCentralSim> {
  const state = new CentralSimState({ seed: options.seed ?? 1 });
  if (options.demo !== false) state.seedDemo();
  const sale = new SimSale(state, options.sale);
  if (options.demo !== false) sale.seedDemoSessions();
  const faults = new FaultTable();
  const token = options.token ?? randomBytes(16).toString('hex');
  const host = options.host ?? '127.0.0.1';

  const server = closableServer(
    createServer((req, res) => {
      handle(req, res, state, sale, faults, token).catch(() => {
        if (!res.headersSent) sendJson(res, 500, { Result: 1, ErrorDescription: 'simulator fault' });
      });
    }),
  );
  server.keepAliveTimeout = 5_000;
  const port = await listen(server, options.port ?? 0, host);
  const url = `http://${host}:${port}`;
  return {
    url,
    baseUrl: `${url}${BASE}`,
    token,
    cinemaId: state.cinema.id,
    state,
    faults,
    sale,
    close: () => server.closeNow(),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  state: CentralSimState,
  sale: SimSale,
  faults: FaultTable,
  token: string,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim');
  const method = req.method ?? 'GET';
  if (url.pathname.startsWith('/__sim/')) {
    if (await saleControl(req, res, url.pathname, method, sale)) return;
    return control(req, res, url, method, state, faults);
  }
  if (!url.pathname.startsWith(`${BASE}/`)) return sendJson(res, 404, { Result: 4, ErrorDescription: 'not found' });

  const fault = faults.match(url.pathname);
  if (fault && (await applyFault(fault, req, res))) return;

  const relative = serviceRelative(url.pathname);
  const booking = vistaRoutes[`${method} ${relative}`];
  const route: SaleRoute | undefined = booking
    ? (body) => ({ status: 200, body: booking(body, state) })
    : saleRoute(method, relative, url, sale, state);
  if (!route) return sendJson(res, 404, { Result: 4, ErrorDescription: 'not found' });
  if (req.headers.connectapitoken !== token)
    return sendJson(res, 401, { Result: 4, ErrorDescription: 'connectapitoken missing or invalid' });
  const body = method === 'POST' ? parseJsonObject(await readBody(req, 1 << 20)) : {};
  if (!body) return sendJson(res, 400, { Result: 4, ErrorDescription: 'The request data is not valid JSON' });
  const reply = route(body);
  sendJson(res, reply.status, reply.body);
}

/** The service segment (`RESTBooking.svc`) is matched without case, the operation path with case, as IIS does. */
function serviceRelative(pathname: string): string {
  const rest = pathname.slice(BASE.length + 1);
  const slash = rest.indexOf('/');
  const service = slash < 0 ? rest : rest.slice(0, slash);
  const operation = slash < 0 ? '' : rest.slice(slash);
  return `${service.toLowerCase()}${operation}`;
}

/** Answers true when the fault took the call over. */
async function applyFault(fault: FaultSpec, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
  if (fault.reset) {
    req.socket.destroy();
    return true;
  }
  if (fault.hang) return true; // never answer; closeNow() ends the socket
  if (fault.status !== undefined) {
    sendJson(res, fault.status, { Result: fault.result ?? 1, ResultCode: fault.result ?? 1, ErrorDescription: 'injected fault' });
    return true;
  }
  if (fault.result !== undefined) {
    sendJson(res, 200, { Result: fault.result, ResultCode: fault.result, ResponseCode: fault.result, ErrorDescription: 'injected fault' });
    return true;
  }
  return false;
}

async function control(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  method: string,
  state: CentralSimState,
  faults: FaultTable,
): Promise<void> {
  const path = url.pathname;
  if (path === '/__sim/bookings' && method === 'GET') return sendJson(res, 200, state.demoBookings());
  if (path === '/__sim/bookings' && method === 'POST') {
    const body = parseJsonObject(await readBody(req, 1 << 16));
    if (!body) return sendJson(res, 400, { error: 'body must be a JSON object' });
    try {
      // `count` (not in Vista) creates many alike at once, for load tests.
      const count = typeof body.count === 'number' && body.count >= 1 ? Math.min(10_000, Math.floor(body.count)) : 0;
      if (count > 0) {
        const made = Array.from({ length: count }, () => state.createBooking(body as CreateBookingInput));
        return sendJson(res, 201, state.demoBookings(made));
      }
      return sendJson(res, 201, state.demoBookings([state.createBooking(body as CreateBookingInput)])[0]);
    } catch (error) {
      return sendJson(res, 409, { error: (error as Error).message });
    }
  }
  const single = /^\/__sim\/bookings\/(\d+)$/u.exec(path);
  if (single && method === 'GET') {
    const booking = state.findBooking(Number(single[1]), undefined);
    if (!booking) return sendJson(res, 404, { error: 'no such booking' });
    return sendJson(res, 200, { booking: bookingJson(booking, state), calls: booking.calls, effects: booking.effects });
  }
  if (path === '/__sim/faults' && method === 'POST') {
    const body = parseJsonObject(await readBody(req, 1 << 16));
    const spec = body ? parseFaultSpec(body) : 'body must be a JSON object';
    if (typeof spec === 'string') return sendJson(res, 400, { error: spec });
    faults.add(spec);
    return sendJson(res, 201, { faults: faults.list() });
  }
  if (path === '/__sim/faults' && method === 'DELETE') {
    faults.clear();
    return sendJson(res, 200, { faults: [] });
  }
  if (path === '/__sim/faults' && method === 'GET') return sendJson(res, 200, { faults: faults.list() });
  if (path === '/__sim/public-key' && method === 'GET') return sendJson(res, 200, { pem: state.publicKeyPem });
  return sendJson(res, 404, { error: 'not found' });
}

function lookup(body: Record<string, unknown>, state: CentralSimState): SimBooking | undefined {
  const number = typeof body.BookingNumber === 'number' ? body.BookingNumber : Number(body.BookingNumber ?? 0);
  const id = typeof body.BookingId === 'string' ? body.BookingId : undefined;
  if (body.CinemaId !== undefined && body.CinemaId !== state.cinema.id) return undefined;
  return state.findBooking(Number.isFinite(number) && number > 0 ? number : undefined, id);
}

function numberArray(value: unknown): number[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'number') ? value : undefined;
}

/** A booking as GetSingleBooking returns it, with the fields our adapter relies on (CENTRAL-API.md). */
function bookingJson(b: SimBooking, state: CentralSimState) {
  const sessionDate = formatVistaDate(b.session.showtimeMs, CINEMA_OFFSET_MINUTES);
  return {
    BookingDate: formatVistaDate(b.bookingDateMs, CINEMA_OFFSET_MINUTES),
    BookingId: b.bookingId,
    BookingNumber: b.bookingNumber,
    BookingRef: `${state.cinema.name}-${b.bookingNumber}`,
    CancelledStatus: b.cancelled ? '1' : '0',
    CinemaId: state.cinema.id,
    CinemaName: state.cinema.name,
    CinemaNationalId: state.cinema.nationalId,
    ClientId: state.cinema.clientId,
    FilmTitle: b.session.filmTitle,
    ScreenName: b.session.screenName,
    Tickets: b.tickets.map((t) => ({
      CollectedStatus: t.collected ? '1' : '0',
      RefundedStatus: t.refunded ? '1' : '0',
      Description: 'web ticket',
      MovieName: b.session.filmTitle,
      PriceInCents: t.priceCents,
      ServiceFeeInCents: t.serviceFeeCents,
      SessionDateTime: sessionDate,
      SessionId: Number(b.session.sessionId),
      TicketSequenceNumber: t.sequence,
      TicketTypeCode: '0010',
      ScreenName: b.session.screenName,
      SeatRowId: t.rowId,
      SeatNumber: t.seatNumber,
      AreaCategoryCode: '0000000001',
      TicketCode: t.ticketCode,
      TicketInfoCode: t.ticketInfoCode,
    })),
    TotalValueCents: b.tickets.reduce((s, t) => s + t.priceCents + t.serviceFeeCents, 0),
    UserSessionId: `SIM${b.bookingNumber}`,
    VistaTransactionId: 375975 + b.bookingNumber,
  };
}
