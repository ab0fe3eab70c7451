import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/host';
import { SarftCode } from '../../shared/contract/sarft-codes';
import { bookingPicker, md5, startDemoHost } from '../support/in-process-host';
import { eventually } from '../support/sim-control';
import { SeedKiosk, VendorXmlKiosk, type KioskReply, type SeedReply, type XmlReply } from '../support/third-party-kiosks';

/**
 * Kiosks of other vendors (tests/support/third-party-kiosks.ts: one from seed 003 §3.14's names in
 * JSON, one in the vendors' XML style) collect a 4-ticket booking from our print service (in-process
 * host with the simulator and the virtual printer, on loopback), with a partial print result, and a
 * second terminal is refused while the first holds the claim. Our guarantees hold for them: the claim
 * is one terminal's, the national QR only goes to the claim's holder, the per-ticket outcome is exact.
 */
let host: RunningHost;
let pick: ReturnType<typeof bookingPicker>;

beforeAll(async () => {
  host = await startDemoHost();
  pick = bookingPicker(host);
});
afterAll(() => host?.stop());

interface Ticket {
  code: string;
  returnValue: number | undefined;
  qr: string | undefined;
  printFlag: number;
  price: string;
  printNo: string;
}
interface Dialect {
  name: string;
  kiosk(terminal: number): SeedKiosk | VendorXmlKiosk;
  code(reply: KioskReply<unknown>): number;
  tickets(reply: KioskReply<unknown>): Ticket[];
  printedCount(reply: KioskReply<unknown>): number;
}

const terminal = (index: number) => host.demo!.terminals[index]!;
const dialects: Dialect[] = [
  {
    name: 'seed JSON',
    kiosk: (i) => new SeedKiosk(host.printServiceUrl, terminal(i).username, terminal(i).password),
    code: (r) => (r.body as SeedReply).result_code,
    tickets: (r) =>
      ((r.body as SeedReply).tickets ?? []).map((t) => ({
        code: t.ticket_code,
        returnValue: t.return_value,
        qr: t.ticket_info_code,
        printFlag: Number(t.print_flag),
        price: String(t.price),
        printNo: String(t.print_no),
      })),
    printedCount: (r) => Number((r.body as SeedReply).printed_count),
  },
  {
    name: 'vendor XML',
    kiosk: (i) => new VendorXmlKiosk(host.printServiceUrl, terminal(i).username, terminal(i).password),
    code: (r) => Number((r.body as XmlReply).ResultCode),
    tickets: (r) =>
      ((r.body as XmlReply).Tickets?.Ticket ?? []).map((t) => ({
        code: t.TicketCode,
        returnValue: t.ReturnValue === undefined ? undefined : Number(t.ReturnValue),
        qr: t.TicketInfoCode,
        printFlag: Number(t.PrintFlag),
        price: t.Price!,
        printNo: t.PrintNo!,
      })),
    printedCount: (r) => Number((r.body as XmlReply).PrintedCount),
  },
];

const ticketStates = (bookingNumber: number) =>
  host.core.db
    .prepare<[number], { ticket_code: string; state: string }>(
      'SELECT ticket_code, state FROM tickets WHERE booking_number = ? ORDER BY sequence',
    )
    .all(bookingNumber);

describe.each(dialects)('a third-party kiosk speaking $name', (dialect) => {
  it('collects a 4-ticket booking: two printed, two back to printable, a second terminal refused, then the rest', async () => {
    const b = pick('unprinted', 4);
    const sim = host.demo!.sim!.state.findBooking(b.bookingNumber, undefined)!;
    const kiosk = dialect.kiosk(1);
    const other = dialect.kiosk(0);
    expect(dialect.code(await kiosk.auth())).toBe(SarftCode.Ok);
    expect(dialect.code(await other.auth())).toBe(SarftCode.Ok);

    const query = await kiosk.query(b.printNo, 4);
    expect(query.status).toBe(200);
    expect(query.contentType).toContain(dialect.name === 'seed JSON' ? 'application/json' : 'application/xml');
    expect(dialect.code(query)).toBe(SarftCode.Ok);
    const queried = dialect.tickets(query);
    expect(queried).toHaveLength(4);
    // The standard's per-ticket names; the admission credential only after the verify code.
    expect(queried.every((t) => t.printNo === b.printNo && /^\d+\.\d\d$/u.test(t.price) && t.printFlag === 0 && !t.qr)).toBe(true);
    expect(queried.map((t) => t.price)).toEqual(sim.tickets.map((t) => (t.priceCents / 100).toFixed(2)));

    const print = await kiosk.print(b.bookingNumber.toString(), md5(b.verifyCode));
    expect(dialect.code(print)).toBe(SarftCode.Ok);
    const released = dialect.tickets(print);
    expect(released.map((t) => t.returnValue)).toEqual([0, 0, 0, 0]);
    expect(released.map((t) => t.qr)).toEqual(sim.tickets.map((t) => t.ticketInfoCode));

    // One printer per claim: the other terminal may neither take the tickets nor report on them.
    expect(dialect.code(await other.print(b.printNo, md5(b.verifyCode)))).toBe(SarftCode.ClaimedElsewhere);
    // Audited with the refused terminal. RefusalAudit writes a caller's first refusal of its window in full (the
    // first dialect's run) and sums the rest of the window into one row when it ends.
    if (dialect === dialects[0]) {
      const lost = host.core.db
        .prepare<[string], { terminal_id: string; details: string }>(
          "SELECT terminal_id, details FROM audit_log WHERE subject = ? AND action = 'print-service.refused'",
        )
        .all(`booking:${b.bookingNumber}`);
      expect(lost.map((row) => [row.terminal_id, (JSON.parse(row.details) as { code: number }).code])).toEqual([
        [terminal(0).terminalId, SarftCode.ClaimedElsewhere],
      ]);
    }
    expect(dialect.code(await other.printResult(b.printNo, 4))).toBe(SarftCode.PrintTokenInvalid);
    expect(ticketStates(b.bookingNumber).map((t) => t.state)).toEqual(['claimed', 'claimed', 'claimed', 'claimed']);

    // More than the claim holds changes nothing.
    expect(dialect.code(await kiosk.printResult(b.printNo, 5))).toBe(SarftCode.TicketCountMismatch);

    const result = await kiosk.printResult(b.printNo, 2);
    expect(dialect.code(result)).toBe(SarftCode.Ok);
    expect(dialect.printedCount(result)).toBe(2);
    const after = ticketStates(b.bookingNumber);
    expect(after.map((t) => t.state)).toEqual(['printed', 'printed', 'unprinted', 'unprinted']);
    expect(after.slice(0, 2).map((t) => t.ticket_code)).toEqual(released.slice(0, 2).map((t) => t.code));
    // A repeated report answers the same and changes nothing.
    const repeat = await kiosk.printResult(b.printNo, 2);
    expect([dialect.code(repeat), dialect.printedCount(repeat)]).toEqual([SarftCode.Ok, 2]);
    expect(ticketStates(b.bookingNumber)).toEqual(after);
    await eventually(
      async () => sim.tickets.map((t) => t.collected),
      (collected) => collected.join() === 'true,true,false,false',
    );

    expect(dialect.tickets(await kiosk.query(b.printNo)).map((t) => t.printFlag)).toEqual([1, 1, 0, 0]);
    const rest = await kiosk.print(b.printNo, md5(b.verifyCode));
    expect(dialect.code(rest)).toBe(SarftCode.Ok);
    expect(dialect.tickets(rest).map((t) => t.returnValue)).toEqual([1, 1, 0, 0]);
    const last = await kiosk.printResult(b.printNo, 2);
    expect([dialect.code(last), dialect.printedCount(last)]).toEqual([SarftCode.Ok, 2]);
    expect(ticketStates(b.bookingNumber).map((t) => t.state)).toEqual(['printed', 'printed', 'printed', 'printed']);
    await eventually(
      async () => sim.effects.collected,
      (n) => n === 4,
    );
    expect(dialect.code(await kiosk.print(b.printNo, md5(b.verifyCode)))).toBe(SarftCode.AlreadyPrinted);
    expect(host.core.audit.verify()).toMatchObject({ ok: true });
  });

  it('a report of none printed returns every ticket of the claim to printable', async () => {
    const b = pick('unprinted', 4);
    const kiosk = dialect.kiosk(1);
    await kiosk.auth();
    expect(dialect.code(await kiosk.print(b.printNo, md5(b.verifyCode)))).toBe(SarftCode.Ok);
    const none = await kiosk.printResult(b.printNo, 0);
    expect([dialect.code(none), dialect.printedCount(none)]).toEqual([SarftCode.Ok, 0]);
    expect(ticketStates(b.bookingNumber).map((t) => t.state)).toEqual(['unprinted', 'unprinted', 'unprinted', 'unprinted']);
  });
});

/** Claims, outbox, audit rows and every ticket's state: a refused request changes none of them. */
function snapshot() {
  const db = host.core.db;
  const count = (table: string) => db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).get()!.n;
  return {
    claims: count('claims'),
    outbox: count('outbox'),
    audit: count('audit_log'),
    tickets: db.prepare('SELECT ticket_code, state FROM tickets ORDER BY ticket_code').all(),
  };
}

describe("each dialect's malformed input: 9000 naming the field in the asker's names, nothing changed", () => {
  it('seed JSON', async () => {
    const kiosk = dialects[0]!.kiosk(1) as SeedKiosk;
    await kiosk.auth();
    const b = pick('unprinted', 4);
    const printNo = b.printNo;
    const token = kiosk.token;
    const before = snapshot();
    const cases: [path: string, body: unknown, field: string][] = [
      ['/sarft/v1/tickets/query', { print_no: 'abc', token }, 'print_no'],
      ['/sarft/v1/tickets/query', { print_no: `${printNo.slice(1)}\u0000`, token }, 'print_no'],
      ['/sarft/v1/tickets/query', { print_no: printNo, ticket_count: '4', token }, 'ticket_count'],
      ['/sarft/v1/tickets/query', { print_no: printNo, token: 'x'.repeat(600) }, 'token'],
      ['/sarft/v1/tickets/apply-print', { print_no: printNo, verify_code_md5: 'not-hex', token }, 'verify_code_md5'],
      ['/sarft/v1/tickets/apply-print', { print_no: printNo, token }, 'verify_code_md5'],
      ['/sarft/v1/tickets/print-result', { print_no: printNo, ticket_count: -1, token }, 'ticket_count'],
      ['/sarft/v1/tickets/print-result', { print_no: printNo, ticket_count: 1.5, token }, 'ticket_count'],
      ['/sarft/v1/tickets/print-result', { print_no: printNo, token }, 'ticket_count'],
      // Our names mixed into the seed's are not guessed at: the body is refused as a whole.
      ['/sarft/v1/tickets/print-result', { print_no: printNo, ticket_count: 1, admin: true, token }, '(body)'],
      ['/sarft/v1/auth', { username: 'kiosk' }, 'password'],
      ['/sarft/v1/auth', { username: '', password: 'p' }, 'username'],
    ];
    for (const [path, body, field] of cases) {
      const reply = await kiosk.send(path, body);
      expect({ path, body, status: reply.status, code: reply.body.result_code }).toEqual({
        path,
        body,
        status: 400,
        code: SarftCode.Malformed,
      });
      expect((reply.body.details as { fields: { field: string }[] }).fields.map((f) => f.field)).toContain(field);
      expect(reply.body).not.toHaveProperty('resultCode');
    }
    // Our names mixed with the seed's: the body is ours (one of our names), refused in our names.
    const mixed = await kiosk.send('/sarft/v1/tickets/print-result', { print_no: printNo, printToken: 'x', printed: [], failed: [] });
    expect([mixed.status, mixed.body.resultCode]).toEqual([400, SarftCode.Malformed]);
    // A token in the body and a different one in the header: refused, not one of them chosen.
    const twoTokens = await kiosk.send('/sarft/v1/tickets/query', { print_no: printNo, token }, { authorization: 'Bearer another-token' });
    expect([twoTokens.status, twoTokens.body.result_code]).toEqual([400, SarftCode.Malformed]);
    expect(twoTokens.body.details).toEqual({ fields: [{ field: 'token', problem: 'differs from the Authorization header' }] });
    expect(snapshot()).toEqual(before);
    // No token at all: the token error, in the seed's names; nothing changed but the audit of the probe.
    const noToken = await kiosk.send('/sarft/v1/tickets/apply-print', { print_no: printNo, verify_code_md5: md5(b.verifyCode) });
    expect([noToken.status, noToken.body.result_code]).toEqual([401, SarftCode.TokenInvalid]);
    expect({ ...snapshot(), audit: 0 }).toEqual({ ...before, audit: 0 }); // audited, maybe within the source's refusal window (RefusalAudit)
    // The same token in the header (a seed kiosk that sends it as ours do) works.
    const header = await kiosk.send('/sarft/v1/tickets/query', { print_no: printNo }, { authorization: `Bearer ${token}` });
    expect(header.body.result_code).toBe(SarftCode.Ok);
  });

  it('vendor XML', async () => {
    const kiosk = dialects[1]!.kiosk(1) as VendorXmlKiosk;
    await kiosk.auth();
    const b = pick('unprinted', 4);
    const token = kiosk.token;
    const before = snapshot();
    const md5Code = md5(b.verifyCode);
    const cases: [path: string, root: string, fields: Record<string, string>, field: string][] = [
      ['/sarft/v1/tickets/apply-print', 'ApplyFetchTicket', { PrintNo: 'x1', VerifyCodeMD5: md5Code, Token: token }, 'PrintNo'],
      ['/sarft/v1/tickets/apply-print', 'ApplyFetchTicket', { PrintNo: b.printNo, VerifyCodeMD5: 'zz', Token: token }, 'VerifyCodeMD5'],
      ['/sarft/v1/tickets/apply-print', 'ApplyFetchTicket', { PrintNo: b.printNo, Token: token }, 'VerifyCodeMD5'],
      ['/sarft/v1/tickets/print-result', 'FetchTicket', { PrintNo: b.printNo, TicketCount: 'two', Token: token }, 'TicketCount'],
      ['/sarft/v1/tickets/print-result', 'FetchTicket', { PrintNo: b.printNo, TicketCount: '1', Admin: 'x', Token: token }, '(body)'],
      ['/sarft/v1/tickets/query', 'QueryTicketInfo', { PrintNo: b.printNo, Token: 'x'.repeat(600) }, 'Token'],
      ['/sarft/v1/auth', 'Auth', { Username: 'kiosk' }, 'Password'],
    ];
    for (const [path, root, fields, field] of cases) {
      const reply = await kiosk.call(path, root, fields);
      expect({ path, fields, status: reply.status, code: reply.body.ResultCode }).toEqual({ path, fields, status: 400, code: '9000' });
      // The parser reads every <Field> as a list: the item of <Fields> and its <Field> name alike.
      const items = (reply.body.Details as { Fields: { Field: { Field: string[] }[] } }).Fields.Field;
      const named = items.map((f) => f.Field[0]);
      expect(named).toContain(field);
    }
    const doctype = await kiosk.send(
      '/sarft/v1/tickets/apply-print',
      'ApplyFetchTicket',
      `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><ApplyFetchTicket><PrintNo>&x;</PrintNo><VerifyCodeMD5>${md5Code}</VerifyCodeMD5><Token>${token}</Token></ApplyFetchTicket>`,
    );
    expect([doctype.status, doctype.body.ResultCode]).toEqual([400, '9000']);
    const controlBytes = await kiosk.send(
      '/sarft/v1/tickets/apply-print',
      'ApplyFetchTicket',
      `<ApplyFetchTicket><PrintNo>1\u0007</PrintNo><VerifyCodeMD5>${md5Code}</VerifyCodeMD5><Token>${token}</Token></ApplyFetchTicket>`,
    );
    expect([controlBytes.status, controlBytes.body.ResultCode]).toEqual([400, '9000']);
    expect(snapshot()).toEqual(before);
    const noToken = await kiosk.call('/sarft/v1/tickets/apply-print', 'ApplyFetchTicket', { PrintNo: b.printNo, VerifyCodeMD5: md5Code });
    expect([noToken.status, noToken.body.ResultCode]).toEqual([401, String(SarftCode.TokenInvalid)]);
    expect({ ...snapshot(), audit: 0 }).toEqual({ ...before, audit: 0 }); // audited, maybe within the source's refusal window (RefusalAudit)
  });
});

describe('unknown on doubt, the verify-code lock and the account lock, in the standard dialects', () => {
  let limited: RunningHost;
  beforeAll(async () => {
    // Claims of a second; the source's own login budget raised, so that what refuses below is the account's lock.
    limited = await startDemoHost({
      printService: { claimTtlSeconds: 1, limits: { sourceLoginsPerMinute: 1_000, sourceFailuresPerMinute: 1_000 } },
    });
  });
  afterAll(() => limited?.stop());

  it('a claim with no print result turns unknown, never printable: the kiosk is sent to the box office (2008)', async () => {
    const t = limited.demo!.terminals[1]!;
    const b = bookingPicker(limited)('unprinted', 4);
    const seed = new SeedKiosk(limited.printServiceUrl, t.username, t.password);
    const xml = new VendorXmlKiosk(limited.printServiceUrl, t.username, t.password);
    await seed.auth();
    await xml.auth();
    expect((await seed.print(b.printNo, md5(b.verifyCode))).body.result_code).toBe(SarftCode.Ok);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const states = (await seed.query(b.printNo)).body.tickets!.map((ticket) => ticket.state);
    expect(states).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    expect((await seed.print(b.printNo, md5(b.verifyCode))).body.result_code).toBe(SarftCode.TicketUnknown);
    expect((await xml.print(b.printNo, md5(b.verifyCode))).body.ResultCode).toBe(String(SarftCode.TicketUnknown));
    // A late report cannot settle what is in doubt: only the box office does.
    expect((await seed.printResult(b.printNo, 4)).body.result_code).toBe(SarftCode.PrintTokenInvalid);
  });

  it('ten wrong VerifyCodeMD5 in the vendor XML lock the pickup number for this terminal, audited', async () => {
    const t = limited.demo!.terminals[1]!;
    const b = bookingPicker(limited)('unprinted', 1);
    const xml = new VendorXmlKiosk(limited.printServiceUrl, t.username, t.password);
    await xml.auth();
    const codes: string[] = [];
    for (let i = 0; i < 11; i += 1) codes.push((await xml.print(b.printNo, md5(`wrong-${i}`))).body.ResultCode);
    expect(codes).toEqual([...Array<string>(10).fill(String(SarftCode.PrintNoOrVerifyWrong)), String(SarftCode.TooManyAttempts)]);
    const right = await xml.print(b.printNo, md5(b.verifyCode));
    expect(right.status).toBe(429);
    expect(right.body).toMatchObject({
      ResultCode: String(SarftCode.TooManyAttempts),
      RetryAfter: expect.stringMatching(/^\d+$/u) as string,
    });
    const locked = limited.core.db
      .prepare<[string], { terminal_id: string }>(
        "SELECT terminal_id FROM audit_log WHERE action = 'print-service.pickup-locked' AND subject = ?",
      )
      .all(`booking:${b.bookingNumber}`);
    expect(locked).toEqual([{ terminal_id: t.terminalId }]);
  });

  it('five wrong passwords without a terminal id lock the account for this source, audited; the right one is refused then too', async () => {
    const t = limited.demo!.terminals[1]!;
    const wrong = new SeedKiosk(limited.printServiceUrl, t.username, 'wrong-password');
    const codes: number[] = [];
    for (let i = 0; i < 6; i += 1) codes.push((await wrong.auth()).body.result_code);
    expect(codes).toEqual([...Array<number>(5).fill(SarftCode.BadCredentials), SarftCode.TooManyAttempts]);
    const right = await new SeedKiosk(limited.printServiceUrl, t.username, t.password).auth();
    expect(right.body).toMatchObject({ result_code: SarftCode.TooManyAttempts, retry_after: expect.any(Number) as number });
    const locked = limited.core.db.prepare("SELECT details FROM audit_log WHERE action = 'print-service.login-locked'").all() as {
      details: string;
    }[];
    expect(locked).toHaveLength(1);
    expect(JSON.parse(locked[0]!.details)).toMatchObject({ username: t.username });
  });
});
