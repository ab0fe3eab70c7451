import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/host';
import { eventually } from '../support/sim-control';
import { startDemoHost } from '../support/in-process-host';

/**
 * The collected status under central faults: 2 s latency, 30% 5xx, hangs, resets, then an outage
 * (time-compressed to seconds). Afterwards central and local agree on every ticket, no mark took
 * effect twice, the outbox is empty, and the drain after the outage is quick.
 */
let host: RunningHost;

beforeAll(async () => {
  host = await startDemoHost({
    central: { requestTimeoutMs: 1_000, connectTimeoutMs: 500 },
    sync: { pollMs: 100, baseDelayMs: 50, maxDelayMs: 1_000, breakerFailures: 5, breakerOpenMs: 500, maxAttempts: 1_000 },
  });
});
afterAll(() => host?.stop());

describe('sync under central faults', () => {
  it('200 collections through latency, 5xx, hangs, resets and an outage: exactly-once in effect, all acknowledged', async () => {
    const sim = host.demo!.sim!;
    const bookings = Array.from({ length: 200 }, (_, i) =>
      sim.state.createBooking({ ticketCount: 1 + (i % 2), sessionId: ['29617', '29618', '29619'][i % 3] }),
    );
    const collect = (i: number) =>
      host.core.handlers['kiosk.collect']({ printNo: String(bookings[i]!.bookingNumber), verifyCode: bookings[i]!.bookingId });

    // Phase 1: a bad link. The faults hit MarkBookingAsCollected only, so that collections go on.
    sim.faults.add({ path: '/markcollected', latencyMs: 2_000, times: 5 });
    sim.faults.add({ path: '/markcollected', hang: true, times: 3 });
    sim.faults.add({ path: '/markcollected', reset: true, times: 5 });
    sim.faults.add({ path: '/markcollected', status: 500, ratio: 0.3 });
    const outcomes = [];
    for (let i = 0; i < 120; i += 1) outcomes.push(await collect(i));

    // Phase 2: the central system is down for a while (ten minutes, compressed to three seconds),
    // while the box office refunds 50 printed tickets locally.
    sim.faults.clear();
    sim.faults.add({ path: '/markcollected', reset: true });
    sim.faults.add({ path: '/booking/refund', reset: true });
    const outageEnds = Date.now() + 3_000;
    for (let i = 120; i < 200; i += 1) outcomes.push(await collect(i));
    const refundedBookings = bookings.slice(0, 50);
    for (const b of refundedBookings) {
      const refund = host.core.printService!.refunds.refundPrinted({
        bookingNumber: b.bookingNumber,
        ticketCodes: [b.tickets[0]!.ticketCode],
        reason: 'customer cannot come',
        clerk: 'clerk1',
        supervisor: null,
        terminalId: 'BOX-01',
      });
      expect(refund.ok).toBe(true);
    }
    await new Promise((r) => setTimeout(r, Math.max(0, outageEnds - Date.now())));
    const healthDuringOutage = await (await fetch(`${host.printServiceUrl}/healthz`)).json();
    sim.faults.clear();
    // Faults on the refund call as the link comes back: latency past the timeout, a lost answer.
    sim.faults.add({ path: '/booking/refund', latencyMs: 2_000, times: 3 });
    sim.faults.add({ path: '/booking/refund', status: 502, ratio: 0.3 });
    const drainStarted = Date.now();
    await eventually(
      async () => host.core.printService!.outbox.depth().depth,
      (n) => n === 0,
      60_000,
    );
    const drainMs = Date.now() - drainStarted;

    expect(outcomes.every((o) => o.ok && o.value.printed === o.value.total)).toBe(true);
    expect(host.core.printService!.outbox.depth().depth).toBe(0);
    expect(host.core.printService!.outbox.deadCount()).toBe(0);
    expect(drainMs).toBeLessThan(60_000);
    expect(healthDuringOutage).toMatchObject({ sync: { breaker: expect.stringMatching(/open|half-open/u) } });

    const db = host.core.db;
    for (const b of bookings) {
      const local = db.prepare('SELECT ticket_code, state FROM tickets WHERE booking_number = ?').all(b.bookingNumber) as {
        ticket_code: string;
        state: string;
      }[];
      const refundedHere = refundedBookings.includes(b);
      for (const [i, t] of b.tickets.entries()) {
        const isRefunded = refundedHere && i === 0;
        expect(local.find((l) => l.ticket_code === t.ticketCode)?.state).toBe(isRefunded ? 'refunded' : 'printed');
        expect(t.collected).toBe(true);
        expect(t.refunded).toBe(isRefunded);
      }
      // Calls may be repeated on the wire after lost answers; each ticket changed state once.
      expect(b.effects.collected).toBe(b.tickets.length);
      expect(b.effects.refunded).toBe(refundedHere ? 1 : 0);
    }
    sim.faults.clear();
    console.log(
      `sync faults: drain after the outage took ${drainMs} ms; MarkBookingAsCollected calls ${bookings.reduce((n, b) => n + b.calls.markcollected, 0)}, RefundBooking calls ${bookings.reduce((n, b) => n + b.calls.refund, 0)} for 50 refunds`,
    );
  }, 300_000);
});
