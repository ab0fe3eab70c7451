/**
 * The cinema's SarftKioskService over HTTP: the one file that knows its wire. Seed 003 §3.14 gives the
 * four requests and their parameter names only; everything else here is our assumption, chosen as
 * implementations of the SARFT standard's interface (GY/T 276-2013 appendix E) plausibly do it, and
 * to be confirmed at a real cinema (README "Deploying at a Vista cinema"):
 * - HTTP/1.1 `POST {baseUrl}/Auth`, `/QueryTicketInfo`, `/ApplyFetchTicket`, `/FetchTicket`, bodies
 *   form-encoded (`application/x-www-form-urlencoded; charset=utf-8`) with the seed's names:
 *   `username`+`password`; `print_no`+`ticket_count`; `print_no`+`verify_code_md5`; `print_no`+`ticket_count`.
 *   `print_no` is VistaBookingNumber zero-padded to 16; `verify_code_md5` the MD5 (lower-case hex) of
 *   VistaBookingId, as the seed says.
 * - Auth answers `Token` and `ExpiresIn` (seconds); later requests carry the token as the form field
 *   `token`. We renew the session 30 s before `ExpiresIn` runs out; ResultCode 1002 means the session
 *   is gone anyway: we authenticate once more and repeat the call (every request is safe to repeat:
 *   2 and 3 read, 4 is idempotent).
 * - Replies are XML, roots `AuthReply`, `QueryTicketInfoReply`, `ApplyFetchTicketReply`,
 *   `FetchTicketReply`, fields PascalCase, `ResultCode` and `Message` in each, tickets as
 *   `Tickets/Ticket` with `PrintNo`, `TicketInfoCode`, `CinemaCode`, `CinemaName`, `ScreenCode`,
 *   `ScreenName`, `FilmCode`, `FilmName`, `SessionCode`, `SessionDateTime`, `TicketCode`, `SeatCode`,
 *   `SeatName`, `Price`, `Service`, `PrintFlag`.
 * - Result codes: those of our SARFT-CONTRACT.md (0 ok, 1 all printed, 1001, 1002, 2001, 2002, 2003,
 *   2005, 2006, 2007, 9000); any other non-zero is `other`.
 * - `Price` and `Service` are yuan with up to two decimals (`45.00`); `SessionDateTime` is the
 *   cinema's local time `YYYY-MM-DD HH:mm[:ss]` (the offset comes from the config, default +08:00).
 * - Only request 3 releases `TicketInfoCode`; `PrintFlag` 1 is printed.
 * A reply we do not accept (over `maxReplyBytes`, not XML, a field missing or of the wrong form,
 * control or bidi characters in a name) is refused whole as `malformed`; nothing of it is used.
 */
import { XMLParser } from 'fast-xml-parser';
import { Agent, request, errors as undiciErrors } from 'undici';
import { hasUnsafeCharacters, printableText } from '../../../shared/domain/text';
import {
  SarftKioskError,
  type SarftKioskBooking,
  type SarftKioskMalformed,
  type SarftKioskRefusal,
  type SarftKioskService,
  type SarftKioskTicket,
} from './sarft-kiosk-service';
import { toIsoWithOffset } from './vista-date';
import { centralAgent, LinkHealth, type LinkHealthReport } from './central-link';

export interface SarftKioskClientConfig {
  /** e.g. `http://192.168.1.20:8090/SarftKioskService` */
  baseUrl: string;
  username: string;
  password: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** Replies longer than this are refused (default 256 KiB; a 12-ticket booking is about 8 KiB). */
  maxReplyBytes?: number;
  /** The cinema's offset from UTC in minutes, for `SessionDateTime` (default 480, China). */
  cinemaOffsetMinutes?: number;
}

type Operation = 'Auth' | 'QueryTicketInfo' | 'ApplyFetchTicket' | 'FetchTicket';

const refusals: Readonly<Record<number, SarftKioskRefusal>> = {
  1001: 'bad-credentials',
  2001: 'not-found',
  2002: 'verify-code-wrong',
  2003: 'refunded',
  2005: 'ticket-count-mismatch',
  2006: 'not-yet-available',
  2007: 'no-print-under-way',
  9000: 'invalid-request',
};
const TOKEN_GONE = 1002;
/** Seconds before the session's end at which it is renewed unasked. */
const RENEW_MARGIN_S = 30;
const ALL_PRINTED = 1;

const ticketFields = [
  'PrintNo',
  'TicketInfoCode',
  'CinemaCode',
  'CinemaName',
  'ScreenCode',
  'ScreenName',
  'FilmCode',
  'FilmName',
  'SessionCode',
  'SessionDateTime',
  'TicketCode',
  'SeatCode',
  'SeatName',
  'Price',
  'Service',
  'PrintFlag',
] as const;
type TicketField = (typeof ticketFields)[number];

/** Each field's form; names are free text but refused with control, separator or bidi characters. */
const CODE = /^[\x21-\x7e]{1,64}$/u;
const NAME = /^.{1,200}$/su;
const fieldForms: Record<TicketField, RegExp> = {
  PrintNo: /^\d{16}$/u,
  TicketInfoCode: /^[\x21-\x7e]{0,4096}$/u,
  CinemaCode: /^\d{8}$/u,
  CinemaName: NAME,
  ScreenCode: CODE,
  ScreenName: NAME,
  FilmCode: CODE,
  FilmName: NAME,
  SessionCode: CODE,
  SessionDateTime: /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?$/u,
  TicketCode: /^\d{16}$/u,
  SeatCode: CODE,
  SeatName: NAME,
  Price: /^\d{1,7}(?:\.\d{1,2})?$/u,
  Service: /^\d{1,7}(?:\.\d{1,2})?$/u,
  PrintFlag: /^[01]$/u,
};

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Entities are decoded by decodeText below, the same way every time; a DOCTYPE is refused before parsing.
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: true,
});

export class SarftKioskHttpClient implements SarftKioskService {
  private readonly agent: Agent;
  private token: string | null = null;
  private tokenExpiresAt: number | null = null;
  private authenticating: Promise<string> | null = null;
  private readonly link = new LinkHealth(SarftKioskError);

  constructor(private readonly config: SarftKioskClientConfig) {
    this.agent = centralAgent(config);
  }

  async auth(): Promise<void> {
    await this.newSession();
  }

  async query(printNo: string, ticketCount?: number): Promise<SarftKioskBooking> {
    const padded = padPrintNo(printNo);
    const form: Record<string, string> = { print_no: padded };
    if (ticketCount !== undefined) form.ticket_count = String(countOf(ticketCount));
    const reply = await this.call('QueryTicketInfo', form);
    if (reply.code !== 0) throw refused('QueryTicketInfo', reply);
    return { printNo: padded, tickets: ticketsOf('QueryTicketInfo', reply.fields, padded, this.offsetMinutes) };
  }

  async print(printNo: string, verifyCodeMd5: string): Promise<SarftKioskBooking & { allPrinted: boolean }> {
    const padded = padPrintNo(printNo);
    if (!/^[0-9a-f]{32}$/iu.test(verifyCodeMd5))
      throw new SarftKioskError('rejected', 'ApplyFetchTicket: verify_code_md5 must be 32 hex digits', { refusal: 'invalid-request' });
    const reply = await this.call('ApplyFetchTicket', { print_no: padded, verify_code_md5: verifyCodeMd5.toLowerCase() });
    if (reply.code !== 0 && reply.code !== ALL_PRINTED) throw refused('ApplyFetchTicket', reply);
    return {
      printNo: padded,
      tickets: ticketsOf('ApplyFetchTicket', reply.fields, padded, this.offsetMinutes),
      allPrinted: reply.code === ALL_PRINTED,
    };
  }

  async printResult(printNo: string, ticketCount: number): Promise<void> {
    const reply = await this.call('FetchTicket', { print_no: padPrintNo(printNo), ticket_count: String(countOf(ticketCount)) });
    if (reply.code !== 0) throw refused('FetchTicket', reply);
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private get offsetMinutes(): number {
    return this.config.cinemaOffsetMinutes ?? 480;
  }

  /** What the last calls saw, for /healthz: null until the first call. */
  health(): LinkHealthReport {
    return this.link.report();
  }

  /** One call with the session token; a session the service no longer knows is renewed once. */
  private async call(operation: Operation, form: Record<string, string>): Promise<XmlReply> {
    const token = this.liveToken() ?? (await this.newSession());
    const reply = await this.send(operation, { ...form, token });
    if (reply.code !== TOKEN_GONE) return reply;
    if (this.token === token) this.token = null;
    // Another call may have renewed the session meanwhile: use its token rather than authenticating again.
    const renewed = this.token ?? (await this.newSession());
    const again = await this.send(operation, { ...form, token: renewed });
    if (again.code === TOKEN_GONE)
      throw new SarftKioskError('rejected', `${operation}: the new session was refused at once`, {
        refusal: 'other',
        resultCode: TOKEN_GONE,
      });
    return again;
  }

  private liveToken(): string | null {
    if (this.token !== null && this.tokenExpiresAt !== null && Date.now() >= this.tokenExpiresAt) this.token = null;
    return this.token;
  }

  /** Calls arriving together share one Auth. */
  private newSession(): Promise<string> {
    this.authenticating ??= (async () => {
      try {
        const reply = await this.send('Auth', { username: this.config.username, password: this.config.password });
        if (reply.code !== 0) throw refused('Auth', reply);
        const token = reply.fields.Token;
        if (typeof token !== 'string' || !/^[\x21-\x7e]{1,512}$/u.test(token))
          throw malformed('Auth', typeof token === 'string' ? 'wrong-type' : 'missing-field', 'Token');
        const expiresIn = reply.fields.ExpiresIn;
        if (expiresIn !== undefined && (typeof expiresIn !== 'string' || !/^\d{1,9}$/u.test(expiresIn)))
          throw malformed('Auth', 'wrong-type', 'ExpiresIn');
        this.token = token;
        // Renewed a little before the service would refuse it; without ExpiresIn, only when refused (1002).
        this.tokenExpiresAt = expiresIn === undefined ? null : Date.now() + Math.max(0, Number(expiresIn) - RENEW_MARGIN_S) * 1_000;
        return token;
      } finally {
        this.authenticating = null;
      }
    })();
    return this.authenticating;
  }

  private send(operation: Operation, form: Record<string, string>): Promise<XmlReply> {
    return this.link.track(() => this.exchange(operation, form));
  }

  private async exchange(operation: Operation, form: Record<string, string>): Promise<XmlReply> {
    let response;
    try {
      response = await request(`${this.config.baseUrl}/${operation}`, {
        method: 'POST',
        dispatcher: this.agent,
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'application/xml' },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(this.config.requestTimeoutMs),
      });
    } catch (error) {
      throw transportError(operation, error);
    }
    const text = await this.readLimited(operation, response.body, response.headers['content-length']);
    if (response.statusCode >= 500) throw new SarftKioskError('unknown-outcome', `${operation}: HTTP ${response.statusCode}`);
    const reply = parseReply(operation, text);
    if (response.statusCode !== 200 && reply.code === 0)
      throw new SarftKioskError('malformed', `${operation}: HTTP ${response.statusCode} with ResultCode 0`, { malformed: 'mismatch' });
    return reply;
  }

  private async readLimited(
    operation: Operation,
    body: AsyncIterable<Buffer> & { destroy(): unknown },
    declared: string | string[] | undefined,
  ): Promise<string> {
    const limit = this.config.maxReplyBytes ?? 256 * 1024;
    const tooLarge = () => malformed(operation, 'too-large', `over ${limit} bytes`);
    if (Number(declared ?? 0) > limit) {
      body.destroy();
      throw tooLarge();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of body) {
        size += chunk.length;
        if (size > limit) {
          body.destroy();
          throw tooLarge();
        }
        chunks.push(chunk);
      }
    } catch (error) {
      if (error instanceof SarftKioskError) throw error;
      throw transportError(operation, error);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}

/**
 * A QueryTicketInfo or ApplyFetchTicket reply's tickets, or the SarftKioskError that refuses it: the
 * whole of the reply reading, for the client and for tests that feed it hostile text.
 */
export function readTicketsReply(
  operation: 'QueryTicketInfo' | 'ApplyFetchTicket',
  text: string,
  printNo: string,
  offsetMinutes = 480,
): { code: number; tickets: SarftKioskTicket[] } {
  const reply = parseReply(operation, text);
  if (reply.code !== 0 && reply.code !== ALL_PRINTED) throw refused(operation, reply);
  return { code: reply.code, tickets: ticketsOf(operation, reply.fields, printNo, offsetMinutes) };
}

function ticketsOf(operation: Operation, fields: Record<string, unknown>, printNo: string, offsetMinutes: number): SarftKioskTicket[] {
  const container = fields.Tickets;
  if (container === undefined) throw malformed(operation, 'missing-field', 'Tickets');
  let items: unknown[];
  if (container === '') items = [];
  else if (isRecord(container) && Object.keys(container).length === 1 && 'Ticket' in container)
    items = Array.isArray(container.Ticket) ? container.Ticket : [container.Ticket];
  else throw malformed(operation, 'wrong-type', 'Tickets');
  const count = fields.TicketCount;
  if (count !== undefined && (typeof count !== 'string' || Number(count) !== items.length))
    throw malformed(operation, 'mismatch', `TicketCount ${printableText(String(count)).slice(0, 20)} with ${items.length} tickets`);
  const tickets = items.map((item) => ticketOf(operation, item, offsetMinutes));
  if (tickets.some((t) => t.printNo !== printNo)) throw malformed(operation, 'mismatch', 'a ticket of another PrintNo');
  if (new Set(tickets.map((t) => t.ticketCode)).size !== tickets.length) throw malformed(operation, 'mismatch', 'a TicketCode twice');
  return tickets;
}

function ticketOf(operation: Operation, raw: unknown, offsetMinutes: number): SarftKioskTicket {
  if (!isRecord(raw)) throw malformed(operation, 'wrong-type', 'Ticket');
  const f = {} as Record<TicketField, string>;
  for (const name of ticketFields) {
    const value = raw[name];
    if (value === undefined) throw malformed(operation, 'missing-field', name);
    if (typeof value !== 'string') throw malformed(operation, 'wrong-type', name);
    if (hasUnsafeCharacters(value)) throw malformed(operation, 'unsafe-characters', name);
    if (!fieldForms[name].test(value)) throw malformed(operation, 'wrong-type', name);
    f[name] = value;
  }
  const offset = offsetMinutes;
  // A date that does not exist (30 February, 24:00) would otherwise roll over into another one.
  const iso = `${f.SessionDateTime.replace(' ', 'T')}${f.SessionDateTime.length === 16 ? ':00' : ''}`;
  const local = Date.parse(`${iso}Z`);
  if (!Number.isFinite(local) || new Date(local).toISOString().slice(0, 19) !== iso)
    throw malformed(operation, 'wrong-type', 'SessionDateTime');
  const sessionEpochMs = local - offset * 60_000;
  return {
    printNo: f.PrintNo,
    ticketCode: f.TicketCode,
    ticketInfoCode: f.TicketInfoCode,
    cinemaCode: f.CinemaCode,
    cinemaName: f.CinemaName,
    screenCode: f.ScreenCode,
    screenName: f.ScreenName,
    filmCode: f.FilmCode,
    filmName: f.FilmName,
    sessionCode: f.SessionCode,
    sessionAt: toIsoWithOffset({ epochMs: sessionEpochMs, offsetMinutes: offset }),
    sessionEpochMs,
    seatCode: f.SeatCode,
    seatName: f.SeatName,
    priceCents: centsOf(f.Price),
    serviceFeeCents: centsOf(f.Service),
    printed: f.PrintFlag === '1',
  };
}

interface XmlReply {
  code: number;
  message: string;
  fields: Record<string, unknown>;
}

function parseReply(operation: Operation, text: string): XmlReply {
  if (/<!DOCTYPE|<!ENTITY/iu.test(text)) throw malformed(operation, 'not-xml', 'DOCTYPE or ENTITY');
  let parsed: unknown;
  try {
    parsed = parser.parse(text, true);
  } catch {
    throw malformed(operation, 'not-xml', 'not well-formed');
  }
  if (!isRecord(parsed)) throw malformed(operation, 'not-xml', 'no root');
  const keys = Object.keys(parsed);
  const root = keys.length === 1 ? parsed[keys[0]!] : undefined;
  // A refusal before the service knew the call (404, a 400 of the HTTP layer) may come under another root.
  if (!isRecord(root))
    throw malformed(
      operation,
      'wrong-root',
      keys
        .slice(0, 3)
        .map((k) => printableText(k).slice(0, 40))
        .join(','),
    );
  const fields = decodeTree(operation, root) as Record<string, unknown>;
  const rawCode = fields.ResultCode;
  if (rawCode === undefined) throw malformed(operation, 'missing-field', 'ResultCode');
  if (typeof rawCode !== 'string' || !/^-?\d{1,6}$/u.test(rawCode)) throw malformed(operation, 'wrong-type', 'ResultCode');
  const code = Number(rawCode);
  if (code === 0 && keys[0] !== `${operation}Reply`) throw malformed(operation, 'wrong-root', printableText(keys[0]!).slice(0, 40));
  const message = typeof fields.Message === 'string' ? printableText(fields.Message).slice(0, 200) : '';
  return { code, message, fields };
}

/** Decodes the XML's predefined entities and character references in every text value. */
function decodeTree(operation: Operation, value: unknown): unknown {
  if (typeof value === 'string') return decodeText(operation, value);
  if (Array.isArray(value)) return value.map((v) => decodeTree(operation, v));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeTree(operation, v)]));
  return value;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeText(operation: Operation, text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,4});/giu, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const point = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff))
        throw malformed(operation, 'not-xml', 'a character reference out of range');
      return String.fromCodePoint(point);
    }
    const named = NAMED[ref];
    if (named === undefined) throw malformed(operation, 'not-xml', `entity &${printableText(ref)};`);
    return named;
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function padPrintNo(printNo: string): string {
  if (!/^\d{1,16}$/u.test(printNo))
    throw new SarftKioskError('rejected', 'print_no must be 1 to 16 digits', { refusal: 'invalid-request' });
  return printNo.padStart(16, '0');
}

function countOf(ticketCount: number): number {
  if (!Number.isInteger(ticketCount) || ticketCount < 1 || ticketCount > 9999)
    throw new SarftKioskError('rejected', 'ticket_count must be a positive integer', { refusal: 'invalid-request' });
  return ticketCount;
}

function centsOf(yuan: string): number {
  const [whole, fraction = ''] = yuan.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

function refused(operation: Operation, reply: XmlReply): SarftKioskError {
  const refusal = refusals[reply.code] ?? 'other';
  return new SarftKioskError('rejected', `${operation}: ${reply.code} ${reply.message || refusal}`, { refusal, resultCode: reply.code });
}

function malformed(operation: Operation, kind: SarftKioskMalformed, what: string): SarftKioskError {
  return new SarftKioskError('malformed', `${operation}: reply refused (${kind}: ${what})`, { malformed: kind });
}

/** Connection refused or a connect timeout: nothing reached the service. Anything later: the outcome is unknown. */
function transportError(operation: Operation, error: unknown): SarftKioskError {
  const code = (error as { code?: string }).code ?? '';
  const notSent =
    error instanceof undiciErrors.ConnectTimeoutError ||
    ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(code);
  const reason = printableText((error as Error).message || code || 'failed').slice(0, 200);
  return new SarftKioskError(notSent ? 'unreachable' : 'unknown-outcome', `${operation}: ${reason}`);
}
