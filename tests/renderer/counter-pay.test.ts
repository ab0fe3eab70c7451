import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createSSRApp, type Component } from 'vue';
import { renderToString } from 'vue/server-renderer';
import CounterPayment from '../../renderer/src/components/sale/CounterPayment.vue';
import CounterPayOutcome from '../../renderer/src/components/sale/CounterPayOutcome.vue';
import SaleNotice from '../../renderer/src/components/sale/SaleNotice.vue';
import SaleHeld from '../../renderer/src/components/sale/SaleHeld.vue';
import type { SalePayStatus } from '../../shared/contract/sale';
import { quickTenders } from '../../shared/domain/cash';
import { i18n } from '../../renderer/src/i18n';
import { readTender, yuanInput } from '../../renderer/src/composables/cash-tender';
import { useSaleStore } from '../../renderer/src/stores/sale';
import { useOfficeStore } from '../../renderer/src/stores/office';
import { failure, installFakeBridge, type FakeBridge } from './fake-bridge';
import { heldOrder, payStatusOf } from './sale-fixtures';

/**
 * The counter's payment step: the amount field's reading (yuan typed, integer cents kept, too little
 * refused, the change computed), the quick amounts, and the sale store taking cash or the customer's
 * Alipay code through `office.sale.*` with the clerk's session.
 */
const CLERK = 'session-of-a-clerk-0001';
const SEATS = [
  { areaNumber: 1, rowIndex: 0, columnIndex: 0, name: '7排10座', areaCategoryCode: '0000000001' },
  { areaNumber: 1, rowIndex: 0, columnIndex: 1, name: '7排11座', areaCategoryCode: '0000000001' },
];
let bridge: FakeBridge;

const status = (state: SalePayStatus['state'], extra: Partial<SalePayStatus> = {}) => payStatusOf(SEATS, state, extra);

/** The store with a clerk's held order of two ¥100 seats, as after `hold()` at the counter. */
function heldAtCounter() {
  const sale = useSaleStore();
  sale.channel = { kind: 'counter', session: CLERK, timeZone: 'Asia/Shanghai' };
  sale.order = heldOrder(SEATS, Date.now());
  sale.step = 'held';
  return sale;
}

let pinia: ReturnType<typeof createPinia>;
/** The component's markup as rendered (Vue's server renderer) with the app's store and messages. */
async function htmlOf(component: Component): Promise<string> {
  const app = createSSRApp(component);
  app.use(pinia).use(i18n);
  return renderToString(app);
}
/** The component's text as rendered, tags dropped. */
async function textOf(component: Component): Promise<string> {
  return (await htmlOf(component))
    .replace(/<!--[^]*?-->/gu, '')
    .replace(/<[^>]+>/gu, ' ')
    .replace(/&#39;/gu, "'")
    .replace(/\s+/gu, ' ')
    .trim();
}

beforeEach(() => {
  vi.useFakeTimers();
  pinia = createPinia();
  setActivePinia(pinia);
  i18n.global.locale.value = 'zh-CN';
  bridge = installFakeBridge();
});
afterEach(() => vi.useRealTimers());

describe('the amount tendered, as the clerk types it', () => {
  it('reads yuan into integer cents: whole yuan, one or two decimals, spaces around', () => {
    expect(readTender('100', 8_550)).toEqual({ kind: 'ok', tenderedCents: 10_000, changeCents: 1_450 });
    expect(readTender(' 85.5 ', 8_550)).toEqual({ kind: 'ok', tenderedCents: 8_550, changeCents: 0 });
    expect(readTender('90.05', 9_000)).toEqual({ kind: 'ok', tenderedCents: 9_005, changeCents: 5 });
  });

  it('refuses what is not an amount: a third decimal, a sign, a comma, letters, a full-width digit', () => {
    for (const text of ['85.505', '-100', '1,000', '100元', 'abc', '１００', '.5', '100.'])
      expect(readTender(text, 8_550), text).toEqual({ kind: 'invalid' });
    expect(readTender('   ', 8_550)).toEqual({ kind: 'empty' });
  });

  it('too little is short by the difference; far too much is a typo; exactly the total gives no change', () => {
    expect(readTender('50', 8_550)).toEqual({ kind: 'short', tenderedCents: 5_000, shortCents: 3_550 });
    expect(readTender('85.49', 8_550)).toEqual({ kind: 'short', tenderedCents: 8_549, shortCents: 1 });
    expect(readTender('100000', 8_550)).toEqual({ kind: 'too-much', tenderedCents: 10_000_000 });
    expect(readTender('85.50', 8_550)).toEqual({ kind: 'ok', tenderedCents: 8_550, changeCents: 0 });
  });

  it('quick amounts: the exact total, then the next 10, 20, 50 and 100 yuan, each once, smallest first', () => {
    expect(quickTenders(8_550)).toEqual([8_550, 9_000, 10_000]);
    expect(quickTenders(20_000)).toEqual([20_000]);
    expect(quickTenders(13_200)).toEqual([13_200, 14_000, 15_000, 20_000]);
    expect(quickTenders(0)).toEqual([]);
    // Each quick amount written back into the field reads as the same cents.
    for (const cents of quickTenders(13_250)) expect(readTender(yuanInput(cents), 13_250)).toMatchObject({ tenderedCents: cents });
    expect(yuanInput(8_550)).toBe('85.5');
    expect(yuanInput(8_505)).toBe('85.05');
    expect(yuanInput(10_000)).toBe('100');
  });
});

describe('taking the payment at the counter', () => {
  it("cash: sent once in cents with the clerk's session; the change and the drawer kept, the order followed to printed", async () => {
    const sale = heldAtCounter();
    const paid = status('paid', { paidCents: 20_000 });
    bridge
      .answer('office.sale.payCash', { ok: true, value: { ...paid, changeCents: 5_000, drawer: 'opened' } })
      .answer('office.sale.payStatus', {
        ok: true,
        value: status('printed', { paidCents: 20_000, bookingId: 'WQNX8JL', verifyCode: '111972' }),
      });
    sale.chooseTender('cash');
    await sale.payCash(25_000);
    expect(bridge.calls[0]).toEqual({
      name: 'office.sale.payCash',
      input: { session: CLERK, orderId: 'ORDER0000000001', tenderedCents: 25_000 },
    });
    expect(sale.cash).toEqual({ tenderedCents: 25_000, changeCents: 5_000, drawer: 'opened' });
    expect([sale.step, sale.payPhase]).toEqual(['paying', 'completing']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect([sale.step, sale.payPhase]).toEqual(['outcome', 'printed']);
    expect(bridge.names()).toEqual(['office.sale.payCash', 'office.sale.payStatus']);
    // A second take on a paid order is not sent.
    await sale.payCash(25_000);
    expect(bridge.names()).toEqual(['office.sale.payCash', 'office.sale.payStatus']);
  });

  it('the Alipay QR tender makes the trade at once through office.sale.payQr and shows the QR step', async () => {
    const sale = heldAtCounter();
    const qr = 'https://qr.alipay.com/bax03431ljhokirwl38f00a7';
    bridge.answer('office.sale.payQr', {
      ok: true,
      value: status('paying', { qrCode: qr, heldUntil: new Date(Date.now() + 900_000).toISOString() }),
    });
    sale.chooseTender('alipay-qr');
    await vi.waitFor(() => expect(sale.step).toBe('qr'));
    expect(bridge.calls[0]).toEqual({ name: 'office.sale.payQr', input: { session: CLERK, orderId: 'ORDER0000000001' } });
    expect(sale.qrCode).toBe(qr);
  });

  it('cash the core refuses as too little stays on the held order, said in the field; a new sale forgets it', async () => {
    const sale = heldAtCounter();
    bridge.answer('office.sale.payCash', failure('VALIDATION', 'short', { refusal: 'CASH_TENDER', reason: 'too-little', shortCents: 1 }));
    await sale.payCash(19_999);
    expect(sale.cashRefusal).toEqual({ reason: 'too-little', shortCents: 1 });
    expect([sale.step, sale.cash, sale.notice]).toEqual(['held', null, null]);
    bridge.answer('office.sale.films', failure('CENTRAL_UNREACHABLE'));
    await sale.start({ kind: 'counter', session: CLERK, timeZone: 'Asia/Shanghai' });
    expect([sale.cashRefusal, sale.counterTender]).toEqual([null, null]);
  });

  it('the kiosk takes no cash: payCash sends nothing there', async () => {
    const sale = useSaleStore();
    sale.order = heldOrder(SEATS, Date.now());
    sale.step = 'held';
    await sale.payCash(20_000);
    expect(bridge.calls).toEqual([]);
  });

  it("an Alipay code at the counter goes to office.sale.pay; a refusal is said in the clerk's words", async () => {
    const sale = heldAtCounter();
    bridge.answer('office.sale.pay', failure('VALIDATION', 'declined', { refusal: 'PAYMENT_DECLINED', reason: 'balance-not-enough' }));
    sale.chooseTender('alipay-code');
    await sale.scanned('286123456789012345');
    expect(bridge.calls[0]).toEqual({
      name: 'office.sale.pay',
      input: { session: CLERK, orderId: 'ORDER0000000001', paymentCode: '286123456789012345' },
    });
    expect(sale.notice).toEqual({ kind: 'payment', key: 'sale.counter.pay.declined.balanceNotEnough' });
    expect(i18n.global.te('sale.counter.pay.declined.balanceNotEnough')).toBe(true);
    bridge.answer('office.sale.pay', failure('VALIDATION', 'down', { refusal: 'PAYMENT_UNAVAILABLE' }));
    await sale.scanned('286123456789012345');
    expect(sale.notice).toEqual({ kind: 'payment', key: 'sale.counter.pay.unavailable' });
  });

  it("a serial scanner's read is the payment code while the clerk takes Alipay, a booking search otherwise", async () => {
    bridge
      .answer('staff.login', { ok: true, value: { session: CLERK, role: 'clerk' } })
      .answer('office.settings', {
        ok: true,
        value: {
          refundReasons: ['Other'],
          reprintReasons: ['Paper jam'],
          lateRefundMinutesBeforeStart: 30,
          bookingFeeRefund: 'always',
          partialRefunds: true,
          terminalId: 'BOX-01',
          username: 'clerk1',
          role: 'clerk',
        },
      })
      .answer('office.find', failure('NOT_FOUND'))
      .answer('office.sale.pay', { ok: true, value: status('paying') });
    const office = useOfficeStore();
    await office.login('clerk1', '246810');
    const sale = heldAtCounter();
    sale.chooseTender('cash');
    bridge.emit({ type: 'scanner.scan', raw: '1234567890123456' } as never);
    await vi.advanceTimersByTimeAsync(0);
    sale.chooseTender('alipay-code');
    bridge.emit({ type: 'scanner.scan', raw: '286123456789012345' } as never);
    await vi.advanceTimersByTimeAsync(0);
    expect(bridge.names().filter((n) => n === 'office.find' || n === 'office.sale.pay')).toEqual(['office.find', 'office.sale.pay']);
    expect(sale.step).toBe('paying');
  });
});

describe("the counter's payment step, in the clerk's words and both languages", () => {
  afterEach(() => {
    i18n.global.locale.value = 'zh-CN';
  });

  it('the amount due, the tenders and the cash panel with its quick amounts', async () => {
    const sale = heldAtCounter();
    sale.chooseTender('cash');
    expect(await textOf(CounterPayment)).toBe('收款 应收：¥200.00 现金 支付宝付款码 支付宝二维码 现金 实收金额（元） ¥200.00 收取现金');
    i18n.global.locale.value = 'en';
    expect(await textOf(CounterPayment)).toBe(
      'Payment Amount due: ¥200.00 Cash Alipay payment code Alipay QR Cash Amount tendered (yuan) ¥200.00 Take cash',
    );
    sale.chooseTender('alipay-code');
    expect(await textOf(CounterPayment)).toContain("Customer's payment code");
  });

  it('the outcome of a cash sale: the change due first, then what to hand over', async () => {
    const sale = heldAtCounter();
    bridge.answer('office.sale.payCash', {
      ok: true,
      value: {
        ...status('printed', { paidCents: 20_000, bookingId: 'WQNX8JL', verifyCode: '111972' }),
        changeCents: 5_000,
        drawer: 'not-ready',
      },
    });
    await sale.payCash(25_000);
    expect(await textOf(CounterPayOutcome)).toBe(
      '找零 ¥50.00 实收 ¥250.00 钱箱未打开（小票打印机未就绪），请用钥匙打开钱箱。 请把 2 张电影票和付款凭证交给顾客。 订单号： 000-001',
    );
    i18n.global.locale.value = 'en';
    expect(await textOf(CounterPayOutcome)).toContain('Change due ¥50.00 Tendered ¥250.00 The drawer did not open');
    expect(await textOf(CounterPayOutcome)).toContain('Hand the customer the 2 tickets and the receipt.');
  });

  it("the customer confirms on the phone under the hold's countdown; charged but not completed: the refund reference to give", async () => {
    const sale = heldAtCounter();
    // A first code declined after the phone was asked: back on hold, the countdown running from the core's answer.
    bridge.answer('office.sale.pay', { ok: true, value: status('held', { paymentError: 'balance-not-enough' }) });
    await sale.scanned('280000000000000041');
    expect([sale.step, sale.notice]).toEqual(['held', { kind: 'payment', key: 'sale.counter.pay.declined.balanceNotEnough' }]);
    const confirming = status('paying');
    bridge.answer('office.sale.pay', { ok: true, value: confirming }).answer('office.sale.payStatus', { ok: true, value: confirming });
    await sale.scanned('280000000000000010');
    expect([sale.step, sale.payPhase]).toEqual(['paying', 'confirming']);
    const left = sale.secondsLeft;
    await vi.advanceTimersByTimeAsync(3_000);
    // Still ticking at the counter (the kiosk's screen shows no countdown while paying).
    expect(sale.secondsLeft).toBe(left - 3);
    expect(await textOf(CounterPayOutcome)).toContain(`座位保留剩余 ${Math.floor((left - 3) / 60)}:`);
    bridge.answer('office.sale.payStatus', {
      ok: true,
      value: status('refunded', { paidCents: 20_000, tradeNo: '2026120822001', refundReference: 'R0000042', refundedCents: 20_000 }),
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect([sale.step, sale.payPhase]).toEqual(['outcome', 'refunded']);
    const text = await textOf(CounterPayOutcome);
    expect(text).toContain('顾客已付 ¥200.00，但中心系统未能完成订单，已退还 ¥200.00。请把退款编号 R0000042 告诉顾客。');
    expect(text).toContain('退款编号： R0000042');
    expect(text).toContain('支付宝交易号： 2026120822001');
    expect(text).not.toContain('座位保留剩余');
  });
});

describe("a refused Alipay code, beside the code's field and in the clerk's words", () => {
  afterEach(() => {
    i18n.global.locale.value = 'zh-CN';
  });
  /** The element with this id in the markup: its opening tag and text. */
  const byId = (html: string, id: string) => html.match(new RegExp(`<[a-z]+[^>]*id="${id}"[^>]*>[^<]*`, 'u'))?.[0] ?? '';

  it('declined: said as an alert under the field, which it describes; not above the panel', async () => {
    const sale = heldAtCounter();
    bridge.answer('office.sale.pay', failure('VALIDATION', 'declined', { refusal: 'PAYMENT_DECLINED', reason: 'balance-not-enough' }));
    sale.chooseTender('alipay-code');
    await sale.scanned('280000000000000041');
    const html = await htmlOf(CounterPayment);
    const field = byId(html, 'alipay-code');
    expect(field).toContain('aria-describedby="alipay-code-state"');
    expect(field).toContain('aria-invalid="true"');
    const state = byId(html, 'alipay-code-state');
    expect(state).toContain('role="alert"');
    expect(state).toContain('顾客余额不足，未扣款。请顾客在支付宝中换一种付款方式后重新扫码，或改收现金。');
    // Said once: the panel's notice above stays empty.
    expect(await textOf(SaleNotice)).toBe('');
    // At the kiosk it is said inside the payment choices, above both ways to pay again, and not above the order.
    sale.channel = { kind: 'kiosk' };
    expect(await textOf(SaleNotice)).toBe('');
    const held = await htmlOf(SaleHeld);
    expect(held).toMatch(
      /<div class="pay-choices"[^>]*><p class="warning sale-notice pay-refusal" role="alert"[^>]*>[^<]*余额不足，未扣款/u,
    );
  });

  it('a WeChat code: the counter says this cinema takes Alipay only, not the kiosk\'s "this machine", in both languages', async () => {
    const sale = heldAtCounter();
    bridge.answer(
      'office.sale.pay',
      failure('VALIDATION', 'wallet', {
        refusal: 'WALLET_NOT_ACCEPTED',
        customerMessage: { 'zh-CN': '本机不收微信支付，只收 支付宝。', en: 'This kiosk does not take WeChat Pay; it takes Alipay only.' },
      }),
    );
    sale.chooseTender('alipay-code');
    await sale.scanned('134567890123456789');
    const state = () => htmlOf(CounterPayment).then((html) => byId(html, 'alipay-code-state'));
    expect(await state()).toContain('本影院不收微信支付，只收支付宝，未扣款。');
    expect(await state()).not.toContain('本机');
    i18n.global.locale.value = 'en';
    expect(await state()).toContain('This cinema does not take WeChat Pay; it takes Alipay only.');
    expect(JSON.stringify(sale.$state)).not.toContain('134567890123456789');
    // Not a payment code of any wallet: said as such, in the clerk's words.
    bridge.answer(
      'office.sale.pay',
      failure('VALIDATION', 'not a code', {
        refusal: 'NOT_A_PAYMENT_CODE',
        customerMessage: { 'zh-CN': '这不是付款码。本机只收 支付宝', en: 'That is not a payment code. This kiosk takes Alipay only' },
      }),
    );
    await sale.scanned('99999999999999');
    expect(await state()).toContain('That is not an Alipay payment code; nothing was charged.');
  });

  it('cash refused for a reason of the order (the amount changed at central): said in the cash field too', async () => {
    const sale = heldAtCounter();
    bridge.answer('office.sale.payCash', failure('VALIDATION', 'mismatch', { refusal: 'AMOUNT_MISMATCH' }));
    sale.chooseTender('cash');
    await sale.payCash(20_000);
    const state = byId(await htmlOf(CounterPayment), 'cash-tender-state');
    expect(state).toContain('role="alert"');
    expect(state).toContain('订单金额与中心系统不一致，未收款。');
    expect(await textOf(SaleNotice)).toBe('');
  });
});
