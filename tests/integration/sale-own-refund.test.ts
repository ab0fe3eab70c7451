import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/host';
import { firstRunCode } from '../support/first-run';
import { startDemoHost } from '../support/in-process-host';
import { callOn, holdFreeSeats, orderSettled, valueOf } from '../support/demo-sale';
import { eventually, simSend } from '../support/sim-control';

/**
 * Refunds of our own sales (issue 15 item 7, seed 003 §2.4 and §3.12) on the demo host: a booking this
 * kiosk sold, its tickets not printed, refunded at the box office: RefundBooking (MarkAsRefundedOnly,
 * the PaymentInfo of our CompleteOrder), then the money back through the Alipay gateway simulator under
 * one `out_request_no`, queued durably in the transaction that settles central's confirmation.
 */
describe('refunding a booking we sold', () => {
  let host: RunningHost;
  let sup: string;
  const call = callOn(() => host);
  const trade = (orderId: string) => host.demo!.payment!.sim.state.list().find((t) => t.outTradeNo === `S${orderId}`)!;
  const audit = (orderId: string) =>
    host.core.db.prepare('SELECT action, details FROM audit_log WHERE subject = ? ORDER BY seq').all(`order:${orderId}`) as {
      action: string;
      details: string;
    }[];

  /** A sale completed at central but not printed (the customer will collect later): its booking and tickets as the box office sees them. */
  async function soldUnprinted(pay: (orderId: string, totalCents: number) => Promise<unknown>, atCounter = false) {
    const order = await holdFreeSeats(host, 2, atCounter ? sup : undefined);
    await pay(order.orderId, order.totalCents);
    const done = await orderSettled(host, order.orderId, ['completed']);
    const bookingNumber = Number(done.verifyCode);
    const found = valueOf(await call('office.find', { session: sup, query: String(bookingNumber) }));
    expect(found.kind).toBe('booking');
    const detail = valueOf(await call('office.booking', { session: sup, bookingNumber }));
    expect(detail.tickets.map((t) => t.state)).toEqual(['unprinted', 'unprinted']);
    return { order, done, bookingNumber, codes: detail.tickets.map((t) => t.ticketCode) };
  }

  beforeAll(async () => {
    host = await startDemoHost({
      sale: { printOnCompletion: false, paymentRetryMs: 100, cancelPollMs: 100 },
      office: { onlineRefundRetrySeconds: 1 },
    });
    valueOf(await call('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(host.config.dataDir) }));
    const tech = valueOf(await call('staff.login', { username: 'tech1', password: 'a-long-password-1' })).session;
    valueOf(await call('staff.add', { session: tech, username: 'sup1', role: 'supervisor', password: 'supervisor-pass-1' }));
    sup = valueOf(await call('staff.login', { username: 'sup1', password: 'supervisor-pass-1' })).session;
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('an Alipay sale: RefundBooking marks it refunded with our PaymentInfo, then Alipay refunds the total once', async () => {
    const { order, bookingNumber, codes } = await soldUnprinted(async (orderId) =>
      valueOf(await call('sale.pay', { orderId, paymentCode: '286543210987654321' })),
    );
    const started = valueOf(await call('office.refund', { session: sup, bookingNumber, ticketCodes: codes, reason: 'Change of plans' }));
    expect(started.kind).toBe('online');
    await eventually(
      async () => valueOf(await call('office.booking', { session: sup, bookingNumber })),
      (d) => d.refunds[0]?.state === 'refunded',
    );
    // RefundBooking sent back the PaymentInfo our CompleteOrder gave (refund-seed.test.ts checks the request itself).
    expect(host.core.db.prepare('SELECT value_cents FROM booking_payments WHERE booking_number = ?').get(bookingNumber)).toEqual({
      value_cents: order.totalCents,
    });
    const refunded = await eventually(
      async () => trade(order.orderId),
      (t) => t.refundedAmount !== '0.00',
    );
    expect(refunded).toMatchObject({
      totalAmount: (order.totalCents / 100).toFixed(2),
      refundedAmount: (order.totalCents / 100).toFixed(2),
    });
    const row = host.core.db.prepare('SELECT tender, state, amount_cents, out_request_no FROM sale_refunds').get() as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({
      tender: 'alipay',
      state: 'done',
      amount_cents: order.totalCents,
      out_request_no: expect.stringMatching(/^RB\d+$/u),
    });
    expect(audit(order.orderId).map((a) => a.action)).toEqual(expect.arrayContaining(['sale.refund.queued', 'sale.refund.done']));

    // Refunded again at the desk: refused, nothing more goes back.
    const again = await call('office.refund', { session: sup, bookingNumber, ticketCodes: codes, reason: 'Change of plans' });
    expect(again.ok).toBe(false);
    // A crash after Alipay refunded but before `done` was stored: sent again under the same number, still one refund.
    host.core.db.prepare("UPDATE sale_refunds SET state = 'pending', done_at = NULL, next_attempt_at = 0").run();
    await eventually(
      async () => host.core.db.prepare('SELECT state FROM sale_refunds').get() as { state: string },
      (r) => r.state === 'done',
    );
    const after = trade(order.orderId);
    expect(after.calls.filter((c) => c === 'alipay.trade.refund')).toHaveLength(2);
    expect(after.refundedAmount).toBe((order.totalCents / 100).toFixed(2));
    const report = valueOf(
      await call('office.report', {
        session: sup,
        from: new Date(Date.now() - 3_600_000).toISOString(),
        to: new Date(Date.now() + 60_000).toISOString(),
      }),
    );
    expect(report.sales?.refundedAlipay.cents).toBeGreaterThanOrEqual(order.totalCents);
  });

  it('a cash sale: central marks it refunded, the money goes back at the counter (no provider call), and the shift report counts it', async () => {
    const { order, bookingNumber, codes } = await soldUnprinted(
      async (orderId, totalCents) => valueOf(await call('office.sale.payCash', { session: sup, orderId, tenderedCents: totalCents })),
      true,
    );
    const calls = host.demo!.payment!.sim.state.list().length;
    valueOf(await call('office.refund', { session: sup, bookingNumber, ticketCodes: codes, reason: 'Change of plans' }));
    await eventually(
      async () => valueOf(await call('office.booking', { session: sup, bookingNumber })),
      (d) => d.refunds[0]?.state === 'refunded',
    );
    const row = await eventually(
      async () =>
        host.core.db.prepare('SELECT tender, state, amount_cents FROM sale_refunds WHERE order_id = ?').get(order.orderId) as
          Record<string, unknown> | undefined,
      (r) => r !== undefined,
    );
    expect(row).toEqual({ tender: 'cash', state: 'done', amount_cents: order.totalCents });
    expect(host.demo!.payment!.sim.state.list()).toHaveLength(calls);
    const done = audit(order.orderId).find((a) => a.action === 'sale.refund.done')!;
    expect(JSON.parse(done.details)).toMatchObject({ tender: 'cash', amountCents: order.totalCents, paidBack: 'cash at the counter' });
    const report = valueOf(
      await call('office.report', {
        session: sup,
        from: new Date(Date.now() - 3_600_000).toISOString(),
        to: new Date(Date.now() + 60_000).toISOString(),
      }),
    );
    expect(report.sales?.refundedCash).toEqual({ count: 1, cents: order.totalCents });
    expect(report.sales?.cashExpectedCents).toBe(0);
  });

  it('Alipay busy, then refusing: retried under the same number; a refusal goes on the box office list to pay back by hand', async () => {
    const gateway = host.demo!.payment!.gatewayUrl;
    // Busy once: sent again later, one refund in the end.
    await simSend(gateway, 'POST', '/__sim/faults', { path: 'alipay.trade.refund', result: 20000, times: 1 });
    const first = await soldUnprinted(async (orderId) => valueOf(await call('sale.pay', { orderId, paymentCode: '286543210987654321' })));
    valueOf(
      await call('office.refund', {
        session: sup,
        bookingNumber: first.bookingNumber,
        ticketCodes: first.codes,
        reason: 'Change of plans',
      }),
    );
    const retried = await eventually(
      async () =>
        host.core.db.prepare('SELECT state, attempts FROM sale_refunds WHERE order_id = ?').get(first.order.orderId) as
          { state: string; attempts: number } | undefined,
      (r) => r?.state === 'done',
      20_000,
    );
    expect(retried!.attempts).toBe(2);
    expect(trade(first.order.orderId).refundedAmount).toBe((first.order.totalCents / 100).toFixed(2));

    // Refused: nothing went back; the order is on the attention list with what to pay back by hand.
    await simSend(gateway, 'POST', '/__sim/faults', { path: 'alipay.trade.refund', result: 40004 });
    try {
      const second = await soldUnprinted(async (orderId) =>
        valueOf(await call('sale.pay', { orderId, paymentCode: '286543210987654321' })),
      );
      valueOf(
        await call('office.refund', {
          session: sup,
          bookingNumber: second.bookingNumber,
          ticketCodes: second.codes,
          reason: 'Change of plans',
        }),
      );
      await eventually(
        async () =>
          host.core.db.prepare('SELECT state FROM sale_refunds WHERE order_id = ?').get(second.order.orderId) as
            { state: string } | undefined,
        (r) => r?.state === 'needs-staff',
        20_000,
      );
      expect(trade(second.order.orderId).refundedAmount).toBe('0.00');
      const list = valueOf(await call('office.attention.list', { session: sup }));
      const item = list.items.find((i) => i.id === `sale:${second.order.orderId}`);
      expect(item?.detail).toContain(`¥${(second.order.totalCents / 100).toFixed(2)}`);
      expect(item?.detail).toContain('pay the customer back by hand');
    } finally {
      await simSend(gateway, 'DELETE', '/__sim/faults');
    }
  });
});
