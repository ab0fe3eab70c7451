import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/host';
import { startAlipayGatewaySim, type RunningAlipaySim } from '../../electron/simulator/alipay-gateway/alipay-sim.server';
import { startCentralSim, type RunningCentralSim } from '../../electron/simulator/central-sim.server';
import { startHostOn } from '../support/external-sim-host';
import { tempDir } from '../support/host-process';
import { firstRunCode } from '../support/first-run';
import { callOn, holdFreeSeats, orderSettled, valueOf } from '../support/demo-sale';
import { eventually, simGet, type SimBookingView } from '../support/sim-control';
import { alipayConfigOf } from '../support/pay-sim';

/**
 * Refunds of our own sales whose tickets were printed (issue 15 item 7, seed 003 §2.4): refunded at the
 * counter with its slip, central told through the outbox (RefundBooking, MarkAsRefundedOnly, the
 * PaymentInfo our CompleteOrder gave, which the simulator checks), and the money back by the sale's
 * tender: Alipay through `trade.refund` of the refunded tickets' amount under `RB<refund id>`, cash given
 * back at the counter. The simulators outlive a host restart, so "once" is checked across one.
 */
describe('refunding printed tickets of a booking we sold, at the counter', () => {
  let central: RunningCentralSim;
  let pay: RunningAlipaySim;
  let host: RunningHost;
  let dataDir: string;
  let sup: string;
  const call = callOn(() => host);
  const overrides = () => ({
    sale: { paymentRetryMs: 100, cancelPollMs: 100 },
    sync: { pollMs: 100 },
    payment: alipayConfigOf(pay),
  });
  /** The order's trade as the gateway simulator's control API shows it (`GET /__pay/trades`). */
  const trade = async (orderId: string) =>
    (
      await simGet<{ outTradeNo: string; totalAmount: string; refundedAmount: string; calls: string[] }[]>(
        new URL(pay.gatewayUrl).origin,
        '/__pay/trades',
      )
    ).find((t) => t.outTradeNo === `S${orderId}`)!;
  const yuan = (cents: number) => (cents / 100).toFixed(2);
  const moneyBack = (refundCode: string) =>
    host.core.db
      .prepare(
        'SELECT s.tender, s.state, s.amount_cents, s.out_request_no, r.refund_id FROM sale_refunds s JOIN refunds r USING (refund_id) WHERE r.refund_code = ?',
      )
      .get(refundCode) as { tender: string; state: string; amount_cents: number; out_request_no: string; refund_id: number } | undefined;
  const printer = () => (host.demo?.printer ?? host.virtualPrinter)!;
  const slipOf = (refundCode: string) =>
    eventually(
      async () =>
        printer()
          .jobs()
          .find((j) => j.qrPayloads.includes(refundCode)),
      (j) => j !== undefined,
    );
  const centralBooking = (bookingNumber: number) => simGet<SimBookingView>(central.baseUrl, `/__sim/bookings/${bookingNumber}`);
  const sinceAnHourAgo = () => ({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() });

  /** A sale paid, completed at central and printed: the booking and its ticket codes as the box office sees them. */
  async function soldPrinted(payFor: (orderId: string, totalCents: number) => Promise<unknown>, atCounter = false) {
    const order = await holdFreeSeats(host, 2, atCounter ? sup : undefined);
    await payFor(order.orderId, order.totalCents);
    const done = await orderSettled(host, order.orderId, ['printed']);
    const bookingNumber = Number(done.verifyCode);
    const detail = valueOf(await call('office.booking', { session: sup, bookingNumber }));
    expect(detail.tickets.map((t) => t.state)).toEqual(['printed', 'printed']);
    // The booking view tells the dialog, before the clerk confirms, that this store sold it and by which tender.
    expect(detail.soldHere).toEqual({ tender: atCounter ? 'cash' : 'alipay' });
    return { order, bookingNumber, tickets: detail.tickets };
  }
  const payByAlipay = async (orderId: string) => valueOf(await call('sale.pay', { orderId, paymentCode: '286543210987654321' }));

  beforeAll(async () => {
    central = await startCentralSim({ seed: 7 });
    pay = await startAlipayGatewaySim({ userPayingMs: 300 });
    dataDir = tempDir('sale-refund-printed');
    host = await startHostOn(central, dataDir, overrides());
    valueOf(await call('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(dataDir) }));
    const tech = valueOf(await call('staff.login', { username: 'tech1', password: 'a-long-password-1' })).session;
    valueOf(await call('staff.add', { session: tech, username: 'sup1', role: 'supervisor', password: 'supervisor-pass-1' }));
    sup = valueOf(await call('staff.login', { username: 'sup1', password: 'supervisor-pass-1' })).session;
  });
  afterAll(async () => {
    await host?.stop();
    await central?.close();
    await pay?.close();
  });

  it('an Alipay sale: refunded at the counter, central told with our PaymentInfo, Alipay refunds the amount once, even after a restart', async () => {
    const { order, bookingNumber, tickets } = await soldPrinted(payByAlipay);
    const refund = valueOf(
      await call('office.refund', {
        session: sup,
        bookingNumber,
        ticketCodes: tickets.map((t) => t.ticketCode),
        reason: 'Change of plans',
      }),
    );
    expect(refund).toMatchObject({ kind: 'local', state: 'refunded', slipPrinted: true });
    // The answer says where the money goes, as the slip does: the customer's Alipay, not the counter.
    expect(refund.moneyBack).toEqual({ way: 'alipay', cents: refund.totalCents });
    // Written with the refund, in its transaction: the money-back under RB<refund id>.
    const row = moneyBack(refund.refundCode)!;
    expect(row).toMatchObject({ tender: 'alipay', amount_cents: refund.totalCents, out_request_no: `RB${row.refund_id}` });
    const refunded = await eventually(
      async () => trade(order.orderId),
      (t) => t.refundedAmount !== '0.00',
    );
    expect(refunded).toMatchObject({ totalAmount: yuan(order.totalCents), refundedAmount: yuan(refund.totalCents) });
    expect(refund.totalCents).toBe(order.totalCents - order.bookingFeeCents + refund.bookingFeeCents);
    await eventually(
      async () => moneyBack(refund.refundCode)!.state,
      (s) => s === 'done',
    );
    // Central heard of it through the outbox; the simulator refuses a RefundBooking of a sold booking without
    // the PaymentInfo of its CompleteOrder, so refunded tickets there mean ours was sent.
    const atCentral = await eventually(
      () => centralBooking(bookingNumber),
      (b) => b.effects.refunded === 2,
    );
    expect(atCentral.calls.refund).toBe(1);
    expect(host.core.db.prepare("SELECT state FROM outbox WHERE booking_number = ? AND kind = 'refund-local'").all(bookingNumber)).toEqual([
      { state: 'done' },
    ]);
    // The slip names the tender and the amount.
    const slip = (await slipOf(refund.refundCode))!;
    expect(slip.lines.join('\n')).toContain(`退款去向 Money: 支付宝原路退回 Alipay ￥${yuan(refund.totalCents)}`);

    // The worker runs the row again (a crash before `done` was stored), across a restart: the same number, one refund.
    host.core.db.prepare("UPDATE sale_refunds SET state = 'pending', done_at = NULL, next_attempt_at = 0").run();
    await host.stop();
    host = await startHostOn(central, dataDir, overrides());
    sup = valueOf(await call('staff.login', { username: 'sup1', password: 'supervisor-pass-1' })).session;
    await eventually(
      async () => moneyBack(refund.refundCode)!.state,
      (s) => s === 'done',
    );
    const after = await trade(order.orderId);
    expect(after.calls.filter((c) => c === 'alipay.trade.refund')).toHaveLength(2);
    expect(after.refundedAmount).toBe(yuan(refund.totalCents));
    const report = valueOf(await call('office.report', { session: sup, ...sinceAnHourAgo() }));
    expect(report.sales?.refundedAlipay).toEqual({ count: 1, cents: refund.totalCents });
  });

  it('a partial refund of another Alipay sale pays back only the tickets refunded', async () => {
    const { order, bookingNumber, tickets } = await soldPrinted(payByAlipay);
    const one = tickets[0]!;
    const refund = valueOf(
      await call('office.refund', { session: sup, bookingNumber, ticketCodes: [one.ticketCode], reason: 'Change of plans' }),
    );
    expect(refund.kind).toBe('local');
    expect(refund.ticketCents).toBe(one.priceCents);
    expect(refund.moneyBack).toEqual({ way: 'alipay', cents: refund.totalCents });
    await eventually(
      async () => moneyBack(refund.refundCode)?.state,
      (s) => s === 'done',
    );
    const t = await trade(order.orderId);
    expect(t.refundedAmount).toBe(yuan(refund.totalCents));
    expect(refund.totalCents).toBeLessThan(order.totalCents);
    expect(t.calls.filter((c) => c === 'alipay.trade.refund')).toHaveLength(1);
    const atCentral = await eventually(
      () => centralBooking(bookingNumber),
      (b) => b.effects.refunded === 1,
    );
    expect(atCentral.calls.refund).toBe(1);
    const slip = (await slipOf(refund.refundCode))!;
    expect(slip.lines.join('\n')).toContain(`支付宝原路退回 Alipay ￥${yuan(refund.totalCents)}`);
  });

  it('a cash sale: refunded at the counter, the cash given back there (no provider call), the shift report counts it', async () => {
    const { order, bookingNumber, tickets } = await soldPrinted(
      async (orderId, totalCents) => valueOf(await call('office.sale.payCash', { session: sup, orderId, tenderedCents: totalCents })),
      true,
    );
    const tradesBefore = pay.state.list().length;
    const refund = valueOf(
      await call('office.refund', {
        session: sup,
        bookingNumber,
        ticketCodes: tickets.map((t) => t.ticketCode),
        reason: 'Change of plans',
      }),
    );
    expect(refund.kind).toBe('local');
    // The answer tells the clerk to hand it back in cash, as the slip does.
    expect(refund.moneyBack).toEqual({ way: 'cash', cents: refund.totalCents });
    // Given back at once, in the refund's transaction.
    expect(moneyBack(refund.refundCode)).toMatchObject({ tender: 'cash', state: 'done', amount_cents: refund.totalCents });
    expect(pay.state.list()).toHaveLength(tradesBefore);
    const slip = (await slipOf(refund.refundCode))!;
    expect(slip.lines.join('\n')).toContain(`退款去向 Money: 本柜台现金退还 Cash ￥${yuan(refund.totalCents)}`);
    await eventually(
      () => centralBooking(bookingNumber),
      (b) => b.effects.refunded === 2,
    );
    const report = valueOf(await call('office.report', { session: sup, ...sinceAnHourAgo() }));
    expect(report.sales?.refundedCash).toEqual({ count: 1, cents: refund.totalCents });
    expect(report.sales?.cashExpectedCents).toBe(order.totalCents - refund.totalCents);
  });
});
