import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { createSSRApp, type Component } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { i18n } from '../../renderer/src/i18n';
import { useSaleStore } from '../../renderer/src/stores/sale';
import { saleNoticeText } from '../../renderer/src/composables/sale-announcements';
import { areaName, centralName } from '../../renderer/src/composables/sale-names';
import SaleActions from '../../renderer/src/components/sale/SaleActions.vue';
import SaleHeld from '../../renderer/src/components/sale/SaleHeld.vue';
import SaleSessionList from '../../renderer/src/components/sale/SaleSessionList.vue';
import SaleSummary from '../../renderer/src/components/sale/SaleSummary.vue';
import SaleTicketPicker from '../../renderer/src/components/sale/SaleTicketPicker.vue';
import CounterSale from '../../renderer/src/components/sale/CounterSale.vue';
import SeatMap from '../../renderer/src/components/sale/SeatMap.vue';
import AttractScreen from '../../renderer/src/components/kiosk/AttractScreen.vue';
import { orderReference } from '../../shared/domain/sale-order';
import { installFakeBridge } from './fake-bridge';
import { film, freshness, heldOrder, PREMIUM, session, STANDARD, ticketTypes, twoAreaPlan } from './sale-fixtures';

/**
 * The sale's words as the screens render them (Vue's server renderer, the components as they are): what a
 * refused seat says, central's names in both languages, the order's reference, the counter's wording, the
 * first screen's title and the step buttons.
 */
let pinia: Pinia;
const t = (key: string, params?: Record<string, unknown> | number) =>
  typeof params === 'number' ? i18n.global.t(key, params) : i18n.global.t(key, params ?? {});
const exists = (key: string) => i18n.global.te(key);
const locale = (l: 'zh-CN' | 'en') => {
  i18n.global.locale.value = l;
};
/** The component rendered to HTML with the app's store and messages. */
async function render(component: Component, props: Record<string, unknown> = {}): Promise<string> {
  const app = createSSRApp(component, props);
  app.use(pinia).use(i18n);
  return renderToString(app);
}
/** The text of an HTML string, tags dropped, spaces collapsed. */
const text = (html: string) =>
  html
    .replace(/<!--[^]*?-->/gu, '')
    .replace(/<[^>]+>/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  locale('zh-CN');
  installFakeBridge()
    .answer('sale.films', { ok: true, value: { cinemaId: '0200', cinemaName: '测试影城', films: [film], freshness } })
    .answer('sale.sessions', { ok: true, value: { sessions: [{ ...session, screenName: '1号厅', attributes: ['数字2D'] }], freshness } })
    .answer('sale.ticketTypes', { ok: true, value: { sessionId: '29617', ticketTypes, freshness } })
    .answer('sale.seatPlan', { ok: true, value: { sessionId: '29617', plan: twoAreaPlan(), freshness } });
});
afterEach(() => locale('zh-CN'));

async function atSeats(quantities: Record<string, number>) {
  const sale = useSaleStore();
  await sale.start();
  await sale.chooseFilm(film);
  await sale.chooseSession(sale.sessions[0]!);
  for (const [code, qty] of Object.entries(quantities)) sale.setQuantity(code, qty);
  await sale.toSeats();
  return sale;
}
const noticeText = (sale: ReturnType<typeof useSaleStore>) => saleNoticeText(sale.notice!, t, exists, (n) => n, sale.areaDescription);

describe('a sofa tapped with too few tickets', () => {
  it('says the sofa needs two tickets, never to free a seat when none is chosen', async () => {
    const sale = await atSeats({ '0010': 1 });
    sale.toggle({ areaNumber: 1, rowIndex: 0, columnIndex: 0 });
    expect(sale.selection).toEqual([]);
    locale('en');
    const en = noticeText(sale);
    expect(en).toBe('This sofa seats 2: it needs 2 tickets. Choose 2 tickets, or pick another seat.');
    expect(en).not.toMatch(/free|needs only|标准区/u);
    locale('zh-CN');
    expect(noticeText(sale)).toBe('这是 2 人沙发座，需要 2 张票：请选择 2 张票，或改选其他座位。');
  });

  it('an area full with one ticket says "1 seat", and names the area as central does', async () => {
    const sale = await atSeats({ '0010': 1 });
    sale.toggle({ areaNumber: 1, rowIndex: 0, columnIndex: 4 });
    sale.toggle({ areaNumber: 1, rowIndex: 1, columnIndex: 3 });
    locale('en');
    expect(noticeText(sale)).toBe('标准区 needs only 1 seat: tap the chosen seat to free it first, then choose the new one.');
  });
});

describe("central's names", () => {
  it('are shown as central gives them, its English name on the English screens when it gives one', () => {
    expect(centralName('标准票', '', 'en')).toBe('标准票');
    expect(centralName('标准票', 'Standard', 'en')).toBe('Standard');
    expect(centralName('标准票', 'Standard', 'zh-CN')).toBe('标准票');
    const plan = twoAreaPlan();
    plan.areas[1]!.descriptionAlt = 'Premium';
    expect(areaName(plan, PREMIUM, 'en')).toBe('Premium');
    expect(areaName(plan, PREMIUM, 'zh-CN')).toBe('优选区');
    expect(areaName(plan, STANDARD, 'en')).toBe('标准区');
  });

  it('the hall and format stay central’s in English: no "Hall 1" beside them', async () => {
    const sale = useSaleStore();
    await sale.start();
    await sale.chooseFilm(film);
    locale('en');
    const sessions = text(await render(SaleSessionList));
    expect(sessions).toContain('1号厅 · 数字2D');
    expect(sessions).not.toContain('Hall');
    await sale.chooseSession(sale.sessions[0]!);
    sale.setQuantity('0010', 1);
    const summary = text(await render(SaleSummary));
    expect(summary).toContain('Hall: 1号厅');
    expect(summary).not.toContain('Hall 1');
    expect(summary).toContain('Unit price');
    expect(summary).toMatch(/Time: \S/u);
    expect(summary).toMatch(/Total: ¥/u);
    locale('zh-CN');
    const zh = text(await render(SaleSummary));
    expect(zh).toContain('影厅：1号厅');
    expect(zh).toMatch(/时间：\S/u);
    expect(zh).toMatch(/合计： ?¥/u);
    expect(zh).toContain('单价');
    // Chinese texts take full-width punctuation only.
    expect(zh).not.toMatch(/[\u4e00-\u9fff]: /u);
  });

  it("ticket types and areas take central's English name on the English screens", async () => {
    const sale = useSaleStore();
    await sale.start();
    await sale.chooseFilm(film);
    await sale.chooseSession(sale.sessions[0]!);
    sale.ticketTypes = [{ ...ticketTypes[0]!, descriptionAlt: 'Standard' }, ticketTypes[1]!];
    sale.plan!.areas[1]!.descriptionAlt = 'Premium';
    locale('en');
    const picker = await render(SaleTicketPicker);
    expect(text(picker)).toContain('Standard ¥100.00');
    expect(picker).toContain('aria-label="One Standard more"');
    expect(text(picker)).toContain('Premium');
    expect(text(picker)).toContain('标准区');
    locale('zh-CN');
    expect(text(await render(SaleTicketPicker))).toContain('标准票 ¥100.00');
  });
});

describe('the held order', () => {
  const ORDER = '9f1c2e3d4b5a69788796a5b4c3d2e1f0';

  it('gives a short reference a customer can read out; the full id only at the counter', async () => {
    expect(orderReference(ORDER)).toBe('D2E-1F0');
    expect(orderReference('abc')).toBe('ABC');
    const sale = useSaleStore();
    await sale.start();
    sale.order = { ...heldOrder([], Date.now()), orderId: ORDER };
    sale.step = 'held';
    const kiosk = text(await render(SaleHeld));
    expect(kiosk).toMatch(/订单号： ?D2E-1F0/u);
    expect(kiosk).not.toContain(ORDER);
    sale.channel = { kind: 'counter', session: 's'.repeat(32), timeZone: 'Asia/Shanghai' };
    const counter = text(await render(SaleHeld));
    expect(counter).toMatch(/订单号： ?D2E-1F0/u);
    expect(counter).toMatch(new RegExp(`中心系统订单标识（UserSessionId）： ?${ORDER}`, 'u'));
    expect(counter).not.toContain('订单编号');
    locale('en');
    expect(text(await render(SaleHeld))).toMatch(new RegExp(`Central order id \\(UserSessionId\\): ${ORDER}`, 'u'));
    locale('zh-CN');
  });

  it('the counter says it in the staff’s words', async () => {
    const sale = useSaleStore();
    await sale.start();
    sale.step = 'held';
    expect(text(await render(CounterSale))).toContain('现场售票：已为顾客保留座位');
    locale('en');
    expect(text(await render(CounterSale))).toContain('Walk-up sale: Seats held for the customer');
    expect(text(await render(CounterSale))).not.toContain('Your seats are held');
  });
});

describe('the kiosk’s first screen', () => {
  it('says it sells and collects', async () => {
    expect(text(await render(AttractScreen))).toMatch(/^自助售取票 /u);
    locale('en');
    expect(text(await render(AttractScreen))).toMatch(/^Tickets /u);
  });
});

describe('the step buttons', () => {
  const buttons = async (props: Record<string, unknown> = {}) =>
    [...(await render(SaleActions, props)).matchAll(/<button([^>]*)>([^<]*)<\/button>/gu)].map(([, attrs, label]) => ({
      testId: /data-testid="([^"]+)"/u.exec(attrs!)?.[1],
      title: /title="([^"]+)"/u.exec(attrs!)?.[1] ?? null,
      disabled: /\sdisabled/u.test(attrs!),
      classes: /class="([^"]+)"/u.exec(attrs!)?.[1],
      label: label!.trim(),
    }));

  it('shows, on each step, its one button on with its test id, name, guard and the counter’s key', async () => {
    const sale = await atSeats({ '0010': 1 });
    sale.step = 'tickets';
    expect(await buttons({ shortcuts: true })).toEqual([
      { testId: 'sale-back', title: 'Esc', disabled: false, classes: 'secondary', label: '返回' },
      { testId: 'to-seats', title: 'Alt+Enter', disabled: false, classes: 'primary', label: '选择座位' },
    ]);
    sale.step = 'seats';
    expect((await buttons({ large: true }))[1]).toEqual({
      testId: 'to-summary',
      title: null,
      disabled: true,
      classes: 'primary huge',
      label: '下一步',
    });
    sale.toggle({ areaNumber: 1, rowIndex: 0, columnIndex: 4 });
    sale.step = 'summary';
    expect((await buttons())[1]).toMatchObject({ testId: 'hold', disabled: false, label: '锁定座位' });
    sale.step = 'held';
    expect(await buttons({ large: true, shortcuts: true })).toEqual([
      { testId: 'cancel-order', title: null, disabled: false, classes: 'secondary huge', label: '取消订单' },
    ]);
    sale.busy = true;
    expect(await buttons()).toMatchObject([{ testId: 'cancel-order', disabled: true, label: '正在取消…' }]);
    sale.step = 'films';
    expect(await buttons()).toEqual([]);
  });
});

describe('lists in each language', () => {
  it("joins seats with 、 and a seat label's parts with ， in Chinese, with commas in English", () => {
    expect(t('sale.label', { label: t('sale.time') })).toBe('时间：');
    expect(['1排1座', '1排2座'].join(t('sale.listSeparator'))).toBe('1排1座、1排2座');
    expect(t('sale.taken', { seats: ['1排1座', '1排2座'].join(t('sale.listSeparator')) })).toMatch(/^1排1座、1排2座 /u);
    expect(['已选', '沙发座'].join(t('sale.wordSeparator'))).toBe('已选，沙发座');
  });

  it('names a sofa seat with full-width commas in Chinese, plain ones in English', async () => {
    const sale = await atSeats({ '0010': 2 });
    const props = { plan: sale.plan!, selection: [], hall: '1号厅' };
    const zh = await render(SeatMap, props);
    expect(zh).toMatch(/aria-label="[^"]*，可选，沙发座，与 [^"]*"/u);
    expect(zh).not.toMatch(/aria-label="[^"]*[\u4e00-\u9fff], /u);
    locale('en');
    expect(await render(SeatMap, props)).toMatch(/aria-label="[^"]*, available, sofa, together with [^"]*"/u);
    expect(t('sale.label', { label: t('sale.time') })).toBe('Time: ');
    expect(['Row 1 Seat 1', 'Row 1 Seat 2'].join(t('sale.listSeparator'))).toBe('Row 1 Seat 1, Row 1 Seat 2');
    locale('zh-CN');
  });
});
