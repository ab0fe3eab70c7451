import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningHost } from '../../electron/host/host';
import { launchChromium } from '../support/chromium';
import { axeViolations } from '../support/axe';
import { startDemoHost } from '../support/in-process-host';
import { stopStage } from '../support/e2e-stage';
import { heading, openKioskPage, seat } from '../support/kiosk-page';
import { wedgeScan } from '../support/wedge-scan';
import { eventually, simGet, simSend, type SimOrderView, type SimSessionView } from '../support/sim-control';
import type { TradeView } from '../support/pay-sim';

/**
 * The customer pays at the kiosk (issue 15), in Chromium against the demo host (its central simulator,
 * Alipay gateway simulator and virtual printer), found by visible text and roles: two seats held, paid by
 * a payment code read by the wedge, the two tickets print, central has the order completed and the
 * gateway one trade of the order's amount; a code the phone confirms after a delay (10003); a declined
 * code leaves the seats held until the customer cancels; a WeChat code is refused, naming the wallet
 * this kiosk takes; an order central refuses to complete is refunded, with its reference on screen; a
 * printer out of paper after completion leaves the tickets booked, with the coupon; a QR the customer
 * scans (paid through the simulator's phone side), then the tickets print. axe on every new screen, at 1280×1024 and 1080×1920. Test codes: the gateway
 * simulator's README.
 */
let host: RunningHost;
let browser: Browser;

const centralUrl = () => host.demo!.sim!.baseUrl;
const orders = () => simGet<SimOrderView[]>(centralUrl(), '/__sim/orders');
const trades = () => simGet<TradeView[]>(new URL(host.demo!.payment!.gatewayUrl).origin, '/__pay/trades');
const jobs = () => host.demo!.printer!.jobs();

beforeAll(async () => {
  // Seed §2.2's status query loop kept short, so an order central never books ends (refunded) within a test.
  host = await startDemoHost({ sale: { bookingStatusAttempts: 2, bookingStatusIntervalMs: 200 } });
  browser = await launchChromium();
});
afterAll(() => stopStage({ browser, host }));

const KIOSK = { width: 1280, height: 1024 };
const PORTRAIT = { width: 1080, height: 1920 };

const openKiosk = (viewport = KIOSK): Promise<Page> => openKioskPage(browser, host.uiUrl, viewport);
async function expectAxeClean(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

/** From the first screen to a held order of two 标准票 on the first two free single seats of 1号厅's main area (session 29617). */
async function holdTwo(page: Page): Promise<SimOrderView> {
  const session = (await simGet<SimSessionView[]>(centralUrl(), '/__sim/sessions')).find((s) => s.sessionId === '29617')!;
  const heldBefore = new Set((await orders()).map((o) => o.userSessionId));
  await page.getByRole('button', { name: '购票' }).click();
  await heading(page, '选择影片').waitFor();
  await page.getByRole('button', { name: new RegExp(session.filmTitle, 'u') }).click();
  await heading(page, '选择场次').waitFor();
  await page.getByRole('button', { name: /1号厅/u }).first().click();
  await heading(page, '选择票类和数量').waitFor();
  const more = page.getByRole('button', { name: '增加一张 标准票', exact: true });
  await more.click();
  await more.click();
  await page.getByRole('button', { name: '选择座位' }).click();
  await heading(page, '选择座位').waitFor();
  // The demo's central sells some seats at random: the first two free ones (no sofa) of the area.
  const free = page.getByRole('button', { name: /^\d+排\d+座，一号厅，可选$/u });
  const seats = [(await free.nth(0).getAttribute('data-seat'))!, (await free.nth(1).getAttribute('data-seat'))!];
  for (const name of seats) await seat(page, name).click();
  await page.getByRole('button', { name: '下一步' }).click();
  await heading(page, '确认订单').waitFor();
  await page.getByRole('button', { name: '锁定座位' }).click();
  await heading(page, '座位已为您保留').waitFor();
  const held = (await orders()).filter((o) => o.state === 'held' && !heldBefore.has(o.userSessionId));
  expect(held).toHaveLength(1);
  expect(held[0]!.seats.map((s) => s.name).sort()).toEqual(seats.sort());
  return held[0]!;
}

const orderState = async (userSessionId: string) => (await orders()).find((o) => o.userSessionId === userSessionId)?.state;
const pageText = async (page: Page) => (await page.locator('body').textContent()) ?? '';

/**
 * A sale's good end, seen from the simulators: central completed the order, one trade of the amount and
 * nothing refunded, and the tickets' job holds both tickets (read once it does: the virtual printer may
 * still be storing it when the screen says printed).
 */
async function expectSoldOnce(orderId: string, total: string, before: { tradesBefore: number; jobsBefore: number }): Promise<void> {
  expect(
    await eventually(
      () => orderState(orderId),
      (s) => s === 'completed',
    ),
  ).toBe('completed');
  const newTrades = (await trades()).slice(before.tradesBefore);
  expect(newTrades).toHaveLength(1);
  expect(newTrades[0]).toMatchObject({ status: 'TRADE_SUCCESS', totalAmount: total, refundedAmount: '0.00' });
  const tickets = (
    await eventually(
      async () => jobs().slice(before.jobsBefore),
      (j) => (j[0]?.pieces.length ?? 0) >= 2,
    )
  )[0]!;
  expect(tickets.pieces).toHaveLength(2);
}

describe('paying at the kiosk', () => {
  it('pays two held seats by a scanned payment code: two tickets print, central completes, one trade of the amount', async () => {
    const page = await openKiosk();
    const order = await holdTwo(page);
    const total = (await page.getByTestId('sale-total').textContent())!.match(/¥(\d+\.\d\d)/u)![1]!;
    // The held screen offers payment: amount, wallet, what to do; the countdown and Cancel stay.
    await page.getByText(`请用支付宝付款 ¥${total}：打开支付宝的付款码，对准扫码器扫码。`).waitFor();
    await page.getByRole('timer').waitFor();
    await page.getByRole('button', { name: '取消订单' }).waitFor();
    await expectAxeClean(page);

    const tradesBefore = (await trades()).length;
    const jobsBefore = jobs().length;
    const code = '286123456789012345';
    await wedgeScan(page, code);
    await heading(page, '电影票已打印').waitFor({ timeout: 30_000 });
    // The control coupon: the pickup number and verify code kept on the phone, to collect at any kiosk.
    await page.getByRole('heading', { level: 2, name: '取票凭证' }).waitFor();
    expect(await page.getByTestId('coupon-print-no').textContent()).toMatch(/^\d{16}$/u);
    await expectAxeClean(page);
    // The payment code is never shown.
    expect(await pageText(page)).not.toContain(code);

    await expectSoldOnce(order.userSessionId, total, { tradesBefore, jobsBefore });

    await page.getByRole('button', { name: '完成' }).click();
    await page.getByTestId('screen-attract').waitFor();
    await page.close();
  }, 90_000);

  it('pays by a QR the customer scans: shown large with the amount and time left, paid on the phone, two tickets print', async () => {
    const page = await openKiosk(PORTRAIT);
    const order = await holdTwo(page);
    const total = (await page.getByTestId('sale-total').textContent())!.match(/¥(\d+\.\d\d)/u)![1]!;
    const tradesBefore = (await trades()).length;
    const jobsBefore = jobs().length;
    await page.getByRole('button', { name: '显示付款二维码' }).click();
    await heading(page, '请用支付宝扫码付款').waitFor({ timeout: 15_000 });
    const qr = page.getByRole('img', { name: `支付宝付款二维码，金额 ¥${total}` });
    await qr.waitFor();
    // Large enough for a phone's camera at arm's length.
    expect((await qr.boundingBox())!.width).toBeGreaterThanOrEqual(300);
    await page.getByRole('timer').waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: `等待付款：请打开支付宝“扫一扫”，扫描上方二维码并确认付款 ¥${total}。` })
      .waitFor();
    await page.getByRole('button', { name: '取消付款' }).waitFor();
    await expectAxeClean(page);
    // One trade under the order's number, waiting for the customer's phone.
    const waiting = (await trades()).slice(tradesBefore);
    expect(waiting).toMatchObject([{ outTradeNo: `S${order.userSessionId}`, status: 'WAIT_BUYER_PAY', totalAmount: total }]);

    // The customer scans and pays on the phone.
    await simSend(new URL(host.demo!.payment!.gatewayUrl).origin, 'POST', `/__pay/trades/S${order.userSessionId}/pay`);
    await heading(page, '电影票已打印').waitFor({ timeout: 45_000 });
    await page.getByRole('heading', { level: 2, name: '取票凭证' }).waitFor();
    await expectAxeClean(page);
    await expectSoldOnce(order.userSessionId, total, { tradesBefore, jobsBefore });
    await page.close();
  }, 90_000);

  it('waits for the phone to confirm (10003), then prints', async () => {
    const page = await openKiosk(PORTRAIT);
    const order = await holdTwo(page);
    await expectAxeClean(page);
    const tradesBefore = (await trades()).length;
    await wedgeScan(page, '280000000000000010');
    await heading(page, '请在手机上确认付款').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('pay-detail').textContent()).toBe('正在等待您在手机上确认付款，请勿离开。');
    // Said by the kiosk's polite live region, as the other sale steps are.
    await page.getByTestId('live-polite').filter({ hasText: '请在手机上确认付款。正在等待您在手机上确认付款' }).waitFor();
    await expectAxeClean(page);
    await heading(page, '电影票已打印').waitFor({ timeout: 45_000 });
    await expectAxeClean(page);
    expect(
      await eventually(
        () => orderState(order.userSessionId),
        (s) => s === 'completed',
      ),
    ).toBe('completed');
    const newTrades = (await trades()).slice(tradesBefore);
    expect(newTrades.map((t) => t.status)).toEqual(['TRADE_SUCCESS']);
    await page.close();
  }, 90_000);

  it('a declined code leaves the seats held: the customer may scan again, and cancels', async () => {
    const page = await openKiosk(PORTRAIT);
    const order = await holdTwo(page);
    await wedgeScan(page, '280000000000000041');
    await page.getByRole('alert').filter({ hasText: '余额不足，未扣款。' }).waitFor({ timeout: 15_000 });
    // Still the held screen, its countdown and its Cancel; central still holds the seats.
    await heading(page, '座位已为您保留').waitFor();
    await page.getByRole('timer').waitFor();
    expect(await orderState(order.userSessionId)).toBe('held');
    await expectAxeClean(page);
    await wedgeScan(page, '280000000000000040');
    await page.getByRole('alert').filter({ hasText: '付款码无效或已过期' }).waitFor({ timeout: 15_000 });
    expect(await orderState(order.userSessionId)).toBe('held');

    await page.getByRole('button', { name: '取消订单' }).click();
    await heading(page, '订单已取消，座位已释放。').waitFor();
    expect(
      await eventually(
        () => orderState(order.userSessionId),
        (s) => s === 'cancelled',
      ),
    ).toBe('cancelled');
    await page.close();
  }, 90_000);

  it('refuses a WeChat code and names the wallet this kiosk takes', async () => {
    const page = await openKiosk();
    const order = await holdTwo(page);
    const tradesBefore = (await trades()).length;
    await wedgeScan(page, '134567890123456789');
    const alert = page.getByRole('alert').filter({ hasText: '本机不收微信' });
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.textContent()).toContain('支付宝');
    expect(await pageText(page)).not.toContain('134567890123456789');
    await expectAxeClean(page);
    expect((await trades()).length).toBe(tradesBefore);
    expect(await orderState(order.userSessionId)).toBe('held');
    await page.getByRole('button', { name: '取消订单' }).click();
    await heading(page, '订单已取消，座位已释放。').waitFor();
    await page.close();
  }, 90_000);

  it('an order central refuses to complete: the customer is told they were charged and refunded, with the reference', async () => {
    const page = await openKiosk();
    const order = await holdTwo(page);
    const total = (await page.getByTestId('sale-total').textContent())!.match(/¥(\d+\.\d\d)/u)![1]!;
    const tradesBefore = (await trades()).length;
    // CompleteOrder refused every time (26, nothing booked): the tree ends in CancelOrder and the refund.
    await simSend(centralUrl(), 'POST', '/__sim/faults', { path: 'order/payment', result: 26 });
    try {
      await wedgeScan(page, '286123456789012346');
      await heading(page, '订单未能完成，款项已退回').waitFor({ timeout: 45_000 });
    } finally {
      await simSend(centralUrl(), 'DELETE', '/__sim/faults');
    }
    const reference = (await page.getByTestId('refund-reference').locator('.mono').textContent())!;
    expect(reference).toMatch(/^R\w+$/u);
    expect(await page.getByTestId('pay-detail').textContent()).toContain(`已原路全额退回 ¥${total}。退款凭证号：${reference}`);
    await expectAxeClean(page);
    const newTrades = (await trades()).slice(tradesBefore);
    expect(newTrades).toHaveLength(1);
    expect(newTrades[0]).toMatchObject({ totalAmount: total, refundedAmount: total });
    expect(
      await eventually(
        () => orderState(order.userSessionId),
        (s) => s === 'cancelled',
      ),
    ).toBe('cancelled');
    await page.close();
  }, 90_000);

  it('a printer out of paper after completion: the tickets are booked, the coupon shown to collect them later', async () => {
    const page = await openKiosk(PORTRAIT);
    const order = await holdTwo(page);
    host.demo!.printer!.setCondition({ paperOut: true });
    try {
      await wedgeScan(page, '286123456789012347');
      await heading(page, '订票成功，电影票稍后领取').waitFor({ timeout: 45_000 });
      await page.getByRole('heading', { level: 2, name: '取票凭证' }).waitFor();
      expect(await page.getByTestId('coupon-verify-code').textContent()).toMatch(/^\w{4,20}$/u);
      await expectAxeClean(page);
      expect(
        await eventually(
          () => orderState(order.userSessionId),
          (s) => s === 'completed',
        ),
      ).toBe('completed');
    } finally {
      host.demo!.printer!.setCondition({ paperOut: false });
    }
    await page.close();
  }, 90_000);
});
