import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { SalePayStatus } from '../../shared/contract/sale';
import { i18n } from '../../renderer/src/i18n';
import { useSaleStore } from '../../renderer/src/stores/sale';
import { useKioskStore } from '../../renderer/src/stores/kiosk';
import { payDetailText, saleAnnouncement, saleNoticeText } from '../../renderer/src/composables/sale-announcements';
import { failure, installFakeBridge, type FakeBridge } from './fake-bridge';
import { heldOrder, payStatusOf } from './sale-fixtures';

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
