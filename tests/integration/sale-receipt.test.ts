import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/host';
import { parseScanPayload } from '../../shared/domain/scan-payload';
import { startDemoHost } from '../support/in-process-host';
import { callOn, holdFreeSeats, orderSettled, valueOf } from '../support/demo-sale';
import { eventually } from '../support/sim-control';

/**
 * The receipt after a sale (issue 15 item 5) on the demo host: the real central and Alipay gateway
 * simulators, the virtual printer over TCP (its ESC/POS decoded), the demo SMTP relay writing to
 * `<data-dir>/mail/`.
 */
describe('the receipt of a paid sale', () => {
  let host: RunningHost;
  const call = callOn(() => host);
  const printer = () => host.demo!.printer!;
  const audit = (orderId: string) =>
    (
      host.core.db.prepare('SELECT action FROM audit_log WHERE subject = ? ORDER BY seq').all(`order:${orderId}`) as { action: string }[]
    ).map((r) => r.action);

  beforeAll(async () => {
    host = await startDemoHost({ mail: { baseDelayMs: 150, maxDelayMs: 400, pollMs: 50 } });
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('prints the tickets, then the receipt with the trade and the coupon; payStatus carries the coupon; the mail lands', async () => {
    const before = printer().jobs().length;
    const order = await holdFreeSeats(host, 2);
    valueOf(await call('sale.pay', { orderId: order.orderId, paymentCode: '286543210987654321' }));
    // Before completion the receipt cannot be mailed: there is no booking to put on it.
    const early = await call('sale.mailReceipt', { orderId: order.orderId, address: 'early@example.com' });
    if (!early.ok) expect(early.error.code).toBe('ORDER_CLOSED');
    const done = await orderSettled(host, order.orderId, ['printed']);
    expect(done.printFailed).toBe(false);
    const printNo = String(done.verifyCode).padStart(16, '0');
    expect(done.coupon).toEqual({ printNo, verifyCode: done.bookingId, payload: `${printNo}|${done.bookingId}` });
    expect(parseScanPayload(done.coupon!.payload)).toEqual({ kind: 'pickup', printNo, verifyCode: done.bookingId });

    // Two tickets, then the receipt: the last job on the paper.
    const jobs = await eventually(
      async () => printer().jobs().slice(before),
      (j) => j.length >= 3 && j.at(-1)!.lines.includes('付款凭证 Receipt'),
    );
    const receipt = jobs.at(-1)!;
    expect(jobs.slice(0, -1).every((j) => !j.lines.includes('付款凭证 Receipt'))).toBe(true);
    const text = receipt.lines.join('\n');
    expect(text).toContain(`影片 Film: ${order.filmTitle}`);
    expect(text).toContain(`影厅 Hall: ${order.screenName}`);
    expect(text).toContain(`座位 Seats: ${order.seats.map((s) => s.name).join(' ')}`);
    const yuan = (c: number) => `￥${(c / 100).toFixed(2)}`;
    expect(text).toMatch(new RegExp(`合计 Total +${yuan(order.totalCents).replace('.', '\\.')}`, 'u'));
    expect(text).toMatch(/支付方式 Paid by +支付宝 Alipay/u);
    expect(text).toContain(done.tradeNo!.slice(-8));
    expect(text).toMatch(new RegExp(`终端 Terminal +${host.config.terminal.id}`, 'u'));
    expect(text).toContain(`取票号 Pickup no.: ${printNo}`);
    expect(text).toContain(`验证码 Verify code: ${done.bookingId}`);
    expect(receipt.qrPayloads).toEqual([`${printNo}|${done.bookingId}`]);
    expect(receipt.cuts).toBe(1);
    await eventually(
      async () => audit(order.orderId),
      (a) => a.includes('sale.receipt.printed'),
    );

    // E-mail on request: refused for a bad address (nothing queued), queued once for a good one, then sent.
    for (const [address, reason] of [
      ['not an address', 'mail-address-not-an-address'],
      ['a@b.c\r\nBcc: x@y.z', 'mail-address-control-characters'],
    ] as const) {
      const refused = await call('sale.mailReceipt', { orderId: order.orderId, address });
      expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { reason } } });
    }
    const mails = host.demo!.mail!;
    const sent = mails.messages().length;
    const queued = valueOf(await call('sale.mailReceipt', { orderId: order.orderId, address: 'buyer@example.com' }));
    expect(queued).toMatchObject({ queued: true });
    expect(valueOf(await call('sale.mailReceipt', { orderId: order.orderId, address: 'buyer@example.com' })).queued).toBe(false);
    const messages = await eventually(
      async () => mails.messages(),
      (m) => m.length === sent + 1,
    );
    expect(messages.at(-1)!.raw).toContain('buyer@example.com');
    expect(host.core.db.prepare('SELECT COUNT(*) AS n FROM mail_outbox WHERE order_id = ?').get(order.orderId)).toEqual({ n: 1 });
    // A few addresses per order, no more: the kiosk is no open relay.
    for (const extra of ['two@example.com', 'three@example.com'])
      valueOf(await call('sale.mailReceipt', { orderId: order.orderId, address: extra }));
    expect(await call('sale.mailReceipt', { orderId: order.orderId, address: 'four@example.com' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { reason: 'too-many-addresses' } },
    });
    expect(valueOf(await call('sale.mailReceipt', { orderId: order.orderId, address: 'buyer@example.com' })).queued).toBe(false);
    expect(host.core.db.prepare('SELECT COUNT(*) AS n FROM mail_outbox WHERE order_id = ?').get(order.orderId)).toEqual({ n: 3 });

    // Another terminal's or an unknown order: not found.
    expect(await call('sale.mailReceipt', { orderId: 'ZZZZZZZZZZZZ', address: 'buyer@example.com' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('with the printer out of paper: the sale completes unprinted, the receipt fails and is audited, the coupon collects later', async () => {
    const order = await holdFreeSeats(host, 1);
    printer().setCondition({ paperOut: true });
    try {
      valueOf(await call('sale.pay', { orderId: order.orderId, paymentCode: '286543210987654321' }));
      const done = await orderSettled(host, order.orderId, ['printed', 'completed']);
      const actions = await eventually(
        async () => audit(order.orderId),
        (a) => a.some((x) => x.startsWith('sale.receipt.')),
      );
      // The sale stands: completed (the tickets wait for a collection), never undone by the receipt; the pay
      // status says the print failed, so the screen says "collect later" at once.
      expect(valueOf(await call('sale.payStatus', { orderId: order.orderId }))).toMatchObject({ state: 'completed', printFailed: true });
      expect(actions.filter((a) => a.startsWith('sale.order.')).at(-1)).toBe('sale.order.completed');
      expect(actions).toContain('sale.print.failed');
      expect(actions).toContain('sale.receipt.failed');
      expect(done.coupon?.payload).toBe(`${String(done.verifyCode).padStart(16, '0')}|${done.bookingId}`);
    } finally {
      printer().setCondition({ paperOut: false });
    }
  });
});
