import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimProcess, type SimProcess } from '../support/sim-process';
import { startHostProcess, tempDir, type HostProcess } from '../support/host-process';
import { eventually, simGet, simSend, type SimBookingView } from '../support/sim-control';
import { uiClient } from '../support/ui-client';

/**
 * A kiosk killed (SIGKILL) at a random moment of a sale, several sales in a row, each restart going on
 * from the rows the last one left: at the end every order is settled, no trade is charged twice, every
 * charged trade has a completed booking or a full refund (and then no live booking), no seat is held,
 * and every order's last state has its audit record. The simulators run in a process of their own, so
 * they see only what really reached them. `SALE_KILLS` (default 5) sets how many sales.
 */
interface SimOrder {
  userSessionId: string;
  state: 'held' | 'cancelled' | 'expired' | 'completed';
  booking: { bookingNumber: number } | null;
}
interface Trade {
  outTradeNo: string;
  status: string;
  totalAmount: string;
  refundedAmount: string;
}
interface SimSession {
  sessionId: string;
  seats: { held: number };
}

const SALES = Number(process.env.SALE_KILLS ?? 5);
let sim: SimProcess;
let host: HostProcess | undefined;
const dataDir = tempDir('sale-pay-kill');
const payOrigin = () => new URL(sim.pay).origin;

const hostArgs = () => [
  '--demo',
  '--central-url',
  sim.central,
  '--central-token',
  sim.token,
  '--cinema-id',
  '0200',
  '--printer',
  'virtual',
];

beforeAll(async () => {
  sim = await startSimProcess(['--hold-seconds', '3600']);
  const keys = (await (await request(`${payOrigin()}/__pay/demo-keys`)).body.json()) as {
    appId: string;
    appPrivateKey: string;
    alipayPublicKey: string;
  };
  await simSend(sim.pay, 'POST', '/__pay/settings', { userPayingMs: 400 });
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({
      central: { requestTimeoutMs: 1_500 },
      payment: { alipay: { ...keys, gatewayUrl: sim.pay, timeoutMs: 2_000 } },
      sale: { payPollMs: 100, bookingStatusAttempts: 3, bookingStatusIntervalMs: 150, paymentRetryMs: 150, paymentRetryAttempts: 10 },
    }),
  );
});
afterAll(async () => {
  await host?.stop();
  await sim?.stop();
});

/** What each sale meets: a plain payment, a customer confirming on the phone, a lost or refused CompleteOrder, a lost payment answer. */
const SCENARIOS: { code: string; before?: () => Promise<unknown> }[] = [
  { code: '286543210987654321' },
  { code: '280000000000000010' },
  {
    code: '286543210987654321',
    before: () => simSend(sim.central, 'POST', '/__sim/sale-faults', { completeOrder: 'lost-answer', times: 1 }),
  },
  {
    code: '286543210987654321',
    before: () => simSend(sim.central, 'POST', '/__sim/faults', { path: 'order/payment', result: 26, times: 3 }),
  },
  { code: '280000000000000020' },
  { code: '286543210987654321', before: () => simSend(sim.central, 'POST', '/__sim/sale-faults', { completeOrder: 'code:14', times: 1 }) },
];

describe(`SIGKILL at random moments across ${SALES} sales`, () => {
  it('every charge ends in a completed booking or a full refund, never two trades, no seat held, every last step audited', async () => {
    const orderIds: string[] = [];
    const kills: number[] = [];
    for (let i = 0; i < SALES; i += 1) {
      host = await startHostProcess(hostArgs(), { dataDir });
      const call = await uiClient(host.uiUrl);
      const held = await call('sale.hold', {
        sessionId: '29617',
        tickets: [{ ticketTypeCode: '0010', qty: 1 }],
        seats: [{ areaNumber: 1, rowIndex: Math.floor(i / 10), columnIndex: 1 + (i % 10) }],
      });
      if (!held.ok) throw new Error(`hold ${i}: ${held.error.code} ${held.error.message}`);
      orderIds.push(held.value.orderId);
      const scenario = SCENARIOS[i % SCENARIOS.length]!;
      await scenario.before?.();
      void call('sale.pay', { orderId: held.value.orderId, paymentCode: scenario.code }).catch(() => undefined);
      const delay = Math.floor(Math.random() * 900);
      kills.push(delay);
      await new Promise((r) => setTimeout(r, delay));
      await host.stop('SIGKILL');
      host = undefined;
    }

    // The last restart settles what the kills left.
    host = await startHostProcess(hostArgs(), { dataDir });
    const call = await uiClient(host.uiUrl);
    const SETTLED = ['printed', 'completed', 'refunded', 'cancelled', 'expired', 'needs-staff'];
    const states = await eventually(
      async () => Promise.all(orderIds.map(async (orderId) => call('sale.payStatus', { orderId }))),
      (list) => list.every((r) => r.ok && SETTLED.includes(r.value.state)),
      40_000,
    );
    const context = `kill delays ${kills.join(',')} ms`;
    const simOrders = await simGet<SimOrder[]>(sim.central, '/__sim/orders');
    const trades = (await simGet<Trade[]>(payOrigin(), '/__pay/trades')) as Trade[];
    for (const [i, reply] of states.entries()) {
      if (!reply.ok) throw new Error(`${orderIds[i]}: ${reply.error.code}`);
      const order = reply.value;
      const what = `${context}; sale ${i} ${order.state}`;
      // `completed` and not printed: a kill mid-print left a ticket unknown (the box office's), the sale itself is done.
      expect(['printed', 'completed', 'refunded', 'cancelled'], what).toContain(order.state);
      const mine = trades.filter((t) => t.outTradeNo === `S${order.orderId}`);
      expect(mine.length, what).toBeLessThanOrEqual(1);
      const trade = mine[0];
      const atCentral = simOrders.find((o) => o.userSessionId === order.orderId);
      const charged = trade !== undefined && (trade.status === 'TRADE_SUCCESS' || trade.refundedAmount !== '0.00');
      const refundedInFull = trade !== undefined && trade.refundedAmount === trade.totalAmount;
      if (order.state === 'printed' || order.state === 'completed') {
        expect(trade?.status, what).toBe('TRADE_SUCCESS');
        expect(trade?.refundedAmount, what).toBe('0.00');
        expect(atCentral?.state, what).toBe('completed');
        expect(String(atCentral?.booking?.bookingNumber), what).toBe(order.verifyCode);
      } else {
        // Not sold: the money went back in full (or was never taken), and no live booking stays at central.
        if (charged) expect(refundedInFull, what).toBe(true);
        if (atCentral?.booking) {
          const booking = await simGet<SimBookingView>(sim.central, `/__sim/bookings/${atCentral.booking.bookingNumber}`);
          expect(booking.effects.refunded, what).toBeGreaterThan(0);
        } else expect(atCentral?.state, what).not.toBe('held');
      }
    }
    const held = (await simGet<SimSession[]>(sim.central, '/__sim/sessions')).find((s) => s.sessionId === '29617')!.seats.held;
    expect(held, context).toBe(0);

    await host.stop();
    host = undefined;
    const db = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true });
    try {
      for (const [i, reply] of states.entries()) {
        if (!reply.ok) continue;
        const actions = db
          .prepare('SELECT action FROM audit_log WHERE subject = ? ORDER BY seq')
          .all(`order:${reply.value.orderId}`)
          .map((r) => (r as { action: string }).action)
          // The state changes only (a receipt's printing is audited on the order too).
          .filter((a) => a.startsWith('sale.order.'));
        expect(actions.at(-1), `${context}; sale ${i}`).toBe(`sale.order.${reply.value.state}`);
        // One record per state change: the store's row agrees with its trail.
        expect(new Set(actions).size, `${context}; sale ${i}: ${actions.join(' ')}`).toBe(actions.length);
      }
    } finally {
      db.close();
    }
  }, 240_000);
});
