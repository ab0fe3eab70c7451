import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { request } from 'undici';
import { startCentralSim, type RunningCentralSim } from '../../electron/simulator/central-sim.server';
import { SarftKioskHttpClient, type SarftKioskClientConfig } from '../../electron/core/central/sarft-kiosk-service.client';
import { SarftKioskError } from '../../electron/core/central/sarft-kiosk-service';
import { VistaHttpClient } from '../../electron/core/central/vista-http.client';
import type { DemoBooking, SimBooking } from '../../electron/simulator/central-sim.state';
import { simSend } from '../support/sim-control';

let sim: RunningCentralSim;
let client: SarftKioskHttpClient;
const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const printNoOf = (b: SimBooking) => String(b.bookingNumber).padStart(16, '0');
const config = (over: Partial<SarftKioskClientConfig> = {}): SarftKioskClientConfig => ({
  baseUrl: sim.sarft.url,
  username: sim.sarft.username,
  password: sim.sarft.password,
  connectTimeoutMs: 1_000,
  requestTimeoutMs: 2_000,
  ...over,
});

/** The error a call fails with (a call that succeeds fails the test). */
async function failure(call: Promise<unknown>): Promise<SarftKioskError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof SarftKioskError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
}

beforeAll(async () => {
  sim = await startCentralSim({ demo: false });
  client = new SarftKioskHttpClient(config());
});
afterAll(async () => {
  await client?.close();
  await sim?.close();
});

describe('the SarftKioskService stand-in and the core client', () => {
  it('queries a 4-ticket booking: hall, seats, codes, yuan as cents, the show time with +08:00, no QR', async () => {
    const b = sim.state.createBooking({ ticketCount: 4 });
    const reply = await client.query(String(b.bookingNumber), 4);
    expect(reply.printNo).toBe(printNoOf(b));
    expect(reply.tickets).toHaveLength(4);
    const local = new Date(b.session.showtimeMs + 8 * 3_600_000).toISOString().slice(0, 19);
    reply.tickets.forEach((t, i) => {
      const simTicket = b.tickets[i]!;
      expect(t).toMatchObject({
        printNo: printNoOf(b),
        ticketCode: simTicket.ticketCode,
        ticketInfoCode: '',
        cinemaCode: sim.state.cinema.nationalId,
        cinemaName: sim.state.cinema.name,
        screenName: b.session.screenName,
        filmName: b.session.filmTitle,
        seatName: `${simTicket.rowId}排${simTicket.seatNumber}座`,
        priceCents: simTicket.priceCents,
        serviceFeeCents: simTicket.serviceFeeCents,
        sessionAt: `${local}+08:00`,
        sessionEpochMs: b.session.showtimeMs,
        printed: false,
      });
      expect(t.screenCode).toMatch(/^\d{16}$/u);
      expect(t.filmCode).toMatch(/^\d{12}$/u);
    });
  });

  it('answers the seed names on the wire: form-encoded requests, XML replies under QueryTicketInfoReply', async () => {
    const b = sim.state.createBooking({ ticketCount: 1 });
    const post = async (op: string, form: Record<string, string>) => {
      const res = await request(`${sim.sarft.url}/${op}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
      return { status: res.statusCode, type: res.headers['content-type'], text: await res.body.text() };
    };
    const auth = await post('Auth', { username: sim.sarft.username, password: sim.sarft.password });
    expect(auth.type).toMatch(/^application\/xml/u);
    const token = /<Token>([^<]+)<\/Token>/u.exec(auth.text)![1]!;
    const query = await post('QueryTicketInfo', { token, print_no: printNoOf(b), ticket_count: '1' });
    expect(query.status).toBe(200);
    expect(query.text).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><QueryTicketInfoReply><ResultCode>0<\/ResultCode><Message>/u);
    for (const field of [
      'PrintNo',
      'CinemaCode',
      'ScreenCode',
      'FilmCode',
      'SessionCode',
      'TicketCode',
      'SeatCode',
      'SeatName',
      'PrintFlag',
    ])
      expect(query.text).toContain(`<${field}>`);
    expect(query.text).toContain('<TicketInfoCode/>');
    expect(query.text).toContain('<Price>45.00</Price><Service>3.00</Service>');
    const json = await post('QueryTicketInfo', { token, print_no: printNoOf(b) }).then(() =>
      request(`${sim.sarft.url}/QueryTicketInfo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
    );
    expect(json.statusCode).toBe(400);
    expect(await json.body.text()).toContain('<ResultCode>9000</ResultCode>');
  });

  it('releases the QR with request 3 only for the right MD5 of VistaBookingId; request 4 marks the first N printed and GetSingleBooking shows them collected', async () => {
    const b = sim.state.createBooking({ ticketCount: 4 });
    const printNo = String(b.bookingNumber);
    const wrong = await failure(client.print(printNo, md5(`${b.bookingId}X`)));
    expect(wrong).toMatchObject({ failure: 'rejected', refusal: 'verify-code-wrong' });

    const first = await client.print(printNo, md5(b.bookingId).toUpperCase());
    expect(first.allPrinted).toBe(false);
    expect(first.tickets.map((t) => t.ticketInfoCode)).toEqual(b.tickets.map((t) => t.ticketInfoCode));
    expect(b.tickets.every((t) => !t.collected)).toBe(true); // request 3 marks nothing

    await client.printResult(printNo, 2);
    await client.printResult(printNo, 2); // idempotent
    expect(b.tickets.map((t) => t.collected)).toEqual([true, true, false, false]);
    expect(b.effects.collected).toBe(2);

    const vista = new VistaHttpClient({
      baseUrl: sim.baseUrl,
      connectApiToken: sim.token,
      cinemaId: sim.cinemaId,
      optionalClientId: '111.111.111.111',
      connectTimeoutMs: 1_000,
      requestTimeoutMs: 2_000,
    });
    try {
      const central = await vista.getBooking(b.bookingNumber);
      expect(central!.tickets.map((t) => t.collected)).toEqual(['yes', 'yes', 'no', 'no']);
    } finally {
      await vista.close();
    }

    const query = await client.query(printNo);
    expect(query.tickets.map((t) => t.printed)).toEqual([true, true, false, false]);
    await client.printResult(printNo, 4);
    const again = await client.print(printNo, md5(b.bookingId));
    expect(again.allPrinted).toBe(true);
    expect(again.tickets.every((t) => t.printed)).toBe(true);
  });

  it('serves bookings made through the control API (POST /__sim/bookings) with hall, seats, ticket codes and the national QR', async () => {
    const made = await simSend<DemoBooking>(sim.url, 'POST', '/__sim/bookings', { ticketCount: 3 });
    const query = await client.query(made.printNo, 3);
    expect(query.tickets.map((t) => t.seatName)).toEqual([expect.stringMatching(/^\d+排\d+座$/u), expect.any(String), expect.any(String)]);
    expect(query.tickets.every((t) => t.screenName !== '' && /^\d{16}$/u.test(t.ticketCode))).toBe(true);
    const print = await client.print(made.printNo, md5(made.verifyCode));
    for (const t of print.tickets) expect(t.ticketInfoCode).toMatch(/^\d{8}[A-Za-z0-9+/]{171}=$/u);
  });

  it('refuses a print result before any print (request 3) of that print_no, and a ticket_count beyond the booking', async () => {
    const b = sim.state.createBooking({ ticketCount: 2 });
    const other = new SarftKioskHttpClient(config());
    try {
      expect(await failure(other.printResult(String(b.bookingNumber), 1))).toMatchObject({
        refusal: 'no-print-under-way',
        detail: { resultCode: 2007 },
      });
      await other.print(String(b.bookingNumber), md5(b.bookingId));
      expect(await failure(other.printResult(String(b.bookingNumber), 3))).toMatchObject({ refusal: 'ticket-count-mismatch' });
      expect(b.tickets.some((t) => t.collected)).toBe(false);
    } finally {
      await other.close();
    }
  });

  it('answers unknown, refunded, QR-pending and count-mismatch bookings with the contract codes', async () => {
    expect(await failure(client.query('9999999999'))).toMatchObject({
      failure: 'rejected',
      refusal: 'not-found',
      detail: { resultCode: 2001 },
    });
    const refunded = sim.state.createBooking({ ticketCount: 1, refunded: true });
    expect(await failure(client.query(String(refunded.bookingNumber)))).toMatchObject({
      refusal: 'refunded',
      detail: { resultCode: 2003 },
    });
    const pending = sim.state.createBooking({ ticketCount: 1, qrPending: true });
    expect(await failure(client.print(String(pending.bookingNumber), md5(pending.bookingId)))).toMatchObject({
      refusal: 'not-yet-available',
    });
    const two = sim.state.createBooking({ ticketCount: 2 });
    expect(await failure(client.query(String(two.bookingNumber), 3))).toMatchObject({
      refusal: 'ticket-count-mismatch',
      detail: { resultCode: 2005 },
    });
    expect(await failure(client.query('12ab'))).toMatchObject({ refusal: 'invalid-request' });
  });

  it('refuses wrong credentials and authenticates again when the session has expired', async () => {
    const wrong = new SarftKioskHttpClient(config({ password: 'not-it' }));
    try {
      expect(await failure(wrong.auth())).toMatchObject({ failure: 'rejected', refusal: 'bad-credentials', detail: { resultCode: 1001 } });
    } finally {
      await wrong.close();
    }
    const b = sim.state.createBooking({ ticketCount: 1 });
    await client.query(String(b.bookingNumber));
    sim.sarft.expireSessions();
    expect((await client.query(String(b.bookingNumber))).tickets).toHaveLength(1);
    // The service, not the session, records request 3: a session lost between 3 and 4 costs nothing.
    await client.print(String(b.bookingNumber), md5(b.bookingId));
    sim.sarft.expireSessions();
    await client.printResult(String(b.bookingNumber), 1);
    expect(b.tickets[0]!.collected).toBe(true);
  });

  it('shares one Auth among calls that find the session gone together, and renews a session before ExpiresIn runs out', async () => {
    const b = sim.state.createBooking({ ticketCount: 1 });
    await client.query(String(b.bookingNumber));
    sim.sarft.expireSessions();
    const before = sim.sarft.calls();
    const replies = await Promise.all(Array.from({ length: 5 }, () => client.query(String(b.bookingNumber))));
    expect(replies.every((r) => r.tickets.length === 1)).toBe(true);
    expect(sim.sarft.calls().Auth - before.Auth).toBe(1);
    expect(sim.sarft.calls().QueryTicketInfo - before.QueryTicketInfo).toBe(10); // each once refused (1002), once answered

    // ExpiresIn 30 s, renewed 30 s early: every call starts a new session and no call is refused for its token.
    const shortLived = await startCentralSim({ demo: false, sarft: { sessionTtlMs: 30_000 } });
    const c = new SarftKioskHttpClient(
      config({ baseUrl: shortLived.sarft.url, username: shortLived.sarft.username, password: shortLived.sarft.password }),
    );
    try {
      const mine = shortLived.state.createBooking({ ticketCount: 1 });
      await c.query(String(mine.bookingNumber));
      await c.query(String(mine.bookingNumber));
      expect(shortLived.sarft.calls()).toMatchObject({ Auth: 2, QueryTicketInfo: 2 });
    } finally {
      await c.close();
      await shortLived.close();
    }
  });

  it('takes a fault posted to /__sim/faults over HTTP', async () => {
    const b = sim.state.createBooking({ ticketCount: 1 });
    await simSend(sim.url, 'POST', '/__sim/faults', { path: '/QueryTicketInfo', status: 503, times: 1 });
    expect(await failure(client.query(String(b.bookingNumber)))).toMatchObject({
      failure: 'unknown-outcome',
      message: expect.stringContaining('503'),
    });
    expect((await client.query(String(b.bookingNumber))).tickets).toHaveLength(1);
    await simSend(sim.url, 'DELETE', '/__sim/faults');
  });

  it('takes faults from /__sim/faults on its paths: a 500, a reset and a hang are unknown outcomes, a closed port is unreachable', async () => {
    const b = sim.state.createBooking({ ticketCount: 1 });
    sim.faults.add({ path: '/QueryTicketInfo', status: 500, times: 1 });
    expect(await failure(client.query(String(b.bookingNumber)))).toMatchObject({ failure: 'unknown-outcome' });
    sim.faults.add({ path: '/FetchTicket', result: 2, times: 1 });
    await client.print(String(b.bookingNumber), md5(b.bookingId));
    expect(await failure(client.printResult(String(b.bookingNumber), 1))).toMatchObject({
      failure: 'rejected',
      refusal: 'other',
      detail: { resultCode: 2 },
    });
    sim.faults.add({ path: '/ApplyFetchTicket', reset: true, times: 1 });
    expect(await failure(client.print(String(b.bookingNumber), md5(b.bookingId)))).toMatchObject({ failure: 'unknown-outcome' });
    expect(client.health()).toMatchObject({
      reachable: false,
      lastOkAt: expect.any(String),
      lastError: expect.stringContaining('ApplyFetchTicket'),
    });
    await client.query(String(b.bookingNumber));
    expect(client.health().reachable).toBe(true);
    const quick = new SarftKioskHttpClient(config({ requestTimeoutMs: 300 }));
    try {
      await quick.auth();
      sim.faults.add({ path: '/QueryTicketInfo', hang: true, times: 1 });
      const started = Date.now();
      expect(await failure(quick.query(String(b.bookingNumber)))).toMatchObject({ failure: 'unknown-outcome' });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      sim.faults.clear();
      await quick.close();
    }
    const closed = await startCentralSim({ demo: false });
    const url = closed.sarft.url;
    await closed.close();
    const nowhere = new SarftKioskHttpClient(config({ baseUrl: url }));
    try {
      expect(nowhere.health().reachable).toBeNull();
      expect(await failure(nowhere.query('1'))).toMatchObject({ failure: 'unreachable' });
      expect(nowhere.health()).toMatchObject({ reachable: false, lastOkAt: null, lastError: expect.stringContaining('Auth') });
    } finally {
      await nowhere.close();
    }
  });
});

/** A raw peer answering whatever the test sets: the hostile replies a real LAN service could send. */
describe('hostile replies are refused whole with a stable kind', () => {
  let raw: Server;
  let rawUrl: string;
  let replyFor: (op: string) => string | Buffer = () => '';
  const seen: { method: string; path: string; type: string; body: string }[] = [];
  beforeAll(async () => {
    raw = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const op = (req.url ?? '').split('/').at(-1) ?? '';
        seen.push({
          method: req.method ?? '',
          path: req.url ?? '',
          type: String(req.headers['content-type']),
          body: Buffer.concat(chunks).toString(),
        });
        const body = replyFor(op);
        res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' });
        res.end(body);
      });
    });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    const address = raw.address() as { port: number };
    rawUrl = `http://127.0.0.1:${address.port}/SarftKioskService`;
  });
  afterAll(() => new Promise<void>((r) => raw.close(() => r())));

  const ticket = (over: Record<string, string> = {}) => {
    const fields: Record<string, string> = {
      PrintNo: '0000000000111972',
      TicketInfoCode: '31090211ABCDEF==',
      CinemaCode: '31090211',
      CinemaName: '星河影城',
      ScreenCode: '3109021100000001',
      ScreenName: '1号厅',
      FilmCode: '001200472025',
      FilmName: '流浪地球3',
      SessionCode: '0000000000029617',
      SessionDateTime: '2026-12-07 19:30:00',
      TicketCode: '3109021100000001',
      SeatCode: '3109021100000001005012',
      SeatName: '5排12座',
      Price: '45.00',
      Service: '3.00',
      PrintFlag: '0',
      ...over,
    };
    return `<Ticket>${Object.entries(fields)
      .map(([k, v]) => (v === '\u0000omit' ? '' : `<${k}>${v}</${k}>`))
      .join('')}</Ticket>`;
  };
  const query = (tickets: string, extra = '') =>
    `<?xml version="1.0" encoding="utf-8"?><QueryTicketInfoReply><ResultCode>0</ResultCode><Message>ok</Message>${extra}<Tickets>${tickets}</Tickets></QueryTicketInfoReply>`;
  const withReply = (queryReply: string | Buffer) => {
    replyFor = (op) =>
      op === 'Auth' ? '<AuthReply><ResultCode>0</ResultCode><Message>ok</Message><Token>t1</Token></AuthReply>' : queryReply;
  };
  const ask = async (over: Partial<SarftKioskClientConfig> = {}) => {
    const c = new SarftKioskHttpClient({
      baseUrl: rawUrl,
      username: 'u',
      password: 'p',
      connectTimeoutMs: 1_000,
      requestTimeoutMs: 2_000,
      ...over,
    });
    try {
      return await c.query('111972');
    } finally {
      await c.close();
    }
  };

  it('sends the seed names, form-encoded, to one path per request, with the session token', async () => {
    seen.length = 0;
    replyFor = (op) =>
      op === 'Auth'
        ? '<AuthReply><ResultCode>0</ResultCode><Message>ok</Message><Token>t-1</Token><ExpiresIn>600</ExpiresIn></AuthReply>'
        : op === 'QueryTicketInfo'
          ? query(ticket())
          : op === 'ApplyFetchTicket'
            ? query(ticket()).replace(/QueryTicketInfoReply/gu, 'ApplyFetchTicketReply')
            : '<FetchTicketReply><ResultCode>0</ResultCode><Message>ok</Message></FetchTicketReply>';
    const c = new SarftKioskHttpClient({
      baseUrl: rawUrl,
      username: 'kiosk user',
      password: 'p&w=1',
      connectTimeoutMs: 1_000,
      requestTimeoutMs: 2_000,
    });
    try {
      await c.query('111972', 1);
      await c.print('111972', 'ABCDEF0123456789ABCDEF0123456789');
      await c.printResult('0000000000111972', 1);
    } finally {
      await c.close();
    }
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /SarftKioskService/Auth',
      'POST /SarftKioskService/QueryTicketInfo',
      'POST /SarftKioskService/ApplyFetchTicket',
      'POST /SarftKioskService/FetchTicket',
    ]);
    expect(seen.every((r) => r.type === 'application/x-www-form-urlencoded; charset=utf-8')).toBe(true);
    expect(seen.map((r) => Object.fromEntries(new URLSearchParams(r.body)))).toEqual([
      { username: 'kiosk user', password: 'p&w=1' },
      { print_no: '0000000000111972', ticket_count: '1', token: 't-1' },
      { print_no: '0000000000111972', verify_code_md5: 'abcdef0123456789abcdef0123456789', token: 't-1' },
      { print_no: '0000000000111972', ticket_count: '1', token: 't-1' },
    ]);
  });

  it('accepts the well-formed reply it is compared against (entities decoded, one ticket not in an array)', async () => {
    withReply(query(ticket({ CinemaName: '星河 &amp; 影城' })));
    const reply = await ask();
    expect(reply.tickets).toHaveLength(1);
    expect(reply.tickets[0]).toMatchObject({
      cinemaName: '星河 & 影城',
      priceCents: 4500,
      serviceFeeCents: 300,
      sessionAt: '2026-12-07T19:30:00+08:00',
    });
  });

  it.each([
    ['ESC in a film name', ticket({ FilmName: '流浪\u001b@地球' }), 'unsafe-characters'],
    ['ESC as a character reference', ticket({ SeatName: '5排&#27;12座' }), 'unsafe-characters'],
    ['a bidi override in a hall name', ticket({ ScreenName: '1号厅\u202e' }), 'unsafe-characters'],
    ['a missing seat', ticket({ SeatName: '\u0000omit' }), 'missing-field'],
    ['an empty hall', ticket({ ScreenName: '' }), 'wrong-type'],
    ['a price that is not money', ticket({ Price: '45,00' }), 'wrong-type'],
    ['a ticket code of 15 digits', ticket({ TicketCode: '310902110000000' }), 'wrong-type'],
    ['a QR with a space', ticket({ TicketInfoCode: '3109 0211' }), 'wrong-type'],
    ['a nested element for a name', ticket({ FilmName: '<b>x</b>' }), 'wrong-type'],
    ['a field given twice', ticket().replace('<Price>45.00</Price>', '<Price>45.00</Price><Price>1.00</Price>'), 'wrong-type'],
    ['a date that does not exist', ticket({ SessionDateTime: '2026-13-40 25:00:00' }), 'wrong-type'],
    ['30 February', ticket({ SessionDateTime: '2026-02-30 19:30:00' }), 'wrong-type'],
    ["24 o'clock", ticket({ SessionDateTime: '2026-02-28 24:00' }), 'wrong-type'],
    ['a ticket of another booking', ticket({ PrintNo: '0000000000111973' }), 'mismatch'],
    ['a ticket that is text', '<Ticket>5排12座</Ticket>', 'wrong-type'],
    ['tickets under another element', ticket().replace(/Ticket>/gu, 'Seat>'), 'wrong-type'],
  ])('refuses %s', async (_name, tickets, kind) => {
    withReply(query(tickets));
    expect(await failure(ask())).toMatchObject({ failure: 'malformed', malformed: kind });
  });

  it('refuses a TicketCount that disagrees with the tickets, a reply without ResultCode, under another root, not XML, with a DOCTYPE', async () => {
    withReply(query(ticket(), '<TicketCount>2</TicketCount>'));
    expect(await failure(ask())).toMatchObject({ malformed: 'mismatch' });
    withReply('<QueryTicketInfoReply><Message>ok</Message><Tickets/></QueryTicketInfoReply>');
    expect(await failure(ask())).toMatchObject({ malformed: 'missing-field' });
    withReply('<AuthReply><ResultCode>0</ResultCode><Token>x</Token></AuthReply>');
    expect(await failure(ask())).toMatchObject({ malformed: 'wrong-root' });
    withReply('{"ResultCode":0}');
    expect(await failure(ask())).toMatchObject({ failure: 'malformed' });
    withReply('<!DOCTYPE r [<!ENTITY x "y">]><QueryTicketInfoReply><ResultCode>0</ResultCode><Tickets/></QueryTicketInfoReply>');
    expect(await failure(ask())).toMatchObject({ malformed: 'not-xml' });
    withReply('<QueryTicketInfoReply><ResultCode>zero</ResultCode></QueryTicketInfoReply>');
    expect(await failure(ask())).toMatchObject({ malformed: 'wrong-type' });
  });

  it('refuses an Auth reply without a usable Token or with an ExpiresIn that is not seconds', async () => {
    const authWith = (fields: string) => {
      replyFor = () => `<AuthReply><ResultCode>0</ResultCode><Message>ok</Message>${fields}</AuthReply>`;
    };
    authWith('');
    expect(await failure(ask())).toMatchObject({ failure: 'malformed', malformed: 'missing-field' });
    authWith('<Token>a b</Token>');
    expect(await failure(ask())).toMatchObject({ malformed: 'wrong-type' });
    authWith('<Token>t1</Token><ExpiresIn>soon</ExpiresIn>');
    expect(await failure(ask())).toMatchObject({ malformed: 'wrong-type' });
  });

  it('refuses an oversized body without reading it all', async () => {
    withReply(query(ticket().repeat(2_000)));
    expect(await failure(ask({ maxReplyBytes: 64 * 1024 }))).toMatchObject({ failure: 'malformed', malformed: 'too-large' });
  });
});
