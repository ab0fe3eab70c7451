import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/host';
import type { PrintServiceClient } from '../../electron/core/print-service/print-service.client';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import type { UiCallName } from '../../shared/contract/ui';
import { SarftCode } from '../../shared/contract/sarft-codes';
import { bookingPicker, md5, startDemoHost, terminalClient } from '../support/in-process-host';
import { ticketSourceModes } from '../support/ticket-source-modes';
import { eventually } from '../support/sim-control';
import { firstRunCode } from '../support/first-run';

/**
 * print-result is the terminal's report on its whole claim: a ticket of the claim in neither list (the
 * one in the printer when it faulted) is unknown at once and the claim ends, so the same kiosk session
 * asking again is refused (2008) and never gets that ticket back to print a second time. The claim time
 * is the default (120 s): nothing here waits for a claim to run out.
 */
describe.each(ticketSourceModes)('ticket source $mode', ({ strictSeed }) => {
  let host: RunningHost;
  let kiosk: PrintServiceClient;
  let pick: ReturnType<typeof bookingPicker>;
  let clerk = '';

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies (Result of each call) are checked by shape below
  const ui = (name: UiCallName, input: Record<string, unknown>): Promise<any> => dispatchUiCall(host.core.handlers, name, input);
  const printer = () => host.demo!.printer!;
  const states = async (printNo: string) => {
    const reply = await kiosk.call('query', { printNo });
    return reply.kind === 'reply' ? (reply.body.tickets ?? []).map((t) => t.state) : [];
  };
  const history = async (bookingNumber: number) =>
    (await ui('office.booking', { session: clerk, bookingNumber })).value.history as { action: string; details: Record<string, unknown> }[];
  /** Jobs are stored when the printer connection closes, just after the call answers. */
  const settle = () => new Promise((r) => setTimeout(r, 300));

  beforeAll(async () => {
    host = await startDemoHost({ printer: { ticketTimeoutMs: 1_000 } }, { strictSeed });
    kiosk = terminalClient(host, 1);
    pick = bookingPicker(host);
    await ui('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(host.config.dataDir) });
    const tech = (await ui('staff.login', { username: 'tech1', password: 'a-long-password-1' })).value.session;
    await ui('staff.add', { session: tech, username: 'clerk1', role: 'clerk', password: '246810' });
    clerk = (await ui('staff.login', { username: 'clerk1', password: '246810' })).value.session;
  });
  afterEach(async () => {
    printer().setFaults({});
    printer().setCondition({ paperOut: false, coverOpen: false, online: true });
    await settle();
  });
  afterAll(async () => {
    await kiosk?.close();
    await host?.stop();
  });

  async function claim(b: { printNo: string; verifyCode: string }) {
    const reply = await kiosk.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: md5(b.verifyCode) });
    expect(reply).toMatchObject({ resultCode: 0 });
    const body = reply.kind === 'reply' ? reply.body : {};
    return { printToken: String(body.printToken ?? ''), tickets: body.tickets ?? [] };
  }

  describe('print-result: a ticket of the claim in neither list is unknown at once', () => {
    it('printed [t1], failed [t3]: t2 is unknown now; the same session asking again gets 2008 and no ticket; the same result answers the same', async () => {
      const b = pick('unprinted', 3);
      const { printToken, tickets } = await claim(b);
      expect(tickets.map((t) => t.returnValue)).toEqual([0, 0, 0]);
      const [t1, t2, t3] = tickets.map((t) => t.ticketCode) as [string, string, string];
      const report = { printNo: b.printNo, printToken, printed: [t1], failed: [t3] };

      const first = await kiosk.call('printResult', report);
      expect(first).toMatchObject({ resultCode: 0, body: { printedCount: 1 } });
      expect(await states(b.printNo)).toEqual(['printed', 'unknown', 'unprinted']);

      const again = await kiosk.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: md5(b.verifyCode) });
      expect(again).toMatchObject({ resultCode: SarftCode.TicketUnknown });
      expect(again.kind === 'reply' ? (again.body.tickets ?? []).filter((t) => t.returnValue === 0) : []).toEqual([]);
      expect(JSON.stringify(again)).not.toContain(tickets[1]!.ticketInfoCode);

      expect(await kiosk.call('printResult', report)).toMatchObject({ resultCode: 0, body: { printedCount: 1 } });
      expect(await states(b.printNo)).toEqual(['printed', 'unknown', 'unprinted']);
      // The change is audited with the result it came from, once (the repeat's record changes nothing and names no unknown).
      const results = (await history(b.bookingNumber)).filter((h) => h.action === 'tickets.print-result');
      expect(results[0]!.details).toMatchObject({ printed: [t1], failed: [t3], unknown: [t2] });
      expect(results.filter((h) => 'unknown' in h.details)).toHaveLength(1);
    });

    it('one ticket, print-result with neither list: unknown at once, a retry gets 2008', async () => {
      const b = pick('unprinted', 1);
      const { printToken, tickets } = await claim(b);
      const report = { printNo: b.printNo, printToken, printed: [], failed: [] };
      expect(await kiosk.call('printResult', report)).toMatchObject({ resultCode: 0, body: { printedCount: 0 } });
      expect(await states(b.printNo)).toEqual(['unknown']);
      const again = await kiosk.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: md5(b.verifyCode) });
      expect(again).toMatchObject({ resultCode: SarftCode.TicketUnknown });
      expect(JSON.stringify(again)).not.toContain(tickets[0]!.ticketInfoCode);
      expect(await kiosk.call('printResult', report)).toMatchObject({ resultCode: 0, body: { printedCount: 0 } });
    });

    it('kiosk: a fault mid-ticket, then the customer collects again at once: refused, nothing printed twice, the ticket on the attention list', async () => {
      const b = pick('unprinted', 3);
      const collect = () => host.core.handlers['kiosk.collect']({ printNo: b.printNo, verifyCode: b.verifyCode });
      const before = printer().jobs().length;
      printer().setFaults({ dropAfterBytes: 700 });
      expect(await collect()).toMatchObject({ ok: true, value: { total: 3, printed: 1, unknown: 1, failed: 1 } });
      await eventually(
        async () => printer().jobs(),
        (j) => j.length > before,
      );
      // The printer works again, so a second copy would come out whole if it were sent.
      printer().setFaults({});
      const afterFirst = printer().jobs().length;
      expect(await states(b.printNo)).toEqual(['printed', 'unknown', 'unprinted']);

      // The kiosk still offers the booking (one ticket is collectable), and the customer presses Print again.
      expect(await host.core.handlers['kiosk.lookup']({ printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({ ok: true });
      expect(await collect()).toMatchObject({ ok: false, error: { code: 'TICKET_UNKNOWN' } });
      await settle();
      const inDoubt = host.demo!.sim!.state.findBooking(b.bookingNumber, undefined)!.tickets[1]!;
      const later = printer().jobs().slice(afterFirst);
      expect(later.flatMap((j) => j.qrPayloads)).not.toContain(inDoubt.ticketInfoCode);
      expect(later.reduce((cuts, j) => cuts + j.cuts, 0)).toBe(0);
      expect(await states(b.printNo)).toEqual(['printed', 'unknown', 'unprinted']);

      const items = (await ui('office.attention.list', { session: clerk })).value.items as {
        kind: string;
        bookingNumber: number;
        ticketCode?: string;
      }[];
      expect(items.filter((i) => i.kind === 'unknown-print' && i.bookingNumber === b.bookingNumber)).toEqual([
        expect.objectContaining({ ticketCode: inDoubt.ticketCode }),
      ]);
    });
  });
});
