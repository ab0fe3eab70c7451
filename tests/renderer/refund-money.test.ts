import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createSSRApp, h, type Component } from 'vue';
import { renderToString } from 'vue/server-renderer';
import RefundDialog from '../../renderer/src/components/office/RefundDialog.vue';
import RefundMoney from '../../renderer/src/components/office/RefundMoney.vue';
import { i18n } from '../../renderer/src/i18n';
import { useOfficeStore } from '../../renderer/src/stores/office';
import type { MoneyBack } from '../../shared/domain/money-back';
import { installFakeBridge } from './fake-bridge';
import { booking, ticket } from './office-fixtures';

/**
 * Where a counter refund's money goes, as the refund dialog says it (the result's line and the line before
 * confirming): an Alipay sale's money goes back to the customer's Alipay, never "at this counter" (a clerk
 * handing cash over too would pay twice); a cash sale's is handed back in cash; a booking sold elsewhere keeps
 * the counter's wording. In both languages.
 */
let pinia: ReturnType<typeof createPinia>;
async function textOf(component: Component): Promise<string> {
  const app = createSSRApp(component);
  app.use(pinia).use(i18n);
  return (await renderToString(app))
    .replace(/<!--[^]*?-->/gu, '')
    .replace(/<[^>]+>/gu, ' ')
    .replace(/&#39;/gu, "'")
    .replace(/\s+/gu, ' ')
    .trim();
}
const said = (moneyBack: MoneyBack) => textOf({ render: () => h(RefundMoney, { moneyBack }) });

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  installFakeBridge();
});

describe("the refund's money line", () => {
  it('an Alipay sale: back to the customer’s Alipay, no cash at the counter (English)', async () => {
    i18n.global.locale.value = 'en';
    const text = await said({ way: 'alipay', cents: 9600 });
    expect(text).toBe("¥96.00 goes back to the customer's Alipay (no cash at the counter).");
    expect(text).not.toContain('paid back here');
  });

  it('an Alipay sale, in Chinese', async () => {
    i18n.global.locale.value = 'zh-CN';
    const text = await said({ way: 'alipay', cents: 9600 });
    expect(text).toBe('¥96.00 将原路退回顾客支付宝（请勿在柜台付现金）。');
    expect(text).not.toContain('本柜台退还');
  });

  it('a cash sale: handed back in cash, in both languages', async () => {
    i18n.global.locale.value = 'en';
    expect(await said({ way: 'cash', cents: 4800 })).toBe('Hand ¥48.00 back to the customer in cash.');
    i18n.global.locale.value = 'zh-CN';
    expect(await said({ way: 'cash', cents: 4800 })).toBe('请在柜台以现金退还顾客 ¥48.00。');
  });

  it('a booking sold elsewhere keeps the wording by kind', async () => {
    i18n.global.locale.value = 'en';
    expect(await said({ way: 'counter', cents: 4800 })).toBe('The customer is paid back here, at this counter.');
    expect(await said({ way: 'original-payment', cents: 4800 })).toContain('through the original payment');
    i18n.global.locale.value = 'zh-CN';
    expect(await said({ way: 'counter', cents: 4800 })).toBe('票款在本柜台退还给顾客。');
  });
});

describe('the refund dialog before confirming', () => {
  /** The office store on booking 1234 with its two printed tickets selected. */
  function printedBooking(soldHere?: 'alipay' | 'cash') {
    const office = useOfficeStore();
    office.settings = {
      refundReasons: ['Other'],
      reprintReasons: ['Paper jam'],
      lateRefundMinutesBeforeStart: 30,
      bookingFeeRefund: 'when-on-time',
      partialRefunds: true,
      terminalId: 'OFFICE-01',
      username: 'clerk1',
      role: 'clerk',
    };
    const detail = booking([ticket(1, 'printed'), ticket(2, 'printed')]);
    office.booking = soldHere ? { ...detail, soldHere: { tender: soldHere } } : detail;
    office.selected = detail.tickets.map((t) => t.ticketCode);
    return office;
  }

  it('printed tickets of our Alipay sale: the Alipay line with the quote’s total, in both languages', async () => {
    const office = printedBooking('alipay');
    const total = office.quote!.totalCents;
    expect(total).toBeGreaterThan(0);
    const amount = `¥${(total / 100).toFixed(2)}`;
    i18n.global.locale.value = 'en';
    const en = await textOf(RefundDialog);
    expect(en).toContain(`${amount} goes back to the customer's Alipay (no cash at the counter).`);
    expect(en).not.toContain('paid back here, at this counter');
    i18n.global.locale.value = 'zh-CN';
    expect(await textOf(RefundDialog)).toContain(`${amount} 将原路退回顾客支付宝（请勿在柜台付现金）。`);
  });

  it('printed tickets of our cash sale: hand it back in cash', async () => {
    const office = printedBooking('cash');
    i18n.global.locale.value = 'en';
    expect(await textOf(RefundDialog)).toContain(`Hand ¥${(office.quote!.totalCents / 100).toFixed(2)} back to the customer in cash.`);
  });

  it('printed tickets of a booking sold elsewhere: paid back at this counter', async () => {
    printedBooking();
    i18n.global.locale.value = 'en';
    expect(await textOf(RefundDialog)).toContain('The customer is paid back here, at this counter.');
  });
});
