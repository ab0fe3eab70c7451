import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoHostArgs, startSimProcess, type SimProcess } from '../support/sim-process';
import { startHostProcess, tempDir } from '../support/host-process';
import { eventually, simGet, simSend } from '../support/sim-control';
import { uiClient } from '../support/ui-client';

/**
 * A kiosk killed (SIGKILL) with a hold open leaves no seat held: at restart, before it serves, every
 * open order of this terminal is annulled and CancelOrder reaches central. The simulator runs in a
 * process of its own, so it sees only what really reached it.
 */
interface SimOrder {
  userSessionId: string;
  state: 'held' | 'cancelled' | 'expired' | 'completed';
}
interface SimSession {
  sessionId: string;
  seats: { held: number };
}

let sim: SimProcess;
const dataDir = tempDir('sale-kill');

beforeAll(async () => {
  // Holds that would outlive the test: only our CancelOrder can free the seats.
  sim = await startSimProcess(['--hold-seconds', '3600']);
});
afterAll(() => sim?.stop());

const hostArgs = () => demoHostArgs(sim, { printer: 'virtual' });
const heldIn29617 = async () =>
  (await simGet<SimSession[]>(sim.central, '/__sim/sessions')).find((s) => s.sessionId === '29617')!.seats.held;
const holdInput = (columnIndex: number) => ({
  sessionId: '29617',
  tickets: [{ ticketTypeCode: '0010', qty: 1 }],
  seats: [{ areaNumber: 1, rowIndex: 3, columnIndex }],
});

describe('SIGKILL with a hold open', () => {
  it('at restart the order is cancelled at central and its seats are free', async () => {
    const host = await startHostProcess(hostArgs(), { dataDir });
    const call = await uiClient(host.uiUrl);
    const held = await call('sale.hold', holdInput(1));
    expect(held.ok).toBe(true);
    const orderId = held.ok ? held.value.orderId : '';
    expect((await simGet<SimOrder[]>(sim.central, '/__sim/orders')).find((o) => o.userSessionId === orderId)?.state).toBe('held');

    // A second hold still on its way to central when the kiosk dies.
    // Whether it reached central before the kill depends on the machine's load: either way nothing may stay held.
    await simSend(sim.central, 'POST', '/__sim/faults', { path: 'order/tickets', latencyMs: 800, times: 1 });
    void call('sale.hold', holdInput(5)).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    await host.stop('SIGKILL');
    // A delayed AddTickets lands at central after the kiosk died.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await heldIn29617()).toBeGreaterThanOrEqual(1);

    const restarted = await startHostProcess(hostArgs(), { dataDir });
    try {
      const orders = await eventually(
        () => simGet<SimOrder[]>(sim.central, '/__sim/orders'),
        (list) => list.every((o) => o.state !== 'held'),
        10_000,
      );
      expect(orders.find((o) => o.userSessionId === orderId)?.state).toBe('cancelled');
      expect(orders.filter((o) => o.state === 'held')).toEqual([]);
      expect(await heldIn29617()).toBe(0);
      // The restarted kiosk says so too.
      const again = await uiClient(restarted.uiUrl);
      const order = await eventually(
        () => again('sale.order', { orderId }),
        (r) => r.ok && r.value.state === 'cancelled',
      );
      expect(order).toMatchObject({ ok: true, value: { state: 'cancelled', cancelReason: 'restart' } });
    } finally {
      await restarted.stop();
    }
  });
});
