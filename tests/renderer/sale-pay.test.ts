import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { SalePayStatus } from '../../shared/contract/sale';
import { i18n } from '../../renderer/src/i18n';
import { useSaleStore } from '../../renderer/src/stores/sale';
import { useKioskStore } from '../../renderer/src/stores/kiosk';
import { payDetailText, saleAnnouncement, saleNoticeText } from '../../renderer/src/composables/sale-announcements';
import { failure, installFakeBridge, type FakeBridge } from './fake-bridge';
import { heldOrder, payStatusOf, session, ticketTypes, twoAreaPlan } from './sale-fixtures';

// Paying a held order at the kiosk, as the sale store follows it: the scan, the refusals, the progress.
const t = (key: string, params?: Record<string, unknown> | number) =>
  typeof params === 'number' ? i18n.global.t(key, params) : i18n.global.t(key, params ?? {});
const SEATS = [
  { areaNumber: 1, rowIndex: 0, columnIndex: 0, name: '7排10座', areaCategoryCode: '0000000001' },
  { areaNumber: 1, rowIndex: 0, columnIndex: 1, name: '7排11座', areaCategoryCode: '0000000001' },
];
const CODE = '286123456789012345';
let bridge: FakeBridge;

const status = (state: SalePayStatus['state'], extra: Partial<SalePayStatus> = {}) => payStatusOf(SEATS, state, extra);

/** The store with a held order, as after `hold()`. */
function heldStore() {
  const sale = useSaleStore();
  sale.order = heldOrder(SEATS, Date.now());
  sale.step = 'held';
  return sale;
}
const noticeText = (sale: ReturnType<typeof useSaleStore>) =>
  saleNoticeText(
    sale.notice!,
    t,
    (k) => i18n.global.te(k),
    (s) => s,
    (a) => a,
  );

beforeEach(() => {
  vi.useFakeTimers();
  setActivePinia(createPinia());
  i18n.global.locale.value = 'zh-CN';
  bridge = installFakeBridge().answer('printer.status', {
    ok: true,
    value: { ready: true, state: 'ready' },
  });
});
afterEach(() => vi.useRealTimers());

describe('paying at the kiosk', () => {
  it('a scan on the held screen pays once, then follows the order to printed tickets (the code never kept)', async () => {
    const sale = heldStore();
    const answers = [
      status('completing', { paidCents: 20000, tradeNo: 'T1' }),
      status('printed', { bookingId: 'WQNX8JL', verifyCode: '111972' }),
    ];
    bridge
      .answer('sale.pay', { ok: true, value: status('paid', { paidCents: 20000, tradeNo: 'T1' }) })
      .answer('sale.payStatus', () => ({ ok: true, value: answers.shift()! }));
    useKioskStore().startSale();
    sale.order = heldOrder(SEATS, Date.now());
    sale.step = 'held';
    await useKioskStore().scanned(`${CODE}\r\n`);
    expect(bridge.calls.filter((c) => c.name === 'sale.pay')).toEqual([
      { name: 'sale.pay', input: { orderId: 'ORDER0000000001', paymentCode: CODE } },
    ]);
    expect([sale.step, sale.payPhase]).toEqual(['paying', 'completing']);
    expect(sale.titleKey).toBe('sale.pay.title.completing');
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect([sale.step, sale.payPhase]).toEqual(['outcome', 'printed']);
    // A final state: no more reads.
    const reads = bridge.names().filter((n) => n === 'sale.payStatus').length;
    await vi.advanceTimersByTimeAsync(5000);
    expect(bridge.names().filter((n) => n === 'sale.payStatus').length).toBe(reads);
    expect(JSON.stringify(sale.$state)).not.toContain(CODE);
    // A second scan on the outcome screen pays nothing.
    await sale.scanned(CODE);
    expect(bridge.names().filter((n) => n === 'sale.pay')).toHaveLength(1);
  });

  it('a declined code keeps the order held and says why; a WeChat code names the wallets in the page language', async () => {
    const sale = heldStore();
    bridge.answer('sale.pay', failure('VALIDATION', 'declined', { refusal: 'PAYMENT_DECLINED', reason: 'balance-not-enough' }));
    await sale.scanned(CODE);
    expect(sale.step).toBe('held');
    expect(noticeText(sale)).toContain('余额不足');
    bridge.answer(
      'sale.pay',
      failure('VALIDATION', 'wallet', {
        refusal: 'WALLET_NOT_ACCEPTED',
        customerMessage: { 'zh-CN': '本机不收微信支付，只收支付宝。', en: 'This kiosk does not take WeChat Pay; it takes Alipay only.' },
      }),
    );
    await sale.scanned('134567890123456789');
    expect(noticeText(sale)).toBe('本机不收微信支付，只收支付宝。');
    i18n.global.locale.value = 'en';
    expect(noticeText(sale)).toBe('This kiosk does not take WeChat Pay; it takes Alipay only.');
    // Said first and assertively, with the held screen's prompt.
    const said = saleAnnouncement(
      {
        step: 'held',
        ended: null,
        films: 0,
        film: null,
        sessions: 0,
        seatsLeft: 0,
        seatsChosen: 2,
        seats: [],
        totalYuan: '200.00',
        countdown: '14:00',
        notice: noticeText(sale),
        payPrompt: 'Pay ¥200.00 with Alipay.',
      },
      t,
    );
    expect(said.live).toEqual({ politeness: 'assertive', text: 'This kiosk does not take WeChat Pay; it takes Alipay only.' });
    expect(said.prompt).toContain('Pay ¥200.00 with Alipay.');
  });

  it('the phone confirms (10003), then the payment settles as declined: back on hold, scan again', async () => {
    const sale = heldStore();
    bridge
      .answer('sale.pay', { ok: true, value: status('paying') })
      .answer('sale.payStatus', { ok: true, value: status('held', { paymentError: 'payment-code-invalid' }) });
    await sale.scanned(CODE);
    expect([sale.step, sale.payPhase]).toEqual(['paying', 'confirming']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sale.step).toBe('held');
    expect(noticeText(sale)).toContain('付款码无效');
  });

  it('a payment that never settled ends the sale: nothing charged', async () => {
    const sale = heldStore();
    bridge.answer('sale.pay', { ok: true, value: status('paying') }).answer('sale.payStatus', { ok: true, value: status('cancelling') });
    await sale.scanned(CODE);
    await vi.advanceTimersByTimeAsync(1000);
    expect([sale.step, sale.ended, sale.titleKey]).toEqual(['ended', 'unpaid', 'sale.pay.unpaid']);
  });

  it('refunded: the customer is told the amount and the refund reference', async () => {
    const sale = heldStore();
    const refunded = status('refunded', { paidCents: 20000, refundedCents: 20000, refundReference: 'RORDER0000000001' });
    bridge.answer('sale.pay', { ok: true, value: refunded });
    await sale.scanned(CODE);
    expect([sale.step, sale.payPhase]).toEqual(['outcome', 'refunded']);
    i18n.global.locale.value = 'en';
    expect(
      payDetailText(
        'refunded',
        refunded,
        t,
        (c) => (c / 100).toFixed(2),
        (id) => id.slice(-6),
      ),
    ).toBe(
      'You were charged ¥200.00, but the order could not be completed: ¥200.00 was refunded in full. Refund reference: RORDER0000000001. Keep this reference; ask at the box office if anything is unclear.',
    );
  });

  it('a payment reversed after the money moved (trade.cancel refunded it): the refund and its reference, not "nothing charged"', async () => {
    const sale = heldStore();
    const reversed = status('cancelling', { refundedCents: 20000, refundReference: 'SORDER0000000001' });
    bridge.answer('sale.pay', { ok: true, value: status('paying') }).answer('sale.payStatus', { ok: true, value: reversed });
    await sale.scanned(CODE);
    await vi.advanceTimersByTimeAsync(1000);
    expect([sale.step, sale.payPhase, sale.ended]).toEqual(['outcome', 'refunded', null]);
    i18n.global.locale.value = 'en';
    expect(
      payDetailText(
        'refunded',
        reversed,
        t,
        (c) => (c / 100).toFixed(2),
        (id) => id.slice(-6),
      ),
    ).toContain('Refund reference: SORDER0000000001');
  });

  it('completed and the core saw the print fail: collect later at once, the printer itself ready', async () => {
    const sale = heldStore();
    const failed = status('completed', { bookingId: 'WQNX8JL', verifyCode: '111972', printFailed: true });
    bridge.answer('sale.pay', { ok: true, value: failed }).answer('sale.payStatus', { ok: true, value: failed });
    await sale.scanned(CODE);
    expect([sale.step, sale.payPhase]).toEqual(['outcome', 'notPrinted']);
  });

  it('completed but the printer is out of paper: booked, collect later', async () => {
    const sale = heldStore();
    bridge
      .answer('sale.pay', { ok: true, value: status('completed', { bookingId: 'WQNX8JL', verifyCode: '111972' }) })
      .answer('sale.payStatus', { ok: true, value: status('completed', { bookingId: 'WQNX8JL', verifyCode: '111972' }) })
      .answer('printer.status', { ok: true, value: { ready: false, state: 'paper-out' } });
    await sale.scanned(CODE);
    expect(sale.payPhase).toBe('printing');
    await vi.advanceTimersByTimeAsync(1000);
    expect([sale.step, sale.payPhase]).toEqual(['outcome', 'notPrinted']);
  });
});

/** The hold's countdown as the screens show it (m:ss). */
const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
/** One seat of area 1 (3排4座), as the plan's fixture has it. */
const ONE_SEAT = [{ areaNumber: 1, rowIndex: 0, columnIndex: 4, name: '3排4座', areaCategoryCode: '0000000001' }];

/** A kiosk sale held through `hold()` at this moment: central holds the order 15 minutes from now. */
async function holdNow() {
  const sale = useSaleStore();
  const holdAt = Date.now();
  const order = heldOrder(ONE_SEAT, holdAt);
  bridge.answer('sale.hold', { ok: true, value: order });
  sale.session = session;
  sale.ticketTypes = ticketTypes;
  sale.quantities = { '0010': 1 };
  sale.plan = twoAreaPlan();
  sale.toggle({ areaNumber: 1, rowIndex: 0, columnIndex: 4 });
  await sale.hold();
  expect([sale.step, clock(sale.secondsLeft)]).toEqual(['held', '15:00']);
  return { sale, order };
}

describe("the hold's countdown while the customer pays", () => {
  it('a refused scan 47 s into the hold leaves 14:13 on the countdown, not a fresh 15:00 (the events carry no time of their own)', async () => {
    const { sale, order } = await holdNow();
    await vi.advanceTimersByTimeAsync(47_000);
    expect(clock(sale.secondsLeft)).toBe('14:13');
    // The core moves the order held → paying → held (its hold's end unchanged) and says so, then refuses.
    bridge.answer('sale.pay', () => {
      for (const state of ['paying', 'held'] as const)
        bridge.emit({ type: 'sale.order', orderId: order.orderId, state, heldUntil: order.heldUntil, cancelReason: null });
      return failure('VALIDATION', 'declined', { refusal: 'PAYMENT_DECLINED', reason: 'balance-not-enough' });
    });
    await sale.scanned(CODE);
    expect(sale.step).toBe('held');
    expect(noticeText(sale)).toContain('余额不足');
    expect(clock(sale.secondsLeft)).toBe('14:13');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(clock(sale.secondsLeft)).toBe('14:03');
  });

  it("a decline after the phone was asked: the core's answer (updated now, the hold's real end) keeps the time left", async () => {
    const { sale, order } = await holdNow();
    await vi.advanceTimersByTimeAsync(47_000);
    const declined = { ...status('held', { paymentError: 'payment-code-invalid' }), heldUntil: order.heldUntil };
    bridge.answer('sale.pay', { ok: true, value: declined });
    await sale.scanned(CODE);
    expect([sale.step, clock(sale.secondsLeft)]).toEqual(['held', '14:13']);
  });

  it('the QR on screen: the order read again each second (its updatedAt when the QR was made) counts down, it does not stand still', async () => {
    const { sale, order } = await holdNow();
    await vi.advanceTimersByTimeAsync(47_000);
    const waiting = {
      ...status('paying', { qrCode: 'https://qr.alipay.com/bax03431ljhokirwl38f00a7' }),
      heldUntil: order.heldUntil,
      updatedAt: new Date().toISOString(),
    };
    bridge.answer('sale.payQr', { ok: true, value: waiting }).answer('sale.payStatus', { ok: true, value: waiting });
    await sale.showQr();
    expect([sale.step, clock(sale.secondsLeft)]).toEqual(['qr', '14:13']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(bridge.names().filter((n) => n === 'sale.payStatus').length).toBeGreaterThanOrEqual(9);
    expect(clock(sale.secondsLeft)).toBe('14:03');
  });

  it("a core whose clock runs 2 minutes ahead: the countdown is central's time left all the same", async () => {
    const sale = useSaleStore();
    const coreNow = Date.now() + 120_000;
    const order = heldOrder(ONE_SEAT, coreNow);
    bridge.answer('sale.hold', { ok: true, value: order });
    sale.session = session;
    sale.ticketTypes = ticketTypes;
    sale.quantities = { '0010': 1 };
    sale.plan = twoAreaPlan();
    sale.toggle({ areaNumber: 1, rowIndex: 0, columnIndex: 4 });
    await sale.hold();
    await vi.advanceTimersByTimeAsync(47_000);
    bridge.emit({ type: 'sale.order', orderId: order.orderId, state: 'held', heldUntil: order.heldUntil, cancelReason: null });
    expect(clock(sale.secondsLeft)).toBe('14:13');
  });
});

describe('a payment refusal ends with the order', () => {
  it('declined, then cancelled: the ended screen says cancelled, not the refusal', async () => {
    const sale = heldStore();
    bridge
      .answer('sale.pay', failure('VALIDATION', 'declined', { refusal: 'PAYMENT_DECLINED', reason: 'balance-not-enough' }))
      .answer('sale.cancel', { ok: true, value: { ...heldOrder(SEATS, Date.now()), state: 'cancelling', heldUntil: null } });
    await sale.scanned(CODE);
    expect(sale.notice?.kind).toBe('payment');
    await sale.cancel('customer');
    expect([sale.step, sale.ended, sale.notice]).toEqual(['ended', 'cancelled', null]);
  });

  it('declined, then the hold runs out (the core says so): expired, no refusal left on screen', async () => {
    const { sale, order } = await holdNow();
    bridge.answer('sale.pay', failure('VALIDATION', 'declined', { refusal: 'PAYMENT_DECLINED', reason: 'payment-code-invalid' }));
    await sale.scanned(CODE);
    expect(sale.notice?.kind).toBe('payment');
    bridge.emit({ type: 'sale.order', orderId: order.orderId, state: 'expired', heldUntil: null, cancelReason: 'timeout' });
    expect([sale.step, sale.ended, sale.notice]).toEqual(['ended', 'expired', null]);
  });
});
