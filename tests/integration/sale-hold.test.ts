import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import type { RunningHost } from '../../electron/host/host';
import { startCentralSim, type RunningCentralSim } from '../../electron/simulator/central-sim.server';
import type { UiCallName, UiEvent, UiOutput } from '../../shared/contract/ui';
import type { Result } from '../../shared/errors';
import { startHostOn } from '../support/external-sim-host';
import { tempDir } from '../support/host-process';
import { eventually, simGet, simSend } from '../support/sim-control';
import { firstRunCode } from '../support/first-run';

/**
 * Seat holds against the simulator's sale (seed 003 §2.2, §3.5–§3.7): hold, replace, cancel, expiry,
 * Result 8 naming the taken seat, the cut-off, CancelOrder retried under faults, and races between
 * two pages of one host and between two hosts. What central holds is read back through `/__sim/`.
 */
type Order = UiOutput<'sale.hold'>;
interface SimOrder {
  userSessionId: string;
  state: 'held' | 'cancelled' | 'expired' | 'completed';
  seats: { areaNumber: number; rowIndex: number; columnIndex: number; name: string }[];
}
interface SimSession {
  sessionId: string;
  seats: { held: number; byStatus: Record<string, number> };
}

let sim: RunningCentralSim;
let host: RunningHost;
let second: RunningHost;
const events: UiEvent[] = [];
const HOLD_SECONDS = 3;

const callOn = <N extends UiCallName>(h: RunningHost, name: N, input: Record<string, unknown>) =>
  dispatchUiCall(h.core.handlers, name, input) as Promise<Result<UiOutput<N>>>;
const call = <N extends UiCallName>(name: N, input: Record<string, unknown>) => callOn(host, name, input);
const simOrders = () => simGet<SimOrder[]>(sim.baseUrl, '/__sim/orders');
const simOrder = async (id: string) => (await simOrders()).find((o) => o.userSessionId === id);
const heldIn = async (sessionId: string) =>
  (await simGet<SimSession[]>(sim.baseUrl, '/__sim/sessions')).find((s) => s.sessionId === sessionId)!.seats.held;
const seat = (rowIndex: number, columnIndex: number, areaNumber = 1) => ({ areaNumber, rowIndex, columnIndex });
const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};
const hold = (seats: ReturnType<typeof seat>[], extra: Record<string, unknown> = {}, on = host) =>
  callOn(on, 'sale.hold', { sessionId: '29617', tickets: [{ ticketTypeCode: '0010', qty: seats.length }], seats, ...extra });
const finalState = (id: string, on = host) =>
  eventually(
    () => callOn(on, 'sale.order', { orderId: id }),
    (r) => r.ok && (r.value.state === 'cancelled' || r.value.state === 'expired'),
  );

beforeAll(async () => {
  sim = await startCentralSim({ seed: 3, sale: { holdMs: HOLD_SECONDS * 1000 } });
  const sale = { holdSeconds: HOLD_SECONDS, expiryCheckMs: 200, cancelBaseDelayMs: 100, cancelMaxDelayMs: 400, cancelPollMs: 100 };
  host = await startHostOn(sim, tempDir('sale-a'), { sale, terminal: { id: 'KIOSK-A' } });
  second = await startHostOn(sim, tempDir('sale-b'), { sale, terminal: { id: 'KIOSK-B' } });
  host.core.events.on('event', (e) => events.push(e));
});
afterAll(async () => {
  await host?.stop();
  await second?.stop();
  await sim?.close();
});

describe('holding seats', () => {
  it('holds two seats, records each step with its audit record, and cancels: central frees them', async () => {
    const order = value(await hold([seat(0, 1), seat(0, 2)]));
    expect(order.state).toBe('held');
    expect(order.seats.map((s) => s.name)).toEqual(['7排10座', '7排9座']);
    expect(order.totalCents).toBe(20_000);
    expect(order.orderId).toMatch(/^[0-9a-f]{32}$/u);
    expect((await simOrder(order.orderId))?.state).toBe('held');

    const cancelled = value(await call('sale.cancel', { orderId: order.orderId, reason: 'customer' }));
    expect(cancelled.state).toBe('cancelling');
    expect(await finalState(order.orderId)).toMatchObject({ ok: true, value: { state: 'cancelled' } });
    expect((await simOrder(order.orderId))?.state).toBe('cancelled');
    expect(await heldIn('29617')).toBe(0);

    const steps = host.core.db
      .prepare<[string], { actor: string; terminal_id: string; action: string }>(
        'SELECT actor, terminal_id, action FROM audit_log WHERE subject = ? ORDER BY seq',
      )
      .all(`order:${order.orderId}`);
    expect(steps.map((s) => s.action)).toEqual(['sale.order.holding', 'sale.order.held', 'sale.order.cancelling', 'sale.order.cancelled']);
    expect(steps.every((s) => s.terminal_id === 'KIOSK-A')).toBe(true);
    expect(steps.map((s) => s.actor)).toEqual(['kiosk', 'kiosk', 'kiosk', 'sale']);
    expect(events.filter((e) => e.type === 'sale.order' && e.orderId === order.orderId).map((e) => (e as { state: string }).state)).toEqual(
      ['held', 'cancelling', 'cancelled'],
    );
  });

  it('replaces the seats of an open order under the same UserSessionId', async () => {
    const first = value(await hold([seat(1, 1), seat(1, 2)]));
    const replaced = value(await hold([seat(1, 5), seat(1, 6)], { orderId: first.orderId }));
    expect(replaced.orderId).toBe(first.orderId);
    const atCentral = await simOrder(first.orderId);
    expect(atCentral?.seats.map((s) => [s.rowIndex, s.columnIndex])).toEqual([
      [1, 5],
      [1, 6],
    ]);
    value(await call('sale.cancel', { orderId: first.orderId, reason: 'left' }));
    await finalState(first.orderId);
  });

  it('names a seat another channel took before the hold, and keeps nothing held', async () => {
    await simSend(sim.baseUrl, 'POST', '/__sim/sessions/29617/take-seats', { seats: [{ rowIndex: 2, columnIndex: 3, areaNumber: 1 }] });
    const refused = await hold([seat(2, 2), seat(2, 3)]);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'SEAT_TAKEN', details: { seats: [{ rowIndex: 2, columnIndex: 3, name: '5排8座' }] } },
    });
  });

  it('on Result 8 from central reads the plan again and names the taken seat; the order is annulled', async () => {
    // The map the customer saw (cached) shows 3排8座 free; then another channel sells it and the fresh
    // read fails, so the hold goes to central with the cached plan and central answers Result 8.
    value(await call('sale.seatPlan', { sessionId: '29617' }));
    await simSend(sim.baseUrl, 'POST', '/__sim/sessions/29617/take-seats', { seats: [{ rowIndex: 4, columnIndex: 3, areaNumber: 1 }] });
    await simSend(sim.baseUrl, 'POST', '/__sim/faults', { path: '29617/seat-plan', status: 500, times: 1 });
    const refused = await hold([seat(4, 2), seat(4, 3)]);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('SEAT_TAKEN');
    expect(refused.error.details).toMatchObject({ orderClosed: true, seats: [{ rowIndex: 4, columnIndex: 3 }] });
    expect((refused.error.details!.seats as { name: string }[])[0]!.name).toMatch(/^\d+排\d+座$/u);
    const annulled = host.core.db
      .prepare<[], { order_id: string; cancel_reason: string }>(
        "SELECT order_id, cancel_reason FROM sale_orders WHERE cancel_reason = 'refused'",
      )
      .all();
    expect(annulled.length).toBeGreaterThan(0);
    for (const o of annulled) expect((await finalState(o.order_id)).ok).toBe(true);
  });

  it('past the cut-off says the session no longer sells', async () => {
    // Starts 15 minutes (the cut-off) less 2 seconds ago: on sale now, not in 3 seconds.
    const made = await simSend<{ sessionId: string }>(sim.baseUrl, 'POST', '/__sim/sessions', { startsInSeconds: -(15 * 60 - 2) });
    const listed = await eventually(
      async () => {
        // A new session shows once the now-showing list is read again.
        host.core.db.prepare("DELETE FROM catalogue_cache WHERE kind = 'now-showing'").run();
        return value(await call('sale.sessions', {})).sessions;
      },
      (sessions) => sessions.some((s) => s.sessionId === made.sessionId),
    );
    expect(listed.some((s) => s.sessionId === made.sessionId)).toBe(true);
    const types = value(await call('sale.ticketTypes', { sessionId: made.sessionId })).ticketTypes;
    await new Promise((r) => setTimeout(r, 3_000));
    const late = await callOn(host, 'sale.hold', {
      sessionId: made.sessionId,
      tickets: [{ ticketTypeCode: types[0]!.ticketTypeCode, qty: 1 }],
      seats: [seat(0, 1)],
    });
    expect(late).toMatchObject({ ok: false, error: { code: 'SALE_CLOSED' } });
    expect(value(await call('sale.sessions', {})).sessions.some((s) => s.sessionId === made.sessionId)).toBe(false);
  });

  it('lets a hold run out: the order expires and central has the seats back', async () => {
    const order = value(await hold([seat(5, 1)]));
    const ended = await finalState(order.orderId);
    expect(ended).toMatchObject({ ok: true, value: { state: 'expired', cancelReason: 'timeout' } });
    expect(['expired', 'cancelled']).toContain((await simOrder(order.orderId))?.state);
    expect(await heldIn('29617')).toBe(0);
  });

  it('repeats CancelOrder through the outbox until central confirms', async () => {
    const order = value(await hold([seat(5, 5)]));
    await simSend(sim.baseUrl, 'POST', '/__sim/faults', { path: 'order/cancel', status: 503, times: 3 });
    value(await call('sale.cancel', { orderId: order.orderId, reason: 'customer' }));
    expect(await finalState(order.orderId)).toMatchObject({ ok: true, value: { state: 'cancelled' } });
    expect((await simOrder(order.orderId))?.state).toBe('cancelled');
    const row = host.core.db
      .prepare<[string], { attempts: number; state: string }>('SELECT attempts, state FROM sale_outbox WHERE order_id = ?')
      .get(order.orderId);
    expect(row).toEqual({ attempts: 3, state: 'done' });
    await simSend(sim.baseUrl, 'DELETE', '/__sim/faults');
  });
});

describe('races for one seat', () => {
  it('two pages of one host: exactly one holds it, the other is told which seat went', async () => {
    const [a, b] = await Promise.all([hold([seat(6, 1)]), hold([seat(6, 1)])]);
    const won = [a, b].filter((r) => r.ok) as { ok: true; value: Order }[];
    const lost = [a, b].filter((r) => !r.ok);
    expect(won).toHaveLength(1);
    expect(lost).toMatchObject([
      { ok: false, error: { code: 'SEAT_TAKEN', details: { seats: [{ rowIndex: 6, columnIndex: 1, name: '1排10座' }] } } },
    ]);
    value(await call('sale.cancel', { orderId: won[0]!.value.orderId, reason: 'customer' }));
    await finalState(won[0]!.value.orderId);
  });

  it('two hosts: exactly one holds it', async () => {
    const [a, b] = await Promise.all([hold([seat(6, 4)]), hold([seat(6, 4)], {}, second)]);
    expect([a, b].filter((r) => r.ok)).toHaveLength(1);
    expect([a, b].filter((r) => !r.ok)).toMatchObject([{ error: { code: 'SEAT_TAKEN' } }]);
    const winner = a.ok ? { on: host, id: a.value.orderId } : { on: second, id: (b as { value: Order }).value.orderId };
    value(await callOn(winner.on, 'sale.cancel', { orderId: winner.id, reason: 'customer' }));
    await finalState(winner.id, winner.on);
  });

  it('an order of another terminal is not this terminal’s to read or cancel', async () => {
    const order = value(await hold([seat(6, 6)], {}, second));
    expect(await call('sale.cancel', { orderId: order.orderId, reason: 'customer' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    value(await callOn(second, 'sale.cancel', { orderId: order.orderId, reason: 'customer' }));
    await finalState(order.orderId, second);
  });
});

describe('at the counter', () => {
  it('a clerk holds and cancels; the audit names the clerk; a signed-out call is refused', async () => {
    value(await call('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(host.config.dataDir) }));
    const tech = value(await call('staff.login', { username: 'tech1', password: 'a-long-password-1' })).session;
    value(await call('staff.add', { session: tech, username: 'clerk1', role: 'clerk', password: '246810' }));
    const session = value(await call('staff.login', { username: 'clerk1', password: '246810' })).session;
    const order = value(
      await call('office.sale.hold', {
        session,
        sessionId: '29617',
        tickets: [{ ticketTypeCode: '0010', qty: 1 }],
        seats: [seat(3, 8)],
      }),
    );
    value(await call('office.sale.cancel', { session, orderId: order.orderId, reason: 'customer' }));
    await finalState(order.orderId);
    const actors = host.core.db
      .prepare<[string], { actor: string }>('SELECT actor FROM audit_log WHERE subject = ? ORDER BY seq')
      .all(`order:${order.orderId}`)
      .map((r) => r.actor);
    expect(actors).toEqual(['staff:clerk1', 'staff:clerk1', 'staff:clerk1', 'sale']);
    expect(await call('office.sale.films', { session: 'x'.repeat(20) })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await call('office.sale.films', { session: tech })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });
});

describe('hostile or wrong input', () => {
  it('is refused with a stable code and changes nothing', async () => {
    const count = () => (host.core.db.prepare('SELECT COUNT(*) AS n FROM sale_orders').get() as { n: number }).n;
    const before = count();
    const refusals = await Promise.all([
      call('sale.seatPlan', { sessionId: '29617\u001b[2J' }),
      call('sale.order', { orderId: '../../etc/passwd' }),
      call('sale.hold', { sessionId: '29617', tickets: [{ ticketTypeCode: '0010', qty: 11 }], seats: [seat(3, 1)] }),
      call('sale.hold', { sessionId: '29617', tickets: [{ ticketTypeCode: '0010', qty: 1 }], seats: [seat(3, 1)], extra: 1 }),
    ]);
    for (const r of refusals) expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    // Two tickets for one seat, a seat that does not exist, a ticket type of another area: the rules say which.
    const wrong = await call('sale.hold', {
      sessionId: '29617',
      tickets: [{ ticketTypeCode: '0010', qty: 2 }],
      seats: [seat(3, 1), seat(99, 99)],
    });
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { problems: [{ kind: 'unknown-seat' }, { kind: 'count-mismatch' }] } },
    });
    const otherArea = await call('sale.hold', { sessionId: '29617', tickets: [{ ticketTypeCode: '0044', qty: 1 }], seats: [seat(3, 1)] });
    expect(otherArea).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    // The seed's test voucher is no walk-up ticket: refused by name, though central would take it.
    const voucher = await call('sale.hold', { sessionId: '29617', tickets: [{ ticketTypeCode: '0142', qty: 1 }], seats: [seat(3, 1)] });
    expect(voucher).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { ticketTypeCode: '0142' } } });
    expect(
      await call('sale.hold', { sessionId: 'nope', tickets: [{ ticketTypeCode: '0010', qty: 1 }], seats: [seat(3, 1)] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(count()).toBe(before);
  });
});
