import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningCentralSim } from '../../electron/simulator/central-sim.server';
import type { RunningHost } from '../../electron/host/host';
import { axeViolations } from '../support/axe';
import { startSimHostStage, stopStage } from '../support/e2e-stage';
import { focusedName, pressUntil, saleHeading as saleHeadingOn, signInToOffice, tabTo as tabToOn } from '../support/office-page';
import { eventually, simGet, type SimOrderView, type SimSessionView } from '../support/sim-control';

/**
 * The walk-up sale at the counter (issue 14), in Chromium against a demo host and the simulator, by the
 * keyboard alone: a clerk signs in, opens the Sale tab (Alt+4), picks the film, the showtime and two
 * tickets with Tab and Enter, moves on the seat map with the arrow keys, selects with Space, holds
 * (Alt+Enter) and cancels; the simulator shows the order held, then cancelled and its seats free.
 */
let sim: RunningCentralSim;
let host: RunningHost;
let browser: Browser;
let page: Page;

const orders = () => simGet<SimOrderView[]>(sim.baseUrl, '/__sim/orders');
const session29617 = async () => (await simGet<SimSessionView[]>(sim.baseUrl, '/__sim/sessions')).find((s) => s.sessionId === '29617')!;

beforeAll(async () => {
  ({ sim, host, browser } = await startSimHostStage('office-sale', { officeStaff: true }));
  page = await (await browser.newContext({ viewport: { width: 1280, height: 1024 } })).newPage();
});
afterAll(() => stopStage({ browser, host, sim }));

const focused = () => focusedName(page);
const tabTo = (name: RegExp) => tabToOn(page, name);
const press = (key: string, name: RegExp) => pressUntil(page, key, name);

/** How far the page is wider than the window (empty when it is not): the page itself must never scroll sideways. */
const pageOverflow = () =>
  page.evaluate<string[]>(
    `(() => { const w = document.documentElement.scrollWidth; return w > innerWidth ? [\`scrollWidth \${w} > \${innerWidth}\`] : []; })()`,
  );
/** The office's tabs and the map's zoom buttons are wholly inside the window. */
async function expectTabsInView(): Promise<void> {
  const size = page.viewportSize()!;
  for (const box of [
    await page.getByTestId('office-tab-sale').boundingBox(),
    await page.getByTestId('office-tab-booking').boundingBox(),
    await page.locator('.seat-map-tools button').last().boundingBox(),
  ]) {
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(size.width);
    expect(box!.y + box!.height).toBeLessThanOrEqual(size.height);
  }
}

/** The focused seat lies wholly inside the map's frame. */
async function expectFocusInFrame(): Promise<void> {
  const frame = (await page.getByTestId('seat-map-viewport').boundingBox())!;
  const seat = (await page.locator('[data-testid="seat"]:focus').boundingBox())!;
  expect(seat.x).toBeGreaterThanOrEqual(frame.x);
  expect(seat.y).toBeGreaterThanOrEqual(frame.y);
  expect(seat.x + seat.width).toBeLessThanOrEqual(frame.x + frame.width);
  expect(seat.y + seat.height).toBeLessThanOrEqual(frame.y + frame.height);
}

const saleHeading = (name: string) => saleHeadingOn(page, name);

describe('the counter sale, by keyboard alone', () => {
  it('holds two seats found with the arrow keys and Space, then cancels; the simulator follows', async () => {
    const before = await session29617();
    await signInToOffice(page, host.uiUrl, 'clerk1', '246810');
    await page.keyboard.press('Alt+4');
    await saleHeading('选择影片').waitFor();
    expect(await focused()).toBe('现场售票：选择影片');
    const found: string[] = [];
    const axe = async (step: string) => {
      for (const v of await axeViolations(page)) found.push(`${step}: ${v.rule} ${v.targets.join(' ')} ${v.summary}`);
    };
    await axe('films');

    await tabTo(new RegExp(before.filmTitle, 'u'));
    await page.keyboard.press('Enter');
    await saleHeading('选择场次').waitFor();
    await tabTo(/1号厅/u);
    await page.keyboard.press('Enter');
    await saleHeading('选择票类和数量').waitFor();
    await tabTo(/^增加一张 标准票$/u);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Space');
    expect(await page.getByTestId('tickets-total').textContent()).toContain('¥200.00');
    await axe('tickets');
    await page.keyboard.press('Alt+Enter');
    await saleHeading('选择座位').waitFor();

    // A 1366×768 counter PC: the map scrolls inside its frame, the page never sideways, and the tabs stay in
    // view while the keyboard moves in the map.
    await page.setViewportSize({ width: 1366, height: 768 });
    expect(await pageOverflow()).toEqual([]);
    // Into the map: the one seat in the tab order is a free seat of the front row, on the screen's side where
    // the map opens, and it is inside the frame.
    await tabTo(/^1排\d+座，/u);
    await expectFocusInFrame();
    // On to row 7 of the standard area, then left to its first seat; each seat moved to is in the frame.
    await press('ArrowDown', /^7排/u);
    await press('ArrowUp', /^7排/u);
    await expectFocusInFrame();
    expect(await pageOverflow()).toEqual([]);
    await expectTabsInView();
    await press('ArrowLeft', /^7排10座，/u);
    expect(await focused()).toBe('7排10座，一号厅，可选');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    expect(await focused()).toBe('7排9座，一号厅，已选');
    expect(await page.getByTestId('seats-left').textContent()).toContain('已选 2 个座位');
    await expectTabsInView();
    await page.setViewportSize({ width: 1280, height: 1024 });
    await axe('seats');
    await page.keyboard.press('Alt+Enter');
    await saleHeading('确认订单').waitFor();
    await page.keyboard.press('Alt+Enter');
    // The clerk's words: the seats are held for the customer.
    await saleHeading('已为顾客保留座位').waitFor();
    expect(await page.getByRole('timer').textContent()).toMatch(/座位保留剩余 1[45]:\d\d/u);
    await axe('held');

    const held = (await orders()).filter((o) => o.state === 'held');
    expect(held.map((o) => o.seats.map((s) => s.name).sort())).toEqual([['7排10座', '7排9座']]);
    // The short reference the customer hears, and central's full order id for the staff.
    const id = held[0]!.userSessionId;
    expect(await page.getByTestId('order-ref').textContent()).toContain(`${id.slice(-6, -3).toUpperCase()}-${id.slice(-3).toUpperCase()}`);
    expect(await page.getByTestId('order-id').textContent()).toContain(id);
    // In English too: the staff's words, central's hall as central names it, and axe finds nothing.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Walk-up sale: Seats held for the customer' }).waitFor();
    expect(await page.getByTestId('sale-summary').textContent()).toContain('Hall: 1号厅');
    await axe('held (English)');
    await page.getByRole('button', { name: '中文' }).click();
    await saleHeading('已为顾客保留座位').waitFor();

    await tabTo(/^取消订单$/u);
    await page.keyboard.press('Enter');
    await saleHeading('订单已取消，座位已释放。').waitFor();
    const after = await eventually(orders, (all) => all.every((o) => o.state !== 'held'));
    expect(after.find((o) => o.userSessionId === held[0]!.userSessionId)?.state).toBe('cancelled');
    expect((await session29617()).seats).toEqual(before.seats);
    expect(found).toEqual([]);
  }, 180_000);
});
