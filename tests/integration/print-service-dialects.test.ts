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
