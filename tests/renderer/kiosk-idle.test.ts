import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { SalePayStatus } from '../../shared/contract/sale';
import { i18n } from '../../renderer/src/i18n';
import { useSaleStore } from '../../renderer/src/stores/sale';
import { idleSeconds, type IdleState } from '../../renderer/src/composables/kiosk-idle';
import { installFakeBridge, type FakeBridge } from './fake-bridge';
import { heldOrder, payStatusOf } from './sale-fixtures';

// The idle return's rule, from the sale store's own state as the kiosk's screens move it.
const SEATS = [
  { areaNumber: 1, rowIndex: 0, columnIndex: 0, name: '7排10座', areaCategoryCode: '0000000001' },
  { areaNumber: 1, rowIndex: 0, columnIndex: 1, name: '7排11座', areaCategoryCode: '0000000001' },
];
const QR = 'https://qr.alipay.com/bax03431ljhokirwl38f00a7';
let bridge: FakeBridge;

const status = (state: SalePayStatus['state'], extra: Partial<SalePayStatus> = {}) =>
  payStatusOf(SEATS, state, { ...(state === 'paying' ? { heldUntil: new Date(Date.now() + 600_000).toISOString() } : {}), ...extra }, 600);

/** The rule applied to the sale store as it stands, on the sale screen. */
function onSale(): number | null {
  const sale = useSaleStore();
  return idleSeconds({
    screen: 'sale',
    settingsChanged: false,
    saleStep: sale.step,
    payPhase: sale.payPhase,
    idleTimeoutSeconds: 60,
    outcomeSeconds: 120,
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  setActivePinia(createPinia());
  i18n.global.locale.value = 'zh-CN';
  bridge = installFakeBridge().answer('printer.status', { ok: true, value: { ready: true, state: 'ready' } });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the idle return during a sale', () => {
  it('is armed on the held order, off while its QR shows, and armed again when the payment is declined back to the hold', async () => {
    const sale = useSaleStore();
    sale.order = heldOrder(SEATS, Date.now(), 600);
    sale.step = 'held';
    expect(onSale()).toBe(60);

    bridge.answer('sale.payQr', { ok: true, value: status('paying', { qrCode: QR }) });
    bridge.answer('sale.payStatus', { ok: true, value: status('paying', { qrCode: QR }) });
    await sale.showQr();
    expect(sale.step).toBe('qr');
    expect(onSale()).toBeNull();
    // Still off however long the customer takes on the phone (the QR is read again and again).
    await vi.advanceTimersByTimeAsync(90_000);
    expect(sale.step).toBe('qr');
    expect(onSale()).toBeNull();

    // The customer gives up: off while the trade is being cancelled too.
    bridge.answer('sale.abandonPay', { ok: true, value: status('cancelling') });
    bridge.answer('sale.payStatus', { ok: true, value: status('cancelling') });
    void sale.abandonQr();
    expect(sale.qrAbandoning).toBe(true);
    expect(onSale()).toBeNull();
  });

  it('is off while the payment settles and longer on a money outcome', () => {
    const base: IdleState = {
      screen: 'sale',
      settingsChanged: false,
      saleStep: 'paying',
      payPhase: 'completing',
      idleTimeoutSeconds: 60,
      outcomeSeconds: 120,
    };
    expect(idleSeconds(base)).toBeNull();
    expect(idleSeconds({ ...base, saleStep: 'outcome', payPhase: 'refunded' })).toBe(120);
    expect(idleSeconds({ ...base, saleStep: 'outcome', payPhase: 'needsStaff' })).toBe(120);
    expect(idleSeconds({ ...base, saleStep: 'outcome', payPhase: 'printed' })).toBe(60);
    expect(idleSeconds({ ...base, saleStep: 'seats', payPhase: null })).toBe(60);
    expect(idleSeconds({ ...base, saleStep: 'ended', payPhase: null })).toBe(60);
  });

  it('leaves the first screen alone unless a customer changed a setting, and never interrupts printing', () => {
    const off: IdleState = {
      screen: 'attract',
      settingsChanged: false,
      saleStep: null,
      payPhase: null,
      idleTimeoutSeconds: 45,
      outcomeSeconds: 90,
    };
    expect(idleSeconds(off)).toBeNull();
    expect(idleSeconds({ ...off, settingsChanged: true })).toBe(45);
    expect(idleSeconds({ ...off, screen: 'printing', settingsChanged: true })).toBeNull();
    expect(idleSeconds({ ...off, screen: 'tickets' })).toBe(45);
  });
});
