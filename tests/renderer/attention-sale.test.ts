import { afterEach, describe, expect, it } from 'vitest';
import { createSSRApp } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createPinia, setActivePinia } from 'pinia';
import { i18n } from '../../renderer/src/i18n';
import AttentionList from '../../renderer/src/components/office/AttentionList.vue';
import { useOfficeStore } from '../../renderer/src/stores/office';
import type { UiOutput } from '../../shared/contract/ui';

/**
 * The sale's items on the box office's list, as the core sends them (`office.attention.list`): each says
 * what happened in the page's language from its facts, never the core's English sentence or a raw kind.
 */
type Item = UiOutput<'office.attention.list'>['items'][number];
const facts = {
  orderId: 'A1B2C3D4E5F60718293A4B5C6D7E8F90',
  state: 'completed',
  terminal: 'K01',
  film: '重返20岁',
  outTradeNo: 'SA1B2C3D4E5F60718293A4B5C6D7E8F90',
  refundReference: '',
  paidCents: 9000,
  paid: '¥90.00',
  refunded: '¥0.00',
  printNo: '0000000000111972',
  verifyCode: 'WQNX8JL',
};
const items: Item[] = [
  {
    id: 'sale:1',
    kind: 'sale-unprinted',
    bookingNumber: 111972,
    detail: 'sale of 重返20岁 is booked, but the terminal stopped before its tickets printed',
    facts,
    since: '2026-12-08T10:00:00.000Z',
    actions: ['dismiss'],
  },
  {
    id: 'sale:2',
    kind: 'sale-refunded',
    bookingNumber: 0,
    detail: 'sale of 重返20岁 could not complete; 9000 cents went back to the customer',
    facts: { ...facts, state: 'refunded', refundReference: 'RA1B2', refunded: '¥90.00', verifyCode: '' },
    since: '2026-12-08T10:00:00.000Z',
    actions: ['dismiss'],
  },
  {
    id: 'sale:3',
    kind: 'sale-needs-staff',
    bookingNumber: 0,
    detail: 'sale of 重返20岁: pay the customer back by hand',
    facts: { ...facts, state: 'needs-staff', verifyCode: '' },
    since: '2026-12-08T10:00:00.000Z',
    actions: ['dismiss'],
  },
];

async function render(locale: 'zh-CN' | 'en'): Promise<string> {
  i18n.global.locale.value = locale;
  const pinia = createPinia();
  setActivePinia(pinia);
  useOfficeStore().attention = items;
  const html = await renderToString(createSSRApp(AttentionList).use(pinia).use(i18n));
  return html.replace(/<!--[^>]*-->/gu, '');
}

describe("the sale's items on the needs-attention list", () => {
  afterEach(() => {
    i18n.global.locale.value = 'zh-CN';
  });

  it('are said in Chinese from their facts: kind, what to do, the numbers a clerk needs', async () => {
    const zh = await render('zh-CN');
    expect(zh).toContain('售票已完成：未出票');
    expect(zh).toContain(
      '《重返20岁》已售出并订票成功，但终端在出票前停止运行：请核对顾客支付宝账单中的交易号 SA1B2C3D4E5F60718293A4B5C6D7E8F90，在售票台为其出票（取票号 0000000000111972，验证码 WQNX8JL），然后点“标记已处理”。',
    );
    expect(zh).toContain('售票未完成：已退款');
    expect(zh).toContain('已退还顾客 ¥90.00（退款参考号 RA1B2');
    expect(zh).toContain('售票未完成：需人工退款');
    expect(zh).toContain('顾客已付 ¥90.00，自动退款未成功，请人工退款');
    expect(zh).not.toMatch(/sale-unprinted|sale-refunded|sale-needs-staff|could not complete|by hand/u);
  });

  it('and in English', async () => {
    const en = await render('en');
    expect(en).toContain('Sale booked: tickets not printed');
    expect(en).toContain('print them at the counter (pickup number 0000000000111972, verify code WQNX8JL)');
    expect(en).toContain('Sale not completed: refunded');
    expect(en).toContain('¥90.00 went back to the customer (refund RA1B2');
    expect(en).toContain('Sale not completed: refund by hand');
    expect(en).not.toMatch(/sale-unprinted|sale-refunded|sale-needs-staff|9000 cents/u);
  });
});
