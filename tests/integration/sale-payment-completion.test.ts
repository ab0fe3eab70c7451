import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import type { RunningHost } from '../../electron/host/host';
import { startAlipayGatewaySim, type RunningAlipaySim } from '../../electron/simulator/alipay-gateway/alipay-sim.server';
import { TEST_PAYMENT_CODES } from '../../electron/simulator/alipay-gateway/alipay-sim.state';
import { startCentralSim, type RunningCentralSim } from '../../electron/simulator/central-sim.server';
import type { UiCallName, UiOutput } from '../../shared/contract/ui';
import type { Result } from '../../shared/errors';
import { startHostOn } from '../support/external-sim-host';
import { tempDir } from '../support/host-process';
import { firstRunCode } from '../support/first-run';
import { eventually, simGet, simSend, type SimBookingView } from '../support/sim-control';
import { alipayConfigOf, QUICK_SALE, type TradeView } from '../support/pay-sim';

/**
 * A held order paid by the customer's payment code and completed at central (issue 15 items 3 and 4),
 * with the real central simulator and the real Alipay gateway simulator (the unmodified SDK) on
 * loopback, and the host's SQLite store on disk. Each case ends in one of the two outcomes the sale
 * allows: a completed booking and one charge, or no booking and the charge refunded (or never taken).
 * Seed 003 §2.2's tree is driven through `/__sim/sale-faults` and `/__sim/faults`.
 */
type Pay = UiOutput<'sale.payStatus'>;
interface SimOrder {
  userSessionId: string;
  state: 'held' | 'cancelled' | 'expired' | 'completed';
  booking: { bookingNumber: number; bookingId: string; paymentValueCents: number } | null;
}
type Trade = TradeView;

let central: RunningCentralSim;
let pay: RunningAlipaySim;
let host: RunningHost;
let dataDir: string;
let pairs = 0;

const SALE = QUICK_SALE;
const overrides = () => ({
  sale: SALE,
  central: { requestTimeoutMs: 1_500 },
  payment: alipayConfigOf(pay),
});

const call = <N extends UiCallName>(name: N, input: Record<string, unknown>) =>
  dispatchUiCall(host.core.handlers, name, input) as Promise<Result<UiOutput<N>>>;
const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} ${JSON.stringify(r.error.details ?? {})}`);
  return r.value;
};
const simOrder = async (id: string) => (await simGet<SimOrder[]>(central.baseUrl, '/__sim/orders')).find((o) => o.userSessionId === id);
const trades = async (id: string): Promise<Trade[]> => (pay.state.list() as Trade[]).filter((t) => t.outTradeNo === `S${id}`);
// A completed sale prints at once: `printed` is its end.
const FINAL = ['printed', 'refunded', 'cancelled', 'expired', 'needs-staff'];
const settled = (orderId: string, timeoutMs = 15_000) =>
  eventually(
    async () => value(await call('sale.payStatus', { orderId })),
    (o) => FINAL.includes(o.state),
    timeoutMs,
  );
const auditActions = (orderId: string) =>
  host.core.db
    .prepare('SELECT action FROM audit_log WHERE subject = ? ORDER BY seq')
    .all(`order:${orderId}`)
    .map((r) => (r as { action: string }).action);
const row = (orderId: string) =>
  host.core.db.prepare('SELECT * FROM sale_orders WHERE order_id = ?').get(orderId) as Record<string, unknown>;

/** Holds two fresh seats side by side of session 29617 (10000 cents each). */
async function held(): Promise<UiOutput<'sale.hold'>> {
  const n = pairs++;
  const rowIndex = Math.floor(n / 5);
  const columnIndex = 1 + (n % 5) * 2;
  return value(
    await call('sale.hold', {
      sessionId: '29617',
      tickets: [{ ticketTypeCode: '0010', qty: 2 }],
      seats: [
        { areaNumber: 1, rowIndex, columnIndex },
        { areaNumber: 1, rowIndex, columnIndex: columnIndex + 1 },
      ],
    }),
  );
}

/** The sale's good end: completed and printed, one trade of the order's amount, central's booking named on the order. */
async function expectCompletedOnce(done: Pay, total: number, on: () => RunningHost = () => host): Promise<void> {
  expect(done.state).toBe('printed');
  // Both tickets through the collection's path (apply-print with the booking's print number and verify code).
  const printNo = String(done.verifyCode).padStart(16, '0');
  expect(on().core.db.prepare('SELECT state FROM print_jobs WHERE print_no = ?').all(printNo)).toEqual([
    { state: 'printed' },
    { state: 'printed' },
  ]);
  expect(row(done.orderId).print_no).toBe(printNo);
  const sim = await simOrder(done.orderId);
  expect(sim?.state).toBe('completed');
  expect(String(sim?.booking?.bookingNumber)).toBe(done.verifyCode);
  expect(sim?.booking?.bookingId).toBe(done.bookingId);
  expect(sim?.booking?.paymentValueCents).toBe(total);
  const list = await trades(done.orderId);
  expect(list).toHaveLength(1);
  expect(list[0]).toMatchObject({ status: 'TRADE_SUCCESS', totalAmount: (total / 100).toFixed(2), refundedAmount: '0.00' });
  // RefundBooking later sends back what CompleteOrder was given.
  expect(
    host.core.db.prepare('SELECT value_cents, card_type FROM booking_payments WHERE booking_number = ?').get(Number(done.verifyCode)),
  ).toEqual({
    value_cents: total,
    card_type: 'CreditCard',
  });
}

/** The other end: no booking at central, the money back in full (or never taken), the order on the box office's list. */
async function expectRefunded(done: Pay, total: number): Promise<void> {
  expect(done.state).toBe('refunded');
  expect(done.refundReference).toBe(`R${done.orderId}`);
  expect(done.refundedCents).toBe(total);
  const list = await trades(done.orderId);
  expect(list).toHaveLength(1);
  expect(list[0]).toMatchObject({ totalAmount: (total / 100).toFixed(2), refundedAmount: (total / 100).toFixed(2) });
  expect(row(done.orderId).needs_staff_reason).toEqual(expect.any(String));
}

beforeAll(async () => {
  central = await startCentralSim({ seed: 5, sale: { holdMs: SALE.holdSeconds * 1000 } });
  pay = await startAlipayGatewaySim({ userPayingMs: 300 });
  dataDir = tempDir('sale-pay');
  host = await startHostOn(central, dataDir, overrides());
});
afterAll(async () => {
  await host?.stop();
  await central?.close();
  await pay?.close();
});
afterEach(async () => {
  await simSend(central.baseUrl, 'DELETE', '/__sim/faults');
  await simSend(central.baseUrl, 'POST', '/__sim/sale-faults', { completeOrder: null });
});

describe('paying a held order', () => {
  it('a paid order completes: central shows it completed, one trade of the right amount, every step audited', async () => {
    const order = await held();
    const paid = value(await call('sale.pay', { orderId: order.orderId, paymentCode: '286543210987654321' }));
    expect(['paid', 'completing', 'completed']).toContain(paid.state);
    expect(paid.paidCents).toBe(order.totalCents);
    const done = await settled(order.orderId);
    await expectCompletedOnce(done, order.totalCents);
    expect(auditActions(order.orderId).filter((a) => a.startsWith('sale.order.'))).toEqual([
      'sale.order.holding',
      'sale.order.held',
      'sale.order.paying',
      'sale.order.paid',
      'sale.order.completing',
      'sale.order.completed',
      'sale.order.printed',
    ]);
    // A second pay of a completed order is refused before any call.
    const again = await call('sale.pay', { orderId: order.orderId, paymentCode: '286543210987654321' });
    expect(again).toMatchObject({ ok: false, error: { code: 'ORDER_CLOSED' } });
    expect(await trades(order.orderId)).toHaveLength(1);
  });

  it('10003: the customer confirms on the phone, the trade is queried within the hold, then the order completes', async () => {
    const order = await held();
    const paying = value(await call('sale.pay', { orderId: order.orderId, paymentCode: TEST_PAYMENT_CODES.userPayingThenSuccess }));
    expect(paying.state).toBe('paying');
    // The hold's own end, as the hold answered it (the screens count down to it), not one restarted by the payment.
    expect(paying.heldUntil).toBe(order.heldUntil);
    await expectCompletedOnce(await settled(order.orderId), order.totalCents);
  });

  it('10003 and the customer never confirms: the trade closes, nothing is charged and the seats go back', async () => {
    const order = await held();
    value(await call('sale.pay', { orderId: order.orderId, paymentCode: TEST_PAYMENT_CODES.userPayingThenClosed }));
    const done = await settled(order.orderId);
    expect(done.state).toBe('cancelled');
    expect(done.cancelReason).toBe('payment');
    expect((await trades(order.orderId))[0]).toMatchObject({ status: 'TRADE_CLOSED', refundedAmount: '0.00' });
    expect((await simOrder(order.orderId))?.state).toBe('cancelled');
  });

  it('20000 but the money moved: the query finds it paid and the order completes', async () => {
    const order = await held();
    expect(value(await call('sale.pay', { orderId: order.orderId, paymentCode: TEST_PAYMENT_CODES.unknownButPaid })).state).toBe('paying');
    await expectCompletedOnce(await settled(order.orderId), order.totalCents);
  });

  it('declined: nothing charged, the seats stay held with the reason kept; a fresh code under the same trade number pays once', async () => {
    const order = await held();
    const declined = await call('sale.pay', { orderId: order.orderId, paymentCode: TEST_PAYMENT_CODES.authCodeInvalid });
    expect(declined).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { refusal: 'PAYMENT_DECLINED', reason: 'payment-code-invalid' } },
    });
    const status = value(await call('sale.payStatus', { orderId: order.orderId }));
    expect(status).toMatchObject({ state: 'held', paymentError: 'payment-code-invalid', paidCents: null, heldUntil: order.heldUntil });
    expect(order.heldUntil).not.toBeNull();
    expect((await simOrder(order.orderId))?.state).toBe('held');
    expect(await trades(order.orderId)).toHaveLength(0);

    value(await call('sale.pay', { orderId: order.orderId, paymentCode: '286543210987654322' }));
    await expectCompletedOnce(await settled(order.orderId), order.totalCents);
  });

  it('refuses hostile input before any call: a code of another wallet, a malformed code, an unknown order', async () => {
    const order = await held();
    const wechat = await call('sale.pay', { orderId: order.orderId, paymentCode: '134567890123456789' });
    expect(wechat).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { refusal: 'WALLET_NOT_ACCEPTED' } } });
    expect(await call('sale.pay', { orderId: order.orderId, paymentCode: '28abc' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await call('sale.pay', { orderId: 'ffffffffffffffffffffffffffffffff', paymentCode: '286543210987654321' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(value(await call('sale.payStatus', { orderId: order.orderId })).state).toBe('held');
    expect(await trades(order.orderId)).toHaveLength(0);
    value(await call('sale.cancel', { orderId: order.orderId, reason: 'customer' }));
  });
});

describe("seed 003 §2.2's tree after CompleteOrder does not answer 0", () => {
  const payAndSettle = async (timeoutMs?: number) => {
    const order = await held();
    value(await call('sale.pay', { orderId: order.orderId, paymentCode: '286543210987654321' }));
    return { order, done: await settled(order.orderId, timeoutMs) };
  };

  it('a code after booking (14): GetOrder says completed, the status query finds the booking: completed, one charge', async () => {
    await simSend(central.baseUrl, 'POST', '/__sim/sale-faults', { completeOrder: 'code:14', times: 1 });
    const { order, done } = await payAndSettle();
    await expectCompletedOnce(done, order.totalCents);
  });

  it('the answer lost after booking: the status query finds the booking', async () => {
    await simSend(central.baseUrl, 'POST', '/__sim/sale-faults', { completeOrder: 'lost-answer', times: 1 });
    const { order, done } = await payAndSettle();
    await expectCompletedOnce(done, order.totalCents);
  });

  it('refused once without booking (26): GetOrder says open, CompleteOrder again books it', async () => {
    await simSend(central.baseUrl, 'POST', '/__sim/faults', { path: 'order/payment', result: 26, times: 1 });
    const { order, done } = await payAndSettle();
    await expectCompletedOnce(done, order.totalCents);
  });

  it('refused every time: CompleteOrder again fails, the status queries find nothing, CancelOrder frees the seats, the charge is refunded', async () => {
    await simSend(central.baseUrl, 'POST', '/__sim/faults', { path: 'order/payment', result: 26 });
    const { order, done } = await payAndSettle();
    await expectRefunded(done, order.totalCents);
    expect(await simOrder(order.orderId)).toMatchObject({ state: 'cancelled', booking: null });
  });

  it('booked, but every status query fails and CancelOrder fails (56): RefundBooking undoes the booking, the charge is refunded', async () => {
    await simSend(central.baseUrl, 'POST', '/__sim/sale-faults', { completeOrder: 'code:14' });
    // The three queries of the loop fail; the one after CancelOrder's failure finds the booking.
    await simSend(central.baseUrl, 'POST', '/__sim/faults', { path: 'order/query-booking-status', result: 1, times: 3 });
    const { order, done } = await payAndSettle();
    await expectRefunded(done, order.totalCents);
    const sim = await simOrder(order.orderId);
    expect(sim?.booking).not.toBeNull();
    const booking = await simGet<SimBookingView>(central.baseUrl, `/__sim/bookings/${sim!.booking!.bookingNumber}`);
    expect(booking.calls.refund).toBe(1);
    expect(booking.booking.Tickets.every((t) => t.RefundedStatus === '1')).toBe(true);
    expect(row(order.orderId).booking_number).toBe(sim!.booking!.bookingNumber);
  });

  it('GetOrder fails (2.3): CancelOrder; nothing was booked, so the seats go back and the charge is refunded', async () => {
    await simSend(central.baseUrl, 'POST', '/__sim/faults', { path: 'order/payment', result: 26, times: 1 });
    await simSend(central.baseUrl, 'POST', '/__sim/faults', { path: 'svc/order', result: 1 });
    const { order, done } = await payAndSettle();
    await expectRefunded(done, order.totalCents);
    expect(await simOrder(order.orderId)).toMatchObject({ state: 'cancelled', booking: null });
  });

  it('GetOrder without an answer (HTTP 503) is asked again before the tree goes on: open, CompleteOrder again books it', async () => {
    await simSend(central.baseUrl, 'POST', '/__sim/faults', { path: 'order/payment', result: 26, times: 1 });
    await simSend(central.baseUrl, 'POST', '/__sim/faults', { path: 'svc/order', status: 503, times: 2 });
    const { order, done } = await payAndSettle();
    await expectCompletedOnce(done, order.totalCents);
  });

  it('nothing booked and CancelOrder fails too: the charge is refunded and the box office is told to check central', async () => {
    await simSend(central.baseUrl, 'POST', '/__sim/faults', { path: 'order/payment', result: 26 });
    await simSend(central.baseUrl, 'POST', '/__sim/faults', { path: 'order/cancel', result: 1 });
    const { order, done } = await payAndSettle();
    await expectRefunded(done, order.totalCents);
    expect(String(row(order.orderId).needs_staff_reason)).toMatch(/CancelOrder failed/u);
    expect((await simOrder(order.orderId))?.booking).toBeNull();
  });
});

describe('a payment that never settles within the hold', () => {
  let short: RunningHost;
  let staffSession: string;
  beforeAll(async () => {
    short = await startHostOn(central, tempDir('sale-pay-short'), {
      ...overrides(),
      sale: { ...SALE, holdSeconds: 2 },
      terminal: { id: 'KIOSK-SHORT' },
    });
    value(await on('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(short.config.dataDir) }));
    const tech = value(await on('staff.login', { username: 'tech1', password: 'a-long-password-1' })).session;
    value(await on('staff.add', { session: tech, username: 'sup1', role: 'supervisor', password: 'supervisor-pass-1' }));
    staffSession = value(await on('staff.login', { username: 'sup1', password: 'supervisor-pass-1' })).session;
  });
  afterAll(() => short?.stop());
  const on = <N extends UiCallName>(name: N, input: Record<string, unknown>) =>
    dispatchUiCall(short.core.handlers, name, input) as Promise<Result<UiOutput<N>>>;

  it.each([
    ['the gateway busy and no trade made', TEST_PAYMENT_CODES.unknownNotCreated, 'TRADE_CLOSED', '0.00'],
    ['the money moved but every query fails', TEST_PAYMENT_CODES.unknownButPaid, 'TRADE_CLOSED', 'all'],
  ])('%s: reversed with trade.cancel, the order annulled, never charged twice', async (_what, code, status, refunded) => {
    const n = pairs++;
    const order = value(
      await on('sale.hold', {
        sessionId: '29617',
        tickets: [{ ticketTypeCode: '0010', qty: 1 }],
        seats: [{ areaNumber: 1, rowIndex: Math.floor(n / 5), columnIndex: 1 + (n % 5) * 2 }],
      }),
    );
    if (refunded === 'all') await simSend(pay.gatewayUrl, 'POST', '/__sim/faults', { path: 'alipay.trade.query', result: 20000 });
    const paying = await on('sale.pay', { orderId: order.orderId, paymentCode: code });
    expect(value(paying).state).toBe('paying');
    const done = await eventually(
      async () => value(await on('sale.payStatus', { orderId: order.orderId })),
      (o) => o.state === 'cancelled',
      10_000,
    );
    await simSend(pay.gatewayUrl, 'DELETE', '/__sim/faults');
    expect(done.cancelReason).toBe('payment');
    const list = await trades(order.orderId);
    // One number, closed: a late payment under it is refused, and money that moved went back in full.
    expect(list).toHaveLength(1);
    expect(list[0]!.status).toBe(status);
    expect(list[0]!.refundedAmount).toBe(refunded === 'all' ? list[0]!.totalAmount : refunded);
    expect(list[0]!.calls).toContain('alipay.trade.cancel');
    // Money that moved and went back: the customer's screen names it with a reference, the box office lists it.
    const moved = refunded === 'all';
    expect([done.refundReference, done.refundedCents]).toEqual(moved ? [`S${order.orderId}`, order.totalCents] : [null, null]);
    const listed = value(await on('office.attention.list', { session: staffSession })).items.filter(
      (i) => i.id === `sale:${order.orderId}`,
    );
    expect(listed).toEqual(
      moved
        ? [
            expect.objectContaining({
              kind: 'sale-refunded',
              detail: expect.stringContaining(`${order.totalCents} cents went back to the customer (refund S${order.orderId})`),
              facts: expect.objectContaining({ refundReference: `S${order.orderId}`, state: 'cancelled' }),
            }),
          ]
        : [],
    );
    expect(
      short.core.db
        .prepare('SELECT action FROM audit_log WHERE subject = ? ORDER BY seq')
        .all(`order:${order.orderId}`)
        .map((r) => (r as { action: string }).action),
    ).toEqual([
      'sale.order.holding',
      'sale.order.held',
      'sale.order.paying',
      'sale.order.payment-unknown',
      'sale.order.cancelling',
      'sale.order.cancelled',
    ]);
  });
});

describe('at the counter and the box office', () => {
  it("a clerk takes the customer's code; a sale that ends refunded is on the needs-attention list until dismissed", async () => {
    value(await call('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(host.config.dataDir) }));
    const tech = value(await call('staff.login', { username: 'tech1', password: 'a-long-password-1' })).session;
    value(await call('staff.add', { session: tech, username: 'clerk1', role: 'clerk', password: '246810' }));
    const session = value(await call('staff.login', { username: 'clerk1', password: '246810' })).session;

    await simSend(central.baseUrl, 'POST', '/__sim/faults', { path: 'order/payment', result: 26 });
    const order = await held();
    value(await call('office.sale.pay', { session, orderId: order.orderId, paymentCode: '286543210987654321' }));
    const done = await settled(order.orderId);
    await expectRefunded(done, order.totalCents);
    expect(
      host.core.db.prepare("SELECT actor FROM audit_log WHERE subject = ? AND action = 'sale.order.paying'").get(`order:${order.orderId}`),
    ).toEqual({ actor: 'staff:clerk1' });

    const items = value(await call('office.attention.list', { session })).items.filter((i) => i.id === `sale:${order.orderId}`);
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'sale-refunded',
        facts: expect.objectContaining({ refundReference: `R${order.orderId}`, paidCents: order.totalCents, state: 'refunded' }),
        actions: ['dismiss'],
      }),
    ]);
    value(await call('office.attention.resolve', { session, id: `sale:${order.orderId}`, action: 'dismiss' }));
    expect(value(await call('office.attention.list', { session })).items.some((i) => i.id === `sale:${order.orderId}`)).toBe(false);
    expect(auditActions(order.orderId).at(-1)).toBe('attention.resolved');
  });
});

describe('after a stop', () => {
  it('an order stopped while completing goes on from its row at the next start: completed, one trade', async () => {
    await simSend(central.baseUrl, 'POST', '/__sim/sale-faults', { completeOrder: 'lost-answer', times: 1 });
    const order = await held();
    value(await call('sale.pay', { orderId: order.orderId, paymentCode: '286543210987654321' }));
    await eventually(
      async () => value(await call('sale.payStatus', { orderId: order.orderId })).state,
      (s) => s === 'completing',
    );
    await host.stop();
    host = await startHostOn(central, dataDir, overrides());
    await expectCompletedOnce(await settled(order.orderId), order.totalCents);
    expect(auditActions(order.orderId).filter((a) => a === 'sale.order.completed')).toHaveLength(1);
  });

  it('a sale booked but stopped before its print reported: on the box office list with its pickup number, never printed by itself', async () => {
    // A host that books without printing stands for a stop between CompleteOrder and the print.
    await host.stop();
    host = await startHostOn(central, dataDir, { ...overrides(), sale: { ...SALE, printOnCompletion: false } });
    const order = await held();
    value(await call('sale.pay', { orderId: order.orderId, paymentCode: '286543210987654321' }));
    await eventually(
      async () => value(await call('sale.payStatus', { orderId: order.orderId })).state,
      (s) => s === 'completed',
    );
    await host.stop();
    host = await startHostOn(central, dataDir, overrides());
    const status = value(await call('sale.payStatus', { orderId: order.orderId }));
    expect([status.state, status.printFailed]).toEqual(['completed', false]);
    const printNo = String(status.verifyCode).padStart(16, '0');
    expect(host.core.db.prepare('SELECT count(*) AS n FROM print_jobs WHERE print_no = ?').get(printNo)).toEqual({ n: 0 });
    const session = value(await call('staff.login', { username: 'clerk1', password: '246810' })).session;
    const listed = value(await call('office.attention.list', { session })).items.filter((i) => i.id === `sale:${order.orderId}`);
    expect(listed).toEqual([
      expect.objectContaining({
        kind: 'sale-unprinted',
        bookingNumber: Number(status.verifyCode),
        facts: expect.objectContaining({ printNo, verifyCode: status.bookingId, outTradeNo: `S${order.orderId}`, state: 'completed' }),
        actions: ['dismiss'],
      }),
    ]);
    // Listed once: a second start finds it on the list already.
    await host.stop();
    host = await startHostOn(central, dataDir, overrides());
    expect(auditActions(order.orderId).filter((a) => a === 'sale.print.unprinted-after-stop')).toHaveLength(1);
    expect(host.core.db.prepare('SELECT count(*) AS n FROM print_jobs WHERE print_no = ?').get(printNo)).toEqual({ n: 0 });
  });

  it('an order stopped while refunding is refunded once, by the same refund number', async () => {
    const order = await held();
    await simSend(central.baseUrl, 'POST', '/__sim/faults', { path: 'order/payment', result: 26 });
    // The first refund answer is lost: the order stays refunding when the host stops.
    await simSend(pay.gatewayUrl, 'POST', '/__sim/faults', { path: 'alipay.trade.refund', hang: true, times: 1 });
    value(await call('sale.pay', { orderId: order.orderId, paymentCode: '286543210987654321' }));
    await eventually(
      async () => value(await call('sale.payStatus', { orderId: order.orderId })).state,
      (s) => s === 'refunding',
    );
    await host.stop();
    await simSend(pay.gatewayUrl, 'DELETE', '/__sim/faults');
    host = await startHostOn(central, dataDir, overrides());
    await expectRefunded(await settled(order.orderId), order.totalCents);
  });
});
