import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/host';
import { bookingPicker, md5, startDemoHost, terminalClient } from '../support/in-process-host';
import { eventually } from '../support/sim-control';

/**
 * The printed mark with the cinema's SarftKioskService (vista-sarft): its request 4 says only "the first
 * ticket_count tickets are printed". A ticket printed here after one that is not cannot be marked yet:
 * the mark waits (retried, never a wrong ticket marked) until the tickets before it are printed, then
 * one request 4 covers them all. The strict-seed simulator and its stand-in are the peers.
 */
let host: RunningHost;
let pick: ReturnType<typeof bookingPicker>;

beforeAll(async () => {
  host = await startDemoHost({ sync: { baseDelayMs: 100, maxDelayMs: 400, pollMs: 100 } }, { strictSeed: true });
  pick = bookingPicker(host);
});
afterAll(() => host?.stop());

describe('vista-sarft: the printed mark is a run from the first ticket', () => {
  it('the third of three printed alone is not marked (nor the first two in its place); once the first two print, all three are', async () => {
    const b = pick('unprinted', 3);
    const sim = host.demo!.sim!.state.findBooking(b.bookingNumber, undefined)!;
    const third = sim.tickets[2]!.ticketCode;
    const kiosk = terminalClient(host, 1);
    try {
      const claim = await kiosk.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: md5(b.verifyCode), ticketCodes: [third] });
      expect(claim).toMatchObject({ resultCode: 0 });
      const printToken = claim.kind === 'reply' ? String(claim.body.printToken) : '';
      expect(await kiosk.call('printResult', { printNo: b.printNo, printToken, printed: [third], failed: [] })).toMatchObject({
        resultCode: 0,
      });
    } finally {
      await kiosk.close();
    }
    host.core.printService!.events.emit('outbox.work');
    const waiting = await eventually(
      async () => host.core.printService!.outbox.forBooking(b.bookingNumber),
      (rows) => rows[0]?.attempts !== undefined && rows[0].attempts >= 2,
    );
    expect(waiting[0]).toMatchObject({ state: 'pending' });
    expect(waiting[0]!.last_error).toContain('marks only the first ticket_count tickets');
    // Nothing marked at the cinema: marking "the first 1" would have marked a ticket still in the customer's hands to collect.
    expect(sim.tickets.map((t) => t.collected)).toEqual([false, false, false]);

    expect(await host.core.handlers['kiosk.collect']({ printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({
      ok: true,
      value: { total: 2, printed: 2 },
    });
    await eventually(
      async () => sim.tickets.map((t) => t.collected),
      (c) => c.every(Boolean),
      15_000,
    );
    expect(sim.tickets.map((t) => t.collected)).toEqual([true, true, true]);
    const rows = await eventually(
      async () => host.core.printService!.outbox.forBooking(b.bookingNumber),
      (r) => r.length === 2 && r.every((x) => x.state === 'done'),
      15_000,
    );
    expect(rows.map((r) => r.state)).toEqual(['done', 'done']);
    expect(sim.effects.collected).toBe(3);
  });
});
