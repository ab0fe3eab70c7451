/**
 * A stand-in for the cinema's SarftKioskService (seed 003 §3.14): the Windows service on the cinema
 * LAN that Vista ships for the SARFT self-service collection interface. It shares the simulator's
 * bookings, so what it marks printed GetSingleBooking then shows collected (the real service writes
 * Vista's database).
 *
 * The seed gives the four requests and their parameter names, not the wire. Our assumptions, the same
 * ones `electron/core/central/sarft-kiosk-service.client.ts` holds (a real deployment changes that one
 * file), are:
 * - HTTP/1.1 POST to `/SarftKioskService/{Auth,QueryTicketInfo,ApplyFetchTicket,FetchTicket}`, the body
 *   form-encoded (`application/x-www-form-urlencoded; charset=utf-8`) with the seed's names:
 *   `username`, `password`; `print_no`, `ticket_count`; `print_no`, `verify_code_md5`; `print_no`,
 *   `ticket_count`.
 * - Auth answers a session token (`Token`, `ExpiresIn` seconds); later requests carry it as the form
 *   field `token`. An unknown or expired token gets 1002 and the caller authenticates again.
 * - Replies are XML (UTF-8) with the roots `AuthReply`, `QueryTicketInfoReply`, `ApplyFetchTicketReply`,
 *   `FetchTicketReply`, PascalCase fields, `ResultCode` and `Message` first, tickets as
 *   `Tickets/Ticket`. HTTP 200 for every business answer, 400 for a malformed request (9000).
 * - Result codes are those of SARFT-CONTRACT.md where they fit: 1001 bad credentials, 1002 token,
 *   2001 unknown print_no, 2002 wrong verify code, 2003 refunded or cancelled, 2005 ticket_count
 *   mismatch, 2006 a ticket without its national QR yet, 2007 a print result without a print
 *   (request 3) for that print_no, 1 everything already printed, 9000 malformed.
 * - Money is yuan with two decimals (`45.00`); `SessionDateTime` is the cinema's local time without
 *   an offset (`2026-12-07 19:30:00`, UTC+8); `PrintFlag` 1 printed, 0 not.
 * - The query releases no `TicketInfoCode` (the credential goes only to a caller who proved the verify
 *   code with request 3); request 3 releases it for every ticket of the booking and marks nothing;
 *   request 4 marks the first `ticket_count` tickets (by sequence) printed, once request 3 has been
 *   answered for that print_no (by any session: the service records it, not the session). Refunded tickets are left
 *   out of every list. Whether a show is over is not the service's judgement here: the core decides
 *   from `SessionDateTime`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closableServer, listen } from '../core/net/listen';
import { BodyTooLargeError, readBody } from '../core/net/http-body';
import type { CentralSimState, SimBooking, SimTicket } from './central-sim.state';
import { demoFilms, demoScreens } from './demo-data';
import type { FaultSpec, FaultTable } from './faults';

export const SARFT_KIOSK_BASE = '/SarftKioskService';

export interface SarftKioskSimOptions {
  host?: string;
  port?: number;
  username?: string;
  password?: string;
  /** How long a session token lives (default 30 minutes). */
  sessionTtlMs?: number;
}

export interface RunningSarftKioskSim {
  /** e.g. `http://127.0.0.1:PORT/SarftKioskService` */
  url: string;
  username: string;
  password: string;
  /** Ends every session token at once (tests of re-authentication). */
  expireSessions(): void;
  /** How many requests reached each of the four paths (faulted ones included). */
  calls(): Record<Operation, number>;
  close(): Promise<void>;
}

const CINEMA_OFFSET_MS = 8 * 3_600_000;
const MAX_REQUEST_BYTES = 16 * 1024;

export type Operation = 'Auth' | 'QueryTicketInfo' | 'ApplyFetchTicket' | 'FetchTicket';
const operations: readonly Operation[] = ['Auth', 'QueryTicketInfo', 'ApplyFetchTicket', 'FetchTicket'];

interface Session {
  expiresAt: number;
}

interface Reply {
  status?: number;
  fields: Record<string, unknown>;
}

export async function startSarftKioskSim(
  state: CentralSimState,
  faults: FaultTable,
  options: SarftKioskSimOptions = {},
): Promise<RunningSarftKioskSim> {
  const username = options.username ?? 'sarft-kiosk';
  const password = options.password ?? randomBytes(9).toString('base64url');
  const ttlMs = options.sessionTtlMs ?? 30 * 60_000;
  const sessions = new Map<string, Session>();
  const host = options.host ?? '127.0.0.1';

  const service = new SarftKioskService(state, { username, password, ttlMs }, sessions);
  const calls: Record<Operation, number> = { Auth: 0, QueryTicketInfo: 0, ApplyFetchTicket: 0, FetchTicket: 0 };
  const server = closableServer(
    createServer((req, res) => {
      handle(req, res, service, faults, calls).catch(() => {
        if (!res.headersSent) sendXml(res, 'Reply', { status: 500, fields: { ResultCode: 2, Message: 'service fault' } });
      });
    }),
  );
  server.keepAliveTimeout = 5_000;
  const port = await listen(server, options.port ?? 0, host);
  return {
    url: `http://${host}:${port}${SARFT_KIOSK_BASE}`,
    username,
    password,
    expireSessions: () => sessions.clear(),
    calls: () => ({ ...calls }),
    close: () => server.closeNow(),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  service: SarftKioskService,
  faults: FaultTable,
  calls: Record<Operation, number>,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://sarft').pathname;
  const operation = operations.find((op) => path === `${SARFT_KIOSK_BASE}/${op}`);
  if (!operation || req.method !== 'POST')
    return sendXml(res, 'Reply', { status: 404, fields: { ResultCode: 9000, Message: 'not found' } });
  calls[operation] += 1;

  const fault = faults.match(path);
  if (fault && (await applyFault(fault, operation, req, res))) return;

  let form: URLSearchParams;
  try {
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/x-www-form-urlencoded\b/iu.test(type)) throw new Error('content-type');
    form = new URLSearchParams((await readBody(req, MAX_REQUEST_BYTES, 10_000)).toString('utf8'));
  } catch (error) {
    const message = error instanceof BodyTooLargeError ? 'request too large' : 'the body must be form-encoded';
    return sendXml(res, `${operation}Reply`, {
      status: error instanceof BodyTooLargeError ? 413 : 400,
      fields: { ResultCode: 9000, Message: message },
    });
  }
  sendXml(res, `${operation}Reply`, service.answer(operation, form));
}

/** Faults from `/__sim/faults` act here as on the Vista paths; an injected code comes back in this service's XML. */
async function applyFault(fault: FaultSpec, operation: Operation, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
  if (fault.reset) {
    req.socket.destroy();
    return true;
  }
  if (fault.hang) return true;
  if (fault.status === undefined && fault.result === undefined) return false;
  sendXml(res, `${operation}Reply`, { status: fault.status ?? 200, fields: { ResultCode: fault.result ?? 2, Message: 'injected fault' } });
  return true;
}

class SarftKioskService {
  /** print_no values whose verify code a caller proved with request 3: the service's own record, whatever the session. */
  private readonly printing = new Set<string>();

  constructor(
    private readonly state: CentralSimState,
    private readonly account: { username: string; password: string; ttlMs: number },
    private readonly sessions: Map<string, Session>,
  ) {}

  answer(operation: Operation, form: URLSearchParams): Reply {
    if (operation === 'Auth') return this.auth(form);
    const session = this.session(form.get('token'));
    if (!session) return refusal(1002, 'token missing or expired');
    const printNo = form.get('print_no') ?? '';
    if (!/^\d{1,16}$/u.test(printNo)) return refusal(9000, 'print_no must be 1 to 16 digits', 400);
    const booking = this.state.findBooking(Number(printNo), undefined);
    if (!booking) return refusal(2001, 'print_no not found');
    if (booking.cancelled || booking.tickets.every((t) => t.refunded)) return refusal(2003, 'booking refunded or cancelled');
    const tickets = booking.tickets.filter((t) => !t.refunded);
    const padded = printNo.padStart(16, '0');

    if (operation === 'QueryTicketInfo') {
      const count = optionalCount(form.get('ticket_count'));
      if (count === 'bad') return refusal(9000, 'ticket_count must be a positive integer', 400);
      if (count !== undefined && count !== tickets.length) return refusal(2005, `ticket_count must be ${tickets.length}`);
      return ok({ PrintNo: padded, TicketCount: tickets.length, Tickets: tickets.map((t) => this.ticketFields(booking, t, false)) });
    }
    if (operation === 'ApplyFetchTicket') {
      const md5 = (form.get('verify_code_md5') ?? '').toLowerCase();
      if (!/^[0-9a-f]{32}$/u.test(md5)) return refusal(9000, 'verify_code_md5 must be 32 hex digits', 400);
      const expected = createHash('md5').update(booking.bookingId).digest('hex');
      if (!timingSafeEqual(Buffer.from(md5), Buffer.from(expected))) return refusal(2002, 'print_no or verify code incorrect');
      if (tickets.some((t) => t.ticketInfoCode === '')) return refusal(2006, 'ticket QR not yet issued, retry later');
      this.printing.add(padded);
      const allPrinted = tickets.every((t) => t.collected);
      return {
        fields: {
          ResultCode: allPrinted ? 1 : 0,
          Message: allPrinted ? 'already printed' : 'success',
          PrintNo: padded,
          TicketCount: tickets.length,
          Tickets: tickets.map((t) => this.ticketFields(booking, t, true)),
        },
      };
    }
    // FetchTicket: the print result.
    const count = optionalCount(form.get('ticket_count'));
    if (count === undefined || count === 'bad') return refusal(9000, 'ticket_count must be a positive integer', 400);
    if (count > tickets.length) return refusal(2005, `ticket_count must be at most ${tickets.length}`);
    if (!this.printing.has(padded)) return refusal(2007, 'no print (request 3) under way for this print_no');
    // Counted as MarkBookingAsCollected is in the default mode: the one call that carries the printed mark.
    booking.calls.markcollected += 1;
    for (const t of tickets.slice(0, count)) {
      if (!t.collected) {
        t.collected = true;
        booking.effects.collected += 1;
      }
    }
    return ok({ PrintNo: padded, PrintedCount: tickets.filter((t) => t.collected).length });
  }

  private auth(form: URLSearchParams): Reply {
    const userOk = same(form.get('username') ?? '', this.account.username);
    const passwordOk = same(form.get('password') ?? '', this.account.password);
    if (!userOk || !passwordOk) return refusal(1001, 'bad credentials');
    const token = randomBytes(24).toString('base64url');
    this.sessions.set(token, { expiresAt: Date.now() + this.account.ttlMs });
    return ok({ Token: token, ExpiresIn: Math.floor(this.account.ttlMs / 1000) });
  }

  private session(token: string | null): Session | undefined {
    const session = token ? this.sessions.get(token) : undefined;
    if (session && session.expiresAt <= Date.now()) {
      this.sessions.delete(token!);
      return undefined;
    }
    return session;
  }

  private ticketFields(booking: SimBooking, t: SimTicket, withQr: boolean): Record<string, unknown> {
    const session = booking.session;
    const screenIndex = Math.max(0, demoScreens.indexOf(session.screenName as (typeof demoScreens)[number]));
    const screenCode = `${this.state.cinema.nationalId}${String(screenIndex + 1).padStart(8, '0')}`;
    const film = demoFilms.find((f) => f.id === session.filmId);
    return {
      PrintNo: String(booking.bookingNumber).padStart(16, '0'),
      TicketInfoCode: withQr ? t.ticketInfoCode : '',
      CinemaCode: this.state.cinema.nationalId,
      CinemaName: this.state.cinema.name,
      ScreenCode: screenCode,
      ScreenName: session.screenName,
      FilmCode: film?.shortCode ?? session.filmId,
      FilmName: session.filmTitle,
      SessionCode: session.sessionId.padStart(16, '0'),
      SessionDateTime: localDateTime(session.showtimeMs),
      TicketCode: t.ticketCode,
      SeatCode: `${screenCode}${t.rowId.padStart(3, '0')}${t.seatNumber.padStart(3, '0')}`,
      SeatName: `${t.rowId}排${t.seatNumber}座`,
      Price: yuan(t.priceCents),
      Service: yuan(t.serviceFeeCents),
      PrintFlag: t.collected ? 1 : 0,
    };
  }
}

function ok(fields: Record<string, unknown>): Reply {
  return { fields: { ResultCode: 0, Message: 'success', ...fields } };
}

function refusal(code: number, message: string, status = 200): Reply {
  return { status, fields: { ResultCode: code, Message: message } };
}

function optionalCount(raw: string | null): number | undefined | 'bad' {
  if (raw === null || raw === '') return undefined;
  return /^[1-9]\d{0,3}$/u.test(raw) ? Number(raw) : 'bad';
}

function same(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const yuan = (cents: number): string => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** `2026-12-07 19:30:00` in the cinema's time (UTC+8), as Chinese ticketing systems write it. */
function localDateTime(epochMs: number): string {
  return new Date(epochMs + CINEMA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

function element(tag: string, value: unknown): string {
  if (Array.isArray(value)) return `<${tag}>${value.map((v) => element(tag.replace(/s$/u, ''), v)).join('')}</${tag}>`;
  if (value !== null && typeof value === 'object')
    return `<${tag}>${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => element(k, v))
      .join('')}</${tag}>`;
  const text = escapeXml(String(value ?? ''));
  return text === '' ? `<${tag}/>` : `<${tag}>${text}</${tag}>`;
}

function sendXml(res: ServerResponse, root: string, reply: Reply): void {
  const body = `<?xml version="1.0" encoding="utf-8"?>${element(root, reply.fields)}`;
  res.writeHead(reply.status ?? 200, {
    'content-type': 'application/xml; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
  });
  res.end(body);
}
