import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { createSSRApp } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import type { SalePayStatus } from '../../shared/contract/sale';
import { i18n } from '../../renderer/src/i18n';
import SaleQrPay from '../../renderer/src/components/sale/SaleQrPay.vue';
import { useSaleStore } from '../../renderer/src/stores/sale';
import { saleAnnouncement } from '../../renderer/src/composables/sale-announcements';
import { failure, installFakeBridge, type FakeBridge } from './fake-bridge';
import { heldOrder, payStatusOf } from './sale-fixtures';
import { svgQrToPng, zbar } from './qr-read';
import { tempDir } from '../support/host-process';

// Paying by a QR the customer scans: the QR view as rendered, and the store that moves the screen on.
const SEATS = [
  { areaNumber: 1, rowIndex: 0, columnIndex: 0, name: '7排10座', areaCategoryCode: '0000000001' },
  { areaNumber: 1, rowIndex: 0, columnIndex: 1, name: '7排11座', areaCategoryCode: '0000000001' },
];
const QR = 'https://qr.alipay.com/bax03431ljhokirwl38f00a7';
let bridge: FakeBridge;
let pinia: Pinia;

/** A QR waits within the hold: paying keeps the hold's end. */
const status = (state: SalePayStatus['state'], extra: Partial<SalePayStatus> = {}) =>
  payStatusOf(SEATS, state, { ...(state === 'paying' ? { heldUntil: new Date(Date.now() + 600_000).toISOString() } : {}), ...extra }, 600);

function heldStore() {
  const sale = useSaleStore();
  sale.order = heldOrder(SEATS, Date.now(), 600);
  sale.step = 'held';
  return sale;
}

const render = async (locale: 'zh-CN' | 'en') => {
  i18n.global.locale.value = locale;
  return renderToString(createSSRApp(SaleQrPay).use(pinia).use(i18n));
};

beforeEach(() => {
  vi.useFakeTimers();
  pinia = createPinia();
  setActivePinia(pinia);
  i18n.global.locale.value = 'zh-CN';
  bridge = installFakeBridge().answer('printer.status', { ok: true, value: { ready: true, state: 'ready' } });
});
afterEach(() => {
  vi.useRealTimers();
  i18n.global.locale.value = 'zh-CN';
});

describe('the QR view', () => {
  it('shows the QR large with its accessible name, the amount, the time left, a polite waiting status and Cancel payment', async () => {
    bridge.answer('sale.payQr', { ok: true, value: status('paying', { qrCode: QR }) });
    bridge.answer('sale.payStatus', { ok: true, value: status('paying', { qrCode: QR }) });
    const sale = heldStore();
    await sale.showQr();
    expect(sale.step).toBe('qr');
    const zh = await render('zh-CN');
    expect(zh).toContain('role="img" aria-label="支付宝付款二维码，金额 ¥200.00"');
    expect(zh).toMatch(/<dt[^>]*>应付金额<\/dt><dd[^>]*>¥200\.00<\/dd>/u);
    expect(zh).toMatch(/<dt[^>]*>剩余时间<\/dt><dd[^>]*><span role="timer" aria-live="off"[^>]*>10:00<\/span><\/dd>/u);
    expect(zh).toMatch(/role="status" aria-live="polite"[^>]*>\s*等待付款：请打开支付宝“扫一扫”/u);
    expect(zh).toMatch(/<button[^>]*data-testid="qr-cancel"[^>]*>\s*取消付款\s*<\/button>/u);
    const en = await render('en');
    expect(en).toContain('aria-label="Alipay payment QR code, amount ¥200.00"');
    expect(en).toContain('Waiting for payment: open Alipay, tap Scan, scan the QR above and confirm ¥200.00.');
    expect(en).toMatch(/>\s*Cancel payment\s*<\/button>/u);
    expect(en).not.toContain('data-testid="qr-retry"');
    // What a customer who cannot see the screen hears on this step.
    const said = saleAnnouncement(
      {
        step: 'qr',
        ended: null,
        films: 0,
        film: null,
        sessions: 0,
        seatsLeft: 0,
        seatsChosen: 2,
        seats: [],
        totalYuan: '200.00',
        countdown: '10:00',
        notice: null,
        qrWaiting: i18n.global.t('sale.qr.waiting', { total: '¥200.00' }),
      },
      (key, params) => (typeof params === 'number' ? i18n.global.t(key, params) : i18n.global.t(key, params ?? {})),
    );
    expect(said.prompt).toContain('Scan to pay with Alipay. Waiting for payment');
  });

  it('the rendered QR, read back by zbarimg, is the provider’s link', async () => {
    bridge.answer('sale.payQr', { ok: true, value: status('paying', { qrCode: QR }) });
    bridge.answer('sale.payStatus', { ok: true, value: status('paying', { qrCode: QR }) });
    await heldStore().showQr();
    const png = svgQrToPng(await render('zh-CN'), join(tempDir('pay-qr'), 'pay-qr.png'));
    expect(zbar(png)).toEqual([QR]);
  });

  it('no QR (the provider did not answer): said, with a button to ask again; nothing else is drawn', async () => {
    bridge.answer('sale.payQr', failure('VALIDATION', 'no answer', { refusal: 'PAYMENT_UNAVAILABLE', reason: 'qr-not-created' }));
    const sale = heldStore();
    await sale.showQr();
    expect(sale.step).toBe('qr');
    expect(sale.notice).toEqual({ kind: 'payment', key: 'sale.qr.notCreated' });
    const en = await render('en');
    expect(en).not.toContain('role="img"');
    expect(en).toMatch(/data-testid="qr-retry"[^>]*>\s*Make the QR again/u);
    bridge.answer('sale.payQr', { ok: true, value: status('paying', { qrCode: QR }) });
    bridge.answer('sale.payStatus', { ok: true, value: status('paying', { qrCode: QR }) });
    await sale.showQr();
    expect(sale.qrCode).toBe(QR);
    expect(sale.notice).toBeNull();
  });
});

describe('the QR step in the sale store', () => {
  it('asks once, reads the order until paid, then follows it to printed tickets', async () => {
    const answers = [
      status('paying', { qrCode: QR }),
      status('completing', { paidCents: 20000, tradeNo: 'T1' }),
      status('printed', { paidCents: 20000, bookingId: 'WQNX8JL', verifyCode: '111972' }),
    ];
    bridge
      .answer('sale.payQr', { ok: true, value: status('paying', { qrCode: QR }) })
      .answer('sale.payStatus', () => ({ ok: true, value: answers.shift()! }));
    const sale = heldStore();
    await sale.showQr();
    expect(bridge.calls.filter((c) => c.name === 'sale.payQr')).toEqual([{ name: 'sale.payQr', input: { orderId: 'ORDER0000000001' } }]);
    expect(sale.step).toBe('qr');
    await vi.advanceTimersByTimeAsync(1000);
    expect(sale.step).toBe('qr');
    // A scan on the QR step is not a payment: one trade per order.
    await sale.scanned('286123456789012345\r\n');
    expect(bridge.names()).not.toContain('sale.pay');
    await vi.advanceTimersByTimeAsync(1000);
    expect(sale.step).toBe('paying');
    expect(sale.payPhase).toBe('completing');
    await vi.advanceTimersByTimeAsync(1000);
    expect(sale.step).toBe('outcome');
    expect(sale.payPhase).toBe('printed');
  });

  it('Cancel payment: the core cancels the trade, the screen ends saying nothing was charged', async () => {
    const answers = [status('payment-unknown'), status('cancelled', { cancelReason: 'payment' })];
    bridge
      .answer('sale.payQr', { ok: true, value: status('paying', { qrCode: QR }) })
      .answer('sale.abandonPay', { ok: true, value: status('payment-unknown') })
      .answer('sale.payStatus', () => ({ ok: true, value: answers.shift() ?? status('cancelled', { cancelReason: 'payment' }) }));
    const sale = heldStore();
    await sale.showQr();
    await sale.abandonQr();
    expect(bridge.calls.filter((c) => c.name === 'sale.abandonPay')).toEqual([
      { name: 'sale.abandonPay', input: { orderId: 'ORDER0000000001' } },
    ]);
    expect(sale.step).toBe('qr');
    expect(sale.qrAbandoning).toBe(true);
    expect(await render('en')).toContain('Cancelling the payment…');
    await vi.advanceTimersByTimeAsync(2000);
    expect(sale.step).toBe('ended');
    expect(sale.ended).toBe('abandoned');
    i18n.global.locale.value = 'zh-CN';
    expect(i18n.global.t(sale.titleKey)).toContain('付款已取消');
  });

  it('the hold runs out while the QR shows: the core annuls the order, the screen says the payment did not complete', async () => {
    bridge
      .answer('sale.payQr', { ok: true, value: status('paying', { qrCode: QR }) })
      .answer('sale.payStatus', { ok: true, value: status('cancelling', { cancelReason: 'payment' }) });
    const sale = heldStore();
    await sale.showQr();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sale.step).toBe('ended');
    expect(sale.ended).toBe('unpaid');
  });

  it('leaving the sale while the QR shows gives the payment up', async () => {
    bridge
      .answer('sale.payQr', { ok: true, value: status('paying', { qrCode: QR }) })
      .answer('sale.payStatus', { ok: true, value: status('paying', { qrCode: QR }) })
      .answer('sale.abandonPay', { ok: true, value: status('payment-unknown') });
    const sale = heldStore();
    await sale.showQr();
    await sale.leave();
    expect(bridge.names().filter((n) => n === 'sale.abandonPay')).toHaveLength(1);
    expect(bridge.names()).not.toContain('sale.cancel');
  });
});
