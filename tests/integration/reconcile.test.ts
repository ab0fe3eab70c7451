import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/host';
import { eventually } from '../support/sim-control';
import { bookingPicker, md5, startDemoHost, terminalClient } from '../support/in-process-host';

let host: RunningHost;
let pick: ReturnType<typeof bookingPicker>;

beforeAll(async () => {
  host = await startDemoHost({ printService: { claimTtlSeconds: 1 }, sync: { pollMs: 100, baseDelayMs: 50 } });
  pick = bookingPicker(host);
});
afterAll(() => host?.stop());

const collect = (b: { printNo: string; verifyCode: string }) =>
  host.core.handlers['kiosk.collect']({ printNo: b.printNo, verifyCode: b.verifyCode });

describe('reconciliation with the central system', () => {
  it('finds a lost collected mark and repairs it; lists refunds after printing, unknown prints and dead letters for staff', async () => {
    const sim = host.demo!.sim!;
    const ps = host.core.printService!;

    // A collected mark central lost (restored from a backup, say).
    const lost = pick('unprinted', 2);
    await collect(lost);
    const lostState = sim.state.findBooking(lost.bookingNumber, undefined)!;
    await eventually(
      async () => lostState.effects.collected,
      (n) => n === 2,
    );
    for (const t of lostState.tickets) t.collected = false;

    // Refunded online after it was printed here.
    const refunded = pick('unprinted', 1);
    await collect(refunded);
    await eventually(
      async () => ps.outbox.depth().depth,
      (n) => n === 0,
    );
    const refundedState = sim.state.findBooking(refunded.bookingNumber, undefined)!;
    expect(
      sim.state.refund(refundedState, { sequences: undefined, markAsRefundedOnly: true, amountCents: 4800, refundBookingFee: true }),
    ).toMatchObject({ result: 0 });

    // A claim that ran out: unknown.
    const kiosk = terminalClient(host, 1);
    const unknown = pick('unprinted', 1);
    await kiosk.call('applyPrint', { printNo: unknown.printNo, verifyCodeMd5: md5(unknown.verifyCode) });
    await new Promise((r) => setTimeout(r, 1_200));
    await kiosk.close();

    // Central refuses a mark for good: a dead letter.
    const dead = pick('unprinted', 1);
    sim.faults.add({ path: '/markcollected', result: 63, times: 1 });
    await collect(dead);
    await eventually(
      async () => ps.outbox.deadCount(),
      (n) => n === 1,
    );

    const report = await ps.reconcile();
    const kinds = (n: number) => report.mismatches.filter((m) => m.bookingNumber === n).map((m) => `${m.kind}:${m.repaired}`);
    expect(kinds(lost.bookingNumber)).toEqual(['collected-here-not-centrally:true', 'collected-here-not-centrally:true']);
    expect(kinds(refunded.bookingNumber)).toEqual(['refunded-centrally-but-printed:false']);
    expect(kinds(unknown.bookingNumber)).toEqual(['unknown-print:false']);
    expect(kinds(dead.bookingNumber)).toContain('dead-letter:false');
    expect(report.mismatches.every((m) => m.suggestedAction.length > 20)).toBe(true);

    await eventually(
      async () => lostState.tickets.every((t) => t.collected),
      (done) => done,
    );
    expect((await ps.reconcile()).mismatches.filter((m) => m.bookingNumber === lost.bookingNumber)).toEqual([]);
    expect(host.core.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'sync.collected-mark-resent'").get()).toEqual({ n: 1 });
  });
});
