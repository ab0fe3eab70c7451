import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/host';
import { firstRunCode } from '../support/first-run';
import { startDemoHost } from '../support/in-process-host';
import { callOn, holdFreeSeats, orderSettled, valueOf } from '../support/demo-sale';
import { eventually, simGet, simSend } from '../support/sim-control';

/**
 * Cash at the counter (issue 15 item 6) on the demo host: a clerk's session, the real central
 * simulator, the virtual printer over TCP recording the drawer pulse (ESC p) and the receipt.
 */
describe('a cash sale at the counter', () => {
  let host: RunningHost;
  let clerk: string;
  const call = callOn(() => host);
  const printer = () => host.demo!.printer!;
  const centralUrl = () => host.demo!.central.url;
  const simOrder = async (orderId: string) =>
    (
      await simGet<{ userSessionId: string; state: string; booking: { paymentValueCents: number } | null }[]>(centralUrl(), '/__sim/orders')
    ).find((o) => o.userSessionId === orderId);

  beforeAll(async () => {
    host = await startDemoHost({
      sale: {
        bookingStatusAttempts: 2,
        bookingStatusIntervalMs: 100,
        paymentRetryMs: 100,
        paymentRetryAttempts: 3,
        cancelBaseDelayMs: 100,
        cancelPollMs: 100,
      },
    });
    valueOf(await call('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(host.config.dataDir) }));
    const tech = valueOf(await call('staff.login', { username: 'tech1', password: 'a-long-password-1' })).session;
    valueOf(await call('staff.add', { session: tech, username: 'clerk1', role: 'clerk', password: 'clerk-password-1' }));
    clerk = valueOf(await call('staff.login', { username: 'clerk1', password: 'clerk-password-1' })).session;
  });
  afterAll(async () => {
    await host?.stop();
  });
  afterEach(async () => {
    await simSend(centralUrl(), 'DELETE', '/__sim/faults');
  });

  it('too little is refused and changes nothing; enough opens the drawer, completes at central, prints tickets and a receipt with the change', async () => {
    const order = await holdFreeSeats(host, 2, clerk);
    const short = await call('office.sale.payCash', { session: clerk, orderId: order.orderId, tenderedCents: order.totalCents - 1 });
    expect(short).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { refusal: 'CASH_TENDER', reason: 'too-little', shortCents: 1 } },
    });
    const typo = await call('office.sale.payCash', {
      session: clerk,
      orderId: order.orderId,
      tenderedCents: order.totalCents + 10_000_000,
    });
    expect(typo).toMatchObject({ ok: false, error: { details: { reason: 'too-much' } } });
    expect(valueOf(await call('sale.payStatus', { orderId: order.orderId })).state).toBe('held');
    // Without a clerk's session: refused.
    expect(
      await call('office.sale.payCash', { session: 'x'.repeat(43), orderId: order.orderId, tenderedCents: order.totalCents }),
    ).toMatchObject({
      ok: false,
    });

    const before = printer().jobs().length;
    const tendered = order.totalCents + 3_050;
    const paid = valueOf(await call('office.sale.payCash', { session: clerk, orderId: order.orderId, tenderedCents: tendered }));
    expect(paid).toMatchObject({ changeCents: 3_050, drawer: 'opened', paidCents: order.totalCents, tradeNo: null });
    const done = await orderSettled(host, order.orderId, ['printed']);
    expect(await simOrder(order.orderId)).toMatchObject({ state: 'completed', booking: { paymentValueCents: order.totalCents } });
    const jobs = await eventually(
      async () => printer().jobs().slice(before),
      (j) => j.some((x) => x.lines.includes('付款凭证 Receipt')),
    );
    // The drawer's pulse first (ESC p on pin 2), then two tickets, then the receipt.
    expect(jobs[0]!.drawerKicks).toHaveLength(1);
    expect(jobs.filter((j) => j.drawerKicks.length > 0)).toHaveLength(1);
    const receipt = jobs.at(-1)!.lines.join('\n');
    const yuan = (c: number) => `￥${(c / 100).toFixed(2)}`.replace('.', '\\.');
    expect(receipt).toMatch(/支付方式 Paid by +现金 Cash/u);
    expect(receipt).toMatch(new RegExp(`实收 Tendered +${yuan(tendered)}`, 'u'));
    expect(receipt).toMatch(/找零 Change +￥30\.50/u);
    expect(receipt).toContain(`验证码 Verify code: ${done.bookingId}`);
    const actions = (
      host.core.db.prepare('SELECT action, actor FROM audit_log WHERE subject = ? ORDER BY seq').all(`order:${order.orderId}`) as {
        action: string;
        actor: string;
      }[]
    ).map((r) => `${r.actor} ${r.action}`);
    expect(actions.slice(0, 4)).toEqual([
      'staff:clerk1 sale.order.holding',
      'staff:clerk1 sale.order.held',
      'staff:clerk1 sale.order.paid',
      'staff:clerk1 sale.drawer.opened',
    ]);
    // A second payment of the same order: refused, no second drawer pulse.
    expect(await call('office.sale.payCash', { session: clerk, orderId: order.orderId, tenderedCents: tendered })).toMatchObject({
      ok: false,
      error: { code: 'ORDER_CLOSED' },
    });
  });

  it('a cash sale that cannot complete is not refunded through any provider: the box office is told to give the cash back', async () => {
    // CompleteOrder refused every time, nothing found, CancelOrder frees the seats.
    await simSend(centralUrl(), 'POST', '/__sim/faults', { path: 'order/payment', result: 26 });
    const order = await holdFreeSeats(host, 1, clerk);
    valueOf(await call('office.sale.payCash', { session: clerk, orderId: order.orderId, tenderedCents: order.totalCents }));
    const done = await orderSettled(host, order.orderId, ['needs-staff', 'refunded', 'printed']);
    expect(done.state).toBe('needs-staff');
    expect(done.refundedCents).toBeNull();
    expect(host.demo!.payment!.sim.state.list()).not.toContainEqual(expect.objectContaining({ outTradeNo: `S${order.orderId}` }));
    const list = valueOf(await call('office.attention.list', { session: clerk }));
    const item = list.items.find((i) => JSON.stringify(i).includes(order.orderId));
    expect(JSON.stringify(item)).toContain(`give back ¥${(order.totalCents / 100).toFixed(2)} cash`);
  });

  it('the shift report counts sales by tender, the cash given back, and the cash the drawer should hold', async () => {
    const range = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    const cashOrders = (
      host.core.db.prepare("SELECT paid_cents, state FROM sale_orders WHERE tender = 'cash' AND actor = 'staff:clerk1'").all() as {
        paid_cents: number;
        state: string;
      }[]
    ).filter((o) => o.paid_cents !== null);
    expect(cashOrders.map((o) => o.state).sort()).toEqual(['needs-staff', 'printed']);
    const sold = cashOrders.reduce((s, o) => s + o.paid_cents, 0);
    const givenBack = cashOrders.find((o) => o.state === 'needs-staff')!.paid_cents;
    // An Alipay sale at the kiosk: another actor, so not on the clerk's own report.
    const kiosk = await holdFreeSeats(host, 1);
    valueOf(await call('sale.pay', { orderId: kiosk.orderId, paymentCode: '286543210987654321' }));
    await orderSettled(host, kiosk.orderId, ['printed']);

    const mine = valueOf(await call('office.report', { session: clerk, ...range }));
    expect(mine.sales).toEqual({
      alipay: { count: 0, cents: 0 },
      cash: { count: 2, cents: sold },
      refundedAlipay: { count: 0, cents: 0 },
      refundedCash: { count: 1, cents: givenBack },
      cashExpectedCents: sold - givenBack,
    });
    // The terminal's whole day (the kiosk's account too), and a range before any sale: nothing.
    const tech = valueOf(await call('staff.login', { username: 'tech1', password: 'a-long-password-1' })).session;
    valueOf(await call('staff.add', { session: tech, username: 'sup1', role: 'supervisor', password: 'supervisor-pass-1' }));
    const sup = valueOf(await call('staff.login', { username: 'sup1', password: 'supervisor-pass-1' })).session;
    const all = valueOf(await call('office.report', { session: sup, ...range }));
    expect(all.sales?.alipay).toEqual({ count: 1, cents: kiosk.totalCents });
    expect(all.sales?.cashExpectedCents).toBe(sold - givenBack);
    const before = valueOf(
      await call('office.report', { session: sup, from: new Date(Date.now() - 7_200_000).toISOString(), to: range.from }),
    );
    expect(before.sales?.cash).toEqual({ count: 0, cents: 0 });
  });

  it("a counter sale prints as the counter's terminal: its tickets, its receipt, the print journal and the shift report say the counter", async () => {
    const COUNTER = host.config.office.terminalId;
    const KIOSK = host.config.terminal.id;
    expect(COUNTER).not.toBe(KIOSK);
    const range = { from: new Date(Date.now() - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    const tech = valueOf(await call('staff.login', { username: 'tech1', password: 'a-long-password-1' })).session;
    valueOf(await call('staff.add', { session: tech, username: 'sup2', role: 'supervisor', password: 'supervisor-pass-2' }));
    const sup = valueOf(await call('staff.login', { username: 'sup2', password: 'supervisor-pass-2' })).session;
    const printedAt = async (terminalId: string) =>
      valueOf(await call('office.report', { session: sup, ...range, terminalId })).totals.printed as number;
    const [counterBefore, kioskBefore] = [await printedAt(COUNTER), await printedAt(KIOSK)];

    const order = await holdFreeSeats(host, 2, clerk);
    const before = printer().jobs().length;
    valueOf(await call('office.sale.payCash', { session: clerk, orderId: order.orderId, tenderedCents: order.totalCents }));
    const done = await orderSettled(host, order.orderId, ['printed']);
    const jobs = await eventually(
      async () => printer().jobs().slice(before),
      (j) => j.some((x) => x.lines.includes('付款凭证 Receipt')),
    );
    const tickets = jobs.filter((j) => !j.lines.includes('付款凭证 Receipt')).flatMap((j) => j.pieces);
    expect(tickets).toHaveLength(2);
    for (const ticket of tickets) {
      expect(ticket.lines.join('\n')).toContain(COUNTER);
      expect(ticket.lines.join('\n')).not.toContain(KIOSK);
    }
    const receipt = jobs.at(-1)!.lines.join('\n');
    expect(receipt).toMatch(new RegExp(`终端 Terminal +${COUNTER}`, 'u'));
    expect(receipt).not.toContain(KIOSK);

    // The print service's claim and its ledger: the counter's terminal, not the kiosk's.
    const bookingNumber = Number(done.coupon!.printNo);
    const claims = host.core.db.prepare('SELECT terminal_id, outcome FROM claims WHERE booking_number = ?').all(bookingNumber);
    expect(claims).toEqual([{ terminal_id: COUNTER, outcome: 'confirmed' }]);
    const ledger = host.core.db
      .prepare("SELECT terminal_id, actor FROM ticket_ledger WHERE kind = 'printed' AND booking_number = ?")
      .all(bookingNumber);
    expect(ledger).toEqual([
      { terminal_id: COUNTER, actor: `terminal:${COUNTER}` },
      { terminal_id: COUNTER, actor: `terminal:${COUNTER}` },
    ]);

    // The shift report counts the two tickets under the counter, none under the kiosk terminal.
    expect(await printedAt(COUNTER)).toBe(counterBefore + 2);
    expect(await printedAt(KIOSK)).toBe(kioskBefore);
  });
});
