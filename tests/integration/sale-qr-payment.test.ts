import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import type { RunningHost } from '../../electron/host/host';
import { startAlipayGatewaySim, type RunningAlipaySim } from '../../electron/simulator/alipay-gateway/alipay-sim.server';
import { startCentralSim, type RunningCentralSim } from '../../electron/simulator/central-sim.server';
import type { UiCallName, UiOutput } from '../../shared/contract/ui';
import type { Result } from '../../shared/errors';
import { startHostOn } from '../support/external-sim-host';
import { tempDir } from '../support/host-process';
import { eventually, simGet, simSend } from '../support/sim-control';
import { alipayConfigOf, QUICK_SALE, type TradeView } from '../support/pay-sim';

/**
 * A held order paid by a QR the customer scans (Alipay trade.precreate, issue 15 item 1), with the real
 * central simulator, the real Alipay gateway simulator (the unmodified SDK through the adapter) and the
 * host's SQLite store on disk. The customer's phone is the simulator's control call
 * `POST /__pay/trades/<outTradeNo>/pay`. Each case ends with one trade under the order's number: paid
 * once and booked, or closed (refunded in full when the money had moved) and the seats back.
 */
type Pay = UiOutput<'sale.payStatus'>;
type Trade = TradeView;
interface SimOrder {
  userSessionId: string;
  state: string;
  booking: { bookingNumber: number; paymentValueCents: number } | null;
}

let central: RunningCentralSim;
let pay: RunningAlipaySim;
let host: RunningHost;
let dataDir: string;
let seatsUsed = 0;

const SALE = QUICK_SALE;
const overrides = (sale: Partial<typeof SALE> = {}, terminal?: string) => ({
  sale: { ...SALE, ...sale },
  central: { requestTimeoutMs: 1_500 },
  ...(terminal ? { terminal: { id: terminal } } : {}),
  payment: alipayConfigOf(pay),
});

const on =
  (which: () => RunningHost) =>
  <N extends UiCallName>(name: N, input: Record<string, unknown>) =>
    dispatchUiCall(which().core.handlers, name, input) as Promise<Result<UiOutput<N>>>;
const call = on(() => host);
const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} ${JSON.stringify(r.error.details ?? {})}`);
  return r.value;
};
const trades = (orderId: string): Trade[] => (pay.state.list() as Trade[]).filter((t) => t.outTradeNo === `S${orderId}`);
const precreates = (orderId: string): number => trades(orderId)[0]?.calls.filter((c) => c === 'alipay.trade.precreate').length ?? 0;
const simOrder = async (id: string) => (await simGet<SimOrder[]>(central.baseUrl, '/__sim/orders')).find((o) => o.userSessionId === id);
/** The customer scans the QR and pays on the phone. */
const customerPays = (orderId: string) => simSend<Trade>(pay.gatewayUrl, 'POST', `/__pay/trades/S${orderId}/pay`);
const stateOf = (c: typeof call, orderId: string, states: string[], timeoutMs = 10_000) =>
  eventually(
    async () => value(await c('sale.payStatus', { orderId })),
    (o: Pay) => states.includes(o.state),
    timeoutMs,
  );
const auditOf = (h: RunningHost, orderId: string) =>
  h.core.db
    .prepare("SELECT action FROM audit_log WHERE subject = ? AND action LIKE 'sale.order.%' ORDER BY seq")
    .all(`order:${orderId}`)
    .map((r) => (r as { action: string }).action);

/** One fresh seat of session 29617 (10000 cents). */
async function held(c: typeof call = call): Promise<UiOutput<'sale.hold'>> {
  const n = seatsUsed++;
  return value(
    await c('sale.hold', {
      sessionId: '29617',
      tickets: [{ ticketTypeCode: '0010', qty: 1 }],
      seats: [{ areaNumber: 1, rowIndex: Math.floor(n / 10), columnIndex: 1 + (n % 10) }],
    }),
  );
}

/** Paid once, booked at central for the order's total, its tickets printed. */
async function expectBookedOnce(orderId: string, total: number): Promise<void> {
  const done = await stateOf(call, orderId, ['printed', 'refunded', 'cancelled', 'needs-staff'], 15_000);
  expect(done.state).toBe('printed');
  expect(done.qrCode ?? null).toBeNull();
  expect(done.paidCents).toBe(total);
  const sim = await simOrder(orderId);
  expect(sim?.state).toBe('completed');
  expect(sim?.booking?.paymentValueCents).toBe(total);
  expect(trades(orderId)).toHaveLength(1);
  expect(trades(orderId)[0]).toMatchObject({ status: 'TRADE_SUCCESS', totalAmount: (total / 100).toFixed(2), refundedAmount: '0.00' });
  expect(precreates(orderId)).toBe(1);
}

beforeAll(async () => {
  central = await startCentralSim({ seed: 7, sale: { holdMs: SALE.holdSeconds * 1000 } });
  pay = await startAlipayGatewaySim({ userPayingMs: 300 });
  dataDir = tempDir('sale-qr');
  host = await startHostOn(central, dataDir, overrides());
});
afterAll(async () => {
  await host?.stop();
  await central?.close();
  await pay?.close();
});
afterEach(async () => {
  await simSend(pay.gatewayUrl, 'DELETE', '/__sim/faults');
});

describe('paying by a QR the customer scans', () => {
  it('the QR is made once: asked twice, the same QR and one trade; the customer scans and pays, the tickets print', async () => {
    const order = await held();
    const first = value(await call('sale.payQr', { orderId: order.orderId }));
    expect(first.state).toBe('paying');
    expect(first.qrCode).toMatch(/^https:\/\//u);
    expect(first.heldUntil).not.toBeNull();
    const again = value(await call('sale.payQr', { orderId: order.orderId }));
    expect(again.qrCode).toBe(first.qrCode);
    expect(value(await call('sale.payStatus', { orderId: order.orderId })).qrCode).toBe(first.qrCode);
    expect(trades(order.orderId)).toHaveLength(1);
    expect(trades(order.orderId)[0]!.status).toBe('WAIT_BUYER_PAY');
    expect(precreates(order.orderId)).toBe(1);
    // While the QR shows, a payment code for the same order is refused: one trade per order.
    const code = await call('sale.pay', { orderId: order.orderId, paymentCode: '286543210987654321' });
    expect(code).toMatchObject({ ok: false, error: { code: 'ORDER_CLOSED', details: { refusal: 'PAYMENT_IN_PROGRESS' } } });

    await customerPays(order.orderId);
    await expectBookedOnce(order.orderId, order.totalCents);
    expect(auditOf(host, order.orderId)).toEqual([
      'sale.order.holding',
      'sale.order.held',
      'sale.order.paying',
      'sale.order.qr-created',
      'sale.order.paid',
      'sale.order.completing',
      'sale.order.completed',
      'sale.order.printed',
    ]);
    // The QR's content is the trade's: it stays out of the audit trail.
    const details = host.core.db.prepare('SELECT details FROM audit_log WHERE subject = ?').all(`order:${order.orderId}`);
    expect(JSON.stringify(details)).not.toContain(first.qrCode!);
    // Paid: no QR to give up.
    expect(await call('sale.abandonPay', { orderId: order.orderId })).toMatchObject({ ok: false, error: { code: 'ORDER_CLOSED' } });
  });

  it('the customer gives up while the QR shows: the trade is closed, nothing charged, the seats go back', async () => {
    const order = await held();
    value(await call('sale.payQr', { orderId: order.orderId }));
    const giving = value(await call('sale.abandonPay', { orderId: order.orderId }));
    expect(['payment-unknown', 'cancelling', 'cancelled']).toContain(giving.state);
    expect(giving.qrCode ?? null).toBeNull();
    const done = await stateOf(call, order.orderId, ['cancelled']);
    expect(done.cancelReason).toBe('payment');
    expect(trades(order.orderId)).toHaveLength(1);
    expect(trades(order.orderId)[0]).toMatchObject({ status: 'TRADE_CLOSED', refundedAmount: '0.00' });
    expect(trades(order.orderId)[0]!.calls).toContain('alipay.trade.cancel');
    await eventually(
      () => simOrder(order.orderId),
      (o) => o?.state === 'cancelled',
    );
    // A scan after giving up cannot pay the closed trade.
    expect((await customerPays(order.orderId)) as unknown).toMatchObject({ error: expect.any(String) });
    expect(trades(order.orderId)[0]!.status).toBe('TRADE_CLOSED');
    // Asked again: the order as it is; and a new QR for it is refused.
    expect(value(await call('sale.abandonPay', { orderId: order.orderId })).state).toBe('cancelled');
    expect(await call('sale.payQr', { orderId: order.orderId })).toMatchObject({ ok: false, error: { code: 'ORDER_CLOSED' } });
    expect(auditOf(host, order.orderId)).toEqual([
      'sale.order.holding',
      'sale.order.held',
      'sale.order.paying',
      'sale.order.qr-created',
      'sale.order.payment-unknown',
      'sale.order.cancelling',
      'sale.order.cancelled',
    ]);
  });

  it('the QR answer is lost: the order stays paying under its number, asking again gives the QR of the same trade', async () => {
    const order = await held();
    await simSend(pay.gatewayUrl, 'POST', '/__sim/faults', { path: 'alipay.trade.precreate', result: 20000, times: 1 });
    const lost = await call('sale.payQr', { orderId: order.orderId });
    expect(lost).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { refusal: 'PAYMENT_UNAVAILABLE', reason: 'qr-not-created' } },
    });
    expect(value(await call('sale.payStatus', { orderId: order.orderId })).state).toBe('paying');
    const shown = value(await call('sale.payQr', { orderId: order.orderId }));
    expect(shown.qrCode).toMatch(/^https:\/\//u);
    expect(trades(order.orderId)).toHaveLength(1);
    await customerPays(order.orderId);
    await expectBookedOnce(order.orderId, order.totalCents);
  });

  it('refuses hostile input before any call: an unknown order, a malformed id, an order not held', async () => {
    expect(await call('sale.payQr', { orderId: 'ffffffffffffffffffffffffffffffff' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await call('sale.payQr', { orderId: '../etc' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await call('sale.abandonPay', { orderId: 'ffffffffffffffffffffffffffffffff' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const order = await held();
    // Held, no QR asked for: nothing to give up (the customer cancels the order instead).
    expect(await call('sale.abandonPay', { orderId: order.orderId })).toMatchObject({ ok: false, error: { code: 'ORDER_CLOSED' } });
    value(await call('sale.cancel', { orderId: order.orderId, reason: 'customer' }));
    expect(await call('sale.payQr', { orderId: order.orderId })).toMatchObject({ ok: false, error: { code: 'ORDER_CLOSED' } });
    expect(trades(order.orderId)).toHaveLength(0);
  });

  it('a restart while the QR shows: the order resumes, the screen asking again gets the same QR, one trade, paid once', async () => {
    const order = await held();
    const shown = value(await call('sale.payQr', { orderId: order.orderId }));
    await host.stop();
    host = await startHostOn(central, dataDir, overrides());
    const again = value(await call('sale.payQr', { orderId: order.orderId }));
    expect(again.state).toBe('paying');
    expect(again.qrCode).toBe(shown.qrCode);
    expect(trades(order.orderId)).toHaveLength(1);
    expect(precreates(order.orderId)).toBe(1);
    await customerPays(order.orderId);
    await expectBookedOnce(order.orderId, order.totalCents);
  });
});

describe('a QR nobody pays within the hold, and one paid as the customer gives up', () => {
  let short: RunningHost;
  let slow: RunningHost;
  beforeAll(async () => {
    short = await startHostOn(central, tempDir('sale-qr-short'), overrides({ holdSeconds: 2 }, 'KIOSK-QR-SHORT'));
    // Queries half a minute apart (within the hold of a minute): giving up must not wait for the next one.
    slow = await startHostOn(central, tempDir('sale-qr-slow'), overrides({ payPollMs: 30_000 }, 'KIOSK-QR-SLOW'));
  });
  afterAll(async () => {
    await short?.stop();
    await slow?.stop();
  });

  it('the hold runs out while the QR shows: the trade is closed, the order annulled, nothing charged', async () => {
    const c = on(() => short);
    const order = await held(c);
    value(await c('sale.payQr', { orderId: order.orderId }));
    const done = await stateOf(c, order.orderId, ['cancelled'], 10_000);
    expect(done.cancelReason).toBe('payment');
    expect(trades(order.orderId)).toHaveLength(1);
    expect(trades(order.orderId)[0]).toMatchObject({ status: 'TRADE_CLOSED', refundedAmount: '0.00' });
    expect(auditOf(short, order.orderId)).toEqual([
      'sale.order.holding',
      'sale.order.held',
      'sale.order.paying',
      'sale.order.qr-created',
      'sale.order.payment-unknown',
      'sale.order.cancelling',
      'sale.order.cancelled',
    ]);
  });

  it('paid at the moment the customer gave up: the trade is refunded in full, never booked', async () => {
    const c = on(() => slow);
    const order = await held(c);
    value(await c('sale.payQr', { orderId: order.orderId }));
    // The first query saw the trade waiting; the next is half a minute away.
    await eventually(
      async () => trades(order.orderId)[0]!.calls,
      (calls) => calls.includes('alipay.trade.query'),
    );
    expect(await customerPays(order.orderId)).toMatchObject({ status: 'TRADE_SUCCESS' });
    const started = Date.now();
    value(await c('sale.abandonPay', { orderId: order.orderId }));
    const done = await stateOf(c, order.orderId, ['cancelled', 'paid', 'printed', 'needs-staff'], 10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(done.state).toBe('cancelled');
    expect(trades(order.orderId)).toHaveLength(1);
    expect(trades(order.orderId)[0]).toMatchObject({ status: 'TRADE_CLOSED', refundedAmount: (order.totalCents / 100).toFixed(2) });
    expect((await simOrder(order.orderId))?.booking ?? null).toBeNull();
  });
});
