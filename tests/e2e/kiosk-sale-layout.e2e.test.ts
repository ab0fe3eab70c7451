import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { RunningCentralSim } from '../../electron/simulator/central-sim.server';
import type { RunningHost } from '../../electron/host/host';
import { axeViolations } from '../support/axe';
import { startSimHostStage, stopStage } from '../support/e2e-stage';
import { heading, openKioskPage, seat } from '../support/kiosk-page';
import { eventually, simGet, simSend } from '../support/sim-control';
import { startAlipayGatewaySim, type RunningAlipaySim } from '../../electron/simulator/alipay-gateway/alipay-sim.server';
import { alipayConfigOf, type TradeView } from '../support/pay-sim';
import { tempDir } from '../support/host-process';
import { wedgeScan } from '../support/wedge-scan';
import { svgQrToPng, zbar } from '../renderer/qr-read';

/**
 * The walk-up sale's layout at the kiosk's sizes (1280×1024, 1366×768, 1080×1920), in Chromium, found by
 * visible text and roles and measured by the boxes the browser draws: the seat map opens on the screen
 * and the front rows, shows its whole width or where more seats are, keeps seats a finger's size; the
 * action bar covers nothing; the screens start at the top; seat states differ in shape, not only colour,
 * with 3:1 edges in both themes; the map is read again on the host's interval; axe in high contrast; the held
 * order's two ways to pay in view at once, and the payment QR whole on the screen and read back from a
 * screenshot of it, opened at its top however far the held screen was scrolled.
 * One show in each demo hall (400 seats, two areas, sofas), made an hour ahead, so that the tests own them.
 */
// The page's own globals, for the functions that run in Chromium (this project's Node types have no DOM).
interface PageElement {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
  outerHTML: string;
  scrollTo(x: number, y: number): void;
  getBoundingClientRect(): { x: number; y: number; width: number; height: number };
  contains(other: PageElement | null): boolean;
  textContent: string | null;
}
interface PageStyle {
  backgroundColor: string;
  backgroundImage: string;
  borderTopColor: string;
  borderRightColor: string;
  borderTopStyle: string;
  borderTopWidth: string;
  borderBottomWidth: string;
  content: string;
}
declare const document: {
  documentElement: PageElement & { classList: { contains(name: string): boolean } };
  body: PageElement;
  elementFromPoint(x: number, y: number): PageElement | null;
};
declare function getComputedStyle(element: PageElement, pseudo?: string): PageStyle;

let sim: RunningCentralSim;
let host: RunningHost;
let browser: Browser;
let pay: RunningAlipaySim;

type Hall = '2号厅 IMAX' | '3号厅' | '1号厅';
const shows = {} as Record<Hall, { sessionId: string; filmTitle: string }>;
const REFRESH_SECONDS = 2;

beforeAll(async () => {
  // The payment gateway's simulator, for the QR the paying screens show.
  pay = await startAlipayGatewaySim();
  ({ sim, host, browser } = await startSimHostStage('kiosk-sale-layout', {
    overrides: { sale: { seatMapRefreshSeconds: REFRESH_SECONDS }, payment: alipayConfigOf(pay) },
    // Films chosen so that each show is the film's first in its hall.
    beforeHost: async (started) => {
      for (const [screenName, filmIndex] of [
        ['2号厅 IMAX', 1],
        ['3号厅', 0],
        ['1号厅', 2],
      ] as const)
        shows[screenName] = await simSend(started.baseUrl, 'POST', '/__sim/sessions', { startsInSeconds: 3600, screenName, filmIndex });
    },
  }));
});
afterAll(async () => {
  await stopStage({ browser, host, sim });
  await pay?.close();
});

const LANDSCAPE = { width: 1280, height: 1024 };
const SHORT = { width: 1366, height: 768 };
const PORTRAIT = { width: 1080, height: 1920 };
const sizes = [LANDSCAPE, SHORT, PORTRAIT];
const named = (v: { width: number; height: number }) => `${v.width}×${v.height}`;

async function openKiosk(viewport: { width: number; height: number }, options: { highContrast?: boolean } = {}): Promise<Page> {
  const page = await openKioskPage(browser, host.uiUrl, viewport);
  if (options.highContrast) {
    await page.getByTestId('high-contrast').click();
    expect(await page.evaluate(() => document.documentElement.classList.contains('theme-high-contrast'))).toBe(true);
  }
  return page;
}
async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await locator.boundingBox();
  if (!found) throw new Error(`no box for ${locator.toString()}`);
  return found;
}
const inside = (
  inner: { x: number; y: number; width: number; height: number },
  outer: { x: number; y: number; width: number; height: number },
) =>
  inner.x >= outer.x - 0.5 &&
  inner.y >= outer.y - 0.5 &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5;

/** From the first screen to the ticket step of the hall's show, with `tickets` standard tickets. */
async function toTickets(page: Page, hall: Hall, tickets: number, check?: (step: string) => Promise<void>): Promise<void> {
  await page.getByRole('button', { name: '购票' }).click();
  await heading(page, '选择影片').waitFor();
  await check?.('films');
  await page.getByRole('button', { name: new RegExp(shows[hall].filmTitle, 'u') }).click();
  await heading(page, '选择场次').waitFor();
  await check?.('sessions');
  await page
    .getByRole('button', { name: new RegExp(hall.split(' ')[0]!, 'u') })
    .first()
    .click();
  await heading(page, '选择票类和数量').waitFor();
  for (let i = 0; i < tickets; i += 1) await page.getByRole('button', { name: '增加一张 标准票', exact: true }).click();
  await check?.('tickets');
}
async function toSeats(page: Page, hall: Hall, tickets: number, check?: (step: string) => Promise<void>): Promise<void> {
  await toTickets(page, hall, tickets, check);
  await page.getByRole('button', { name: '选择座位' }).click();
  await heading(page, '选择座位').waitFor();
  await page.getByTestId('seat').first().waitFor();
  // The map settles its first zoom and scroll after it is drawn.
  await page.waitForTimeout(300);
}

/** Nothing under the action bar: the step's body ends where the bar begins, and `target` is on top where it is drawn. */
async function expectAboveBar(page: Page, target: Locator): Promise<void> {
  const bar = await box(page.getByTestId('sale-actions'));
  const body = await box(page.getByTestId('sale-body'));
  expect(body.y + body.height).toBeLessThanOrEqual(bar.y + 0.5);
  await target.scrollIntoViewIfNeeded();
  const at = await box(target);
  expect(at.y + at.height).toBeLessThanOrEqual(bar.y + 0.5);
  expect(at.y).toBeGreaterThanOrEqual(0);
  const onTop = await target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit !== null && (el === hit || el.contains(hit));
  });
  expect(onTop).toBe(true);
}

describe('the seat map at kiosk sizes', () => {
  // Row 1 is the front row, next to the screen; seats are numbered right to left.
  const halls = [
    { hall: '2号厅 IMAX' as const, front: ['1排20座', '1排1座'] },
    { hall: '1号厅' as const, front: ['1排10座', '1排1座'] },
  ];
  for (const viewport of sizes) {
    it(`opens on the screen and the front rows, seats a finger's size, the width shown or its edges marked, at ${named(viewport)}`, async () => {
      const page = await openKiosk(viewport);
      for (const { hall, front } of halls) {
        await toSeats(page, hall, 1);
        const frame = await box(page.getByTestId('seat-map-viewport'));
        const screen = await box(page.getByTestId('screen-side'));
        expect(inside(screen, frame), `${hall}: the screen marker is in the map's frame`).toBe(true);
        expect(frame.y + frame.height).toBeLessThanOrEqual(viewport.height);
        const [leftEnd, rightEnd] = [seat(page, front[0]!), seat(page, front[1]!)];
        const size = await box(leftEnd);
        expect(size.width).toBeGreaterThanOrEqual(44);
        expect(size.height).toBeGreaterThanOrEqual(44);
        // The front row is in view; both its ends, or the edge past which it goes on is marked, and the hint says so.
        const ends = [inside(await box(leftEnd), frame), inside(await box(rightEnd), frame)];
        expect(ends.some(Boolean) || inside(await box(seat(page, '1排5座')), frame)).toBe(true);
        const cutLeft = !ends[0];
        const cutRight = !ends[1];
        expect(await page.getByTestId('map-more-left').isVisible()).toBe(cutLeft);
        expect(await page.getByTestId('map-more-right').isVisible()).toBe(cutRight);
        if (cutLeft || cutRight) expect(await page.getByText('拖动座位图或点 − / + 缩放，查看全部座位').isVisible()).toBe(true);
        // Rows behind, out of the frame, are marked above; nothing lies below the front row and the screen.
        expect(await page.getByTestId('map-more-down').count()).toBe(0);
        // Fit width: every seat of the front row in the frame, and no edge marked left or right.
        await page.getByRole('button', { name: '整排显示' }).click();
        await page.waitForTimeout(200);
        expect(inside(await box(leftEnd), frame) && inside(await box(rightEnd), frame)).toBe(true);
        expect(await page.getByTestId('map-more-left').count()).toBe(0);
        expect(await page.getByTestId('map-more-right').count()).toBe(0);
        // Zoom in again: seats grow, the map can still be panned to every seat.
        await page.getByRole('button', { name: '放大座位图' }).click();
        await page.waitForTimeout(200);
        expect((await box(leftEnd)).width).toBeGreaterThan(size.width - 1);
        await rightEnd.scrollIntoViewIfNeeded();
        expect(inside(await box(rightEnd), await box(page.getByTestId('seat-map-viewport')))).toBe(true);
        // The legend and the map's frame sit above the action bar.
        await expectAboveBar(page, page.getByRole('list', { name: '图例' }));
        await page.getByRole('button', { name: '返回首页' }).click();
        await page.getByTestId('screen-attract').waitFor();
      }
      await page.close();
    }, 120_000);
  }

  it('says where more seats are and how to reach them in English too (the 400-seat hall, portrait)', async () => {
    const page = await openKiosk(PORTRAIT);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Buy tickets' }).click();
    await page.getByRole('button', { name: new RegExp(shows['2号厅 IMAX'].filmTitle, 'u') }).click();
    await page.getByRole('button', { name: /2号厅/u }).first().click();
    await page.getByRole('button', { name: 'One 标准票 more', exact: true }).click();
    await page.getByRole('button', { name: 'Choose seats' }).click();
    await page.getByRole('button', { name: /^Row 1 Seat 10, /u }).waitFor();
    await page.waitForTimeout(300);
    expect(await page.getByText('Drag the map or use − and + to see every seat').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Fit width' }).click();
    await page.getByRole('button', { name: 'Back to start' }).click();
    await page.getByTestId('screen-attract').waitFor();
    await page.close();
  }, 60_000);
});

describe('the 400-seat hall in portrait', () => {
  it('keeps the row names in view at the frame edges, and the edge arrows off the seats (1080×1920)', async () => {
    const page = await openKiosk(PORTRAIT);
    await toSeats(page, '2号厅 IMAX', 1);
    expect(await page.getByTestId('map-more-right').or(page.getByTestId('map-more-left')).first().isVisible()).toBe(true);
    // Measured in the page (a string: the tests compile without the DOM's types).
    const seen = await page.evaluate<{
      labels: { text: string; inFrame: boolean; onTop: boolean }[];
      arrows: number;
      overlaps: number;
    }>(`(() => {
      const frame = document.querySelector('[data-testid="seat-map-viewport"]');
      const f = frame.getBoundingClientRect();
      const within = (r) => r.left >= f.left - 0.5 && r.right <= f.right + 0.5 && r.top >= f.top - 0.5 && r.bottom <= f.bottom + 0.5;
      const frontRow = frame.querySelector('[data-seat="1排10座"]').closest('.seat-row');
      const labels = [...frontRow.querySelectorAll('.row-name')].map((el) => {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return { text: (el.textContent || '').trim(), inFrame: within(r), onTop: hit === el || el.contains(hit) };
      });
      const seats = [...frame.querySelectorAll('[data-testid="seat"]')].map((el) => el.getBoundingClientRect()).filter(within);
      const arrows = [...document.querySelectorAll('.more-arrow')].map((el) => el.getBoundingClientRect());
      const overlaps = arrows.filter((a) => seats.some((s) => a.left < s.right && a.right > s.left && a.top < s.bottom && a.bottom > s.top)).length;
      return { labels, arrows: arrows.length, overlaps };
    })()`);
    expect(seen.labels).toEqual([
      { text: '1', inFrame: true, onTop: true },
      { text: '1', inFrame: true, onTop: true },
    ]);
    expect(seen.arrows).toBeGreaterThan(0);
    expect(seen.overlaps).toBe(0);
    await page.close();
  }, 60_000);
});

describe('the sofa hall in portrait', () => {
  for (const language of ['中文', 'English'] as const) {
    it(`fits its width exactly after Fit width, no edge marked, the zoom buttons on one line (${language}, 1080×1920)`, async () => {
      const page = await openKiosk(PORTRAIT);
      if (language === 'English') await page.getByRole('button', { name: 'English' }).click();
      const zh = language === '中文';
      await page.getByRole('button', { name: zh ? '购票' : 'Buy tickets', exact: true }).click();
      await page.getByRole('button', { name: new RegExp(shows['3号厅'].filmTitle, 'u') }).click();
      await page.getByRole('button', { name: /3号厅/u }).first().click();
      await page.getByTestId('more').first().click();
      await page.getByRole('button', { name: zh ? '选择座位' : 'Choose seats', exact: true }).click();
      await page.getByTestId('seat').first().waitFor();
      await page.waitForTimeout(300);
      const buttons = ['zoom-out', 'zoom-fit', 'zoom-in'].map((id) => page.getByTestId(id));
      const boxes = await Promise.all(buttons.map(box));
      for (const b of boxes) expect(Math.abs(b.y - boxes[0]!.y), `${language}: the zoom buttons on one line`).toBeLessThan(1);
      expect(boxes[1]!.height, `${language}: "fit width" on one line`).toBeLessThanOrEqual(boxes[2]!.height + 0.5);
      await buttons[1]!.click();
      await page.waitForTimeout(300);
      const fit = await page.getByTestId('seat-map-viewport').evaluate((el) => [el.scrollWidth, el.clientWidth]);
      expect(fit[0], `${language}: the map's width after Fit width`).toBeLessThanOrEqual(fit[1]!);
      expect(await page.getByTestId('map-more-left').count()).toBe(0);
      expect(await page.getByTestId('map-more-right').count()).toBe(0);
      await page.close();
    }, 60_000);
  }
});

describe('the sale screens at kiosk sizes', () => {
  for (const viewport of sizes) {
    it(`start at the top and keep everything above the action bar at ${named(viewport)}`, async () => {
      const page = await openKiosk(viewport);
      const topOfScreen = async (step: string) => {
        const title = await box(page.getByRole('heading', { level: 1 }));
        expect(title.y, `${step}: the title is at the top`).toBeLessThan(200);
      };
      await toTickets(page, '1号厅', 2, topOfScreen);
      const total = page.getByTestId('tickets-total');
      expect(await total.textContent()).toContain('¥200.00');
      // Where the screen is tall enough, the total is in view at once, above the bar.
      if (viewport.height >= 1024) {
        const bar = await box(page.getByTestId('sale-actions'));
        const at = await box(total);
        expect(at.y + at.height).toBeLessThanOrEqual(bar.y);
      }
      await expectAboveBar(page, total);
      await expectAboveBar(page, page.getByRole('button', { name: '增加一张 优选区标准票', exact: true }));
      await page.getByRole('button', { name: '选择座位' }).click();
      await heading(page, '选择座位').waitFor();
      await topOfScreen('seats');
      await seat(page, '5排5座').click();
      await seat(page, '5排6座').click();
      await page.getByRole('button', { name: '下一步' }).click();
      await heading(page, '确认订单').waitFor();
      await topOfScreen('summary');
      await expectAboveBar(page, page.getByTestId('sale-total'));
      await page.getByRole('button', { name: '返回首页' }).click();
      await page.getByTestId('screen-attract').waitFor();
      await page.close();
    }, 120_000);
  }
});

/** A seat drawing's look without its colours, and the contrasts of its edge and its marks. */
interface Look {
  shape: string;
  edgeOnPage: number;
  marksOnFill: number[];
}
async function looks(page: Page, selector: string): Promise<Look> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const parse = (c: string): number[] | null => {
        const m = /rgba?\(([^)]+)\)/u.exec(c);
        if (!m) return null;
        const [r, g, b, a] = m[1]!
          .split(/[ ,/]+/u)
          .filter(Boolean)
          .map(Number);
        return a === 0 ? null : [r!, g!, b!];
      };
      const lum = ([r, g, b]: number[]) => {
        const f = (v: number) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
      };
      const ratio = (a: number[], b: number[]) => {
        const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
        return (x! + 0.05) / (y! + 0.05);
      };
      const style = getComputedStyle(el);
      const after = getComputedStyle(el, '::after');
      const page =
        parse(getComputedStyle(document.body).backgroundColor) ?? parse(getComputedStyle(document.documentElement).backgroundColor)!;
      const fill = parse(style.backgroundColor) ?? page;
      const edge = parse(style.borderTopColor)!;
      const marks = [...style.backgroundImage.matchAll(/rgba?\([^)]+\)/gu)]
        .map((m) => parse(m[0]))
        .filter((c): c is number[] => c !== null);
      if (after.content !== 'none' && after.content !== 'normal') marks.push(parse(after.borderRightColor)!);
      const shape = [
        style.borderTopStyle,
        Number.parseFloat(style.borderBottomWidth) > Number.parseFloat(style.borderTopWidth) + 1 ? 'base' : '',
        style.backgroundImage.replace(/rgba?\([^)]+\)/gu, 'C'),
        after.content === 'none' || after.content === 'normal' ? '' : 'mark',
        (el.textContent ?? '').includes('♿') ? '♿' : '',
      ].join('|');
      return { shape, edgeOnPage: ratio(edge, page), marksOnFill: marks.map((m) => ratio(m, fill)) };
    });
}

describe('seat states at the kiosk', () => {
  for (const highContrast of [false, true]) {
    it(`differ in shape and pattern, not colour alone, the legend matching the map, 3:1 edges${highContrast ? ', high contrast' : ''}`, async () => {
      const { sessionId } = shows['3号厅'];
      // Another channel sells 4排12座 (row index 4, column 1 of the only area).
      await simSend(sim.baseUrl, 'POST', `/__sim/sessions/${sessionId}/take-seats`, {
        seats: [{ areaNumber: 1, rowIndex: 4, columnIndex: 1 }],
      }).catch(() => undefined);
      const page = await openKiosk(LANDSCAPE, { highContrast });
      await toSeats(page, '3号厅', 2);
      await seat(page, '6排6座').click();
      // 3号厅: 5排8座 broken, 3排8座 held back, 1排10座 a wheelchair place, 8排5座 half of a sofa.
      const onMap: Record<string, string> = {
        available: '6排5座',
        selected: '6排6座',
        sold: '4排12座',
        reserved: '3排8座',
        broken: '5排8座',
        wheelchair: '1排10座',
        sofa: '8排5座',
      };
      const shapes = new Map<string, string>();
      for (const [status, name] of Object.entries(onMap)) {
        const legend = await looks(page, `.seat-legend [data-status='${status}']`);
        const drawn = await looks(page, `[data-testid='seat'][data-seat='${name}']`);
        expect(drawn.shape, `${status}: the map draws it as the legend does`).toBe(legend.shape);
        expect(drawn.edgeOnPage, `${status}: edge against the page`).toBeGreaterThanOrEqual(3);
        for (const contrast of drawn.marksOnFill) expect(contrast, `${status}: its marks against its fill`).toBeGreaterThanOrEqual(3);
        shapes.set(status, legend.shape);
      }
      expect(new Set(shapes.values()).size, [...shapes.entries()].join('\n')).toBe(shapes.size);
      expect(await seat(page, '4排12座').getAttribute('aria-label')).toBe('4排12座，三号厅，已售');
      await page.close();
    }, 60_000);
  }
});

describe('the seat map while the customer looks at it', () => {
  it('is read again on the interval: a seat sold elsewhere turns sold without a touch, a chosen one is let go and named', async () => {
    const { sessionId } = shows['1号厅'];
    const page = await openKiosk(LANDSCAPE);
    await toSeats(page, '1号厅', 2);
    await seat(page, '2排5座').click();
    await seat(page, '2排4座').click();
    expect(await seat(page, '3排8座').getAttribute('aria-label')).toBe('3排8座，一号厅，可选');
    // Area 1's rows 7 to 1 are row indexes 0 to 6; seat n is column 11 − n.
    await simSend(sim.baseUrl, 'POST', `/__sim/sessions/${sessionId}/take-seats`, {
      seats: [
        { areaNumber: 1, rowIndex: 4, columnIndex: 3 },
        { areaNumber: 1, rowIndex: 5, columnIndex: 6 },
      ],
    });
    const started = Date.now();
    await page.getByRole('button', { name: '3排8座，一号厅，已售' }).waitFor({ timeout: (REFRESH_SECONDS + 8) * 1000 });
    expect(Date.now() - started).toBeLessThan((REFRESH_SECONDS + 8) * 1000);
    expect(await seat(page, '2排5座').getAttribute('aria-label')).toBe('2排5座，一号厅，已售');
    expect(await seat(page, '2排5座').getAttribute('aria-pressed')).toBe('false');
    expect(await seat(page, '2排4座').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('alert').textContent()).toContain('2排5座');
    expect(await page.getByTestId('seats-left').textContent()).toContain('还需选择 1 个座位');
    expect(await page.getByRole('button', { name: '下一步' }).isDisabled()).toBe(true);
    // The customer picks another and goes on.
    await seat(page, '2排3座').click();
    expect(await page.getByRole('button', { name: '下一步' }).isDisabled()).toBe(false);
    await page.getByRole('button', { name: '返回首页' }).click();
    await page.getByTestId('screen-attract').waitFor();
    await page.close();
  }, 60_000);
});

describe('the sale screens in high contrast', () => {
  for (const viewport of [LANDSCAPE, PORTRAIT]) {
    it(`axe finds nothing on any sale screen with high contrast on at ${named(viewport)}`, async () => {
      const page = await openKiosk(viewport, { highContrast: true });
      const found: string[] = [];
      const check = async (step: string) => {
        for (const v of await axeViolations(page)) found.push(`${step}: ${v.rule} ${v.targets.join(' ')} ${v.summary}`);
      };
      await toSeats(page, '3号厅', 1, check);
      await check('seats');
      await seat(page, '2排6座').click();
      await check('seats with a choice');
      await page.getByRole('button', { name: '下一步' }).click();
      await heading(page, '确认订单').waitFor();
      await check('summary');
      await page.getByRole('button', { name: '锁定座位' }).click();
      await heading(page, '座位已为您保留').waitFor();
      await check('held');
      await page.getByRole('button', { name: '取消订单' }).click();
      await heading(page, '订单已取消，座位已释放。').waitFor();
      await check('ended');
      expect(found).toEqual([]);
      await page.close();
    }, 240_000);
  }
});

/** The words of the sale's paying screens, as each language shows them. */
const WORDS = {
  'zh-CN': {
    buy: '购票',
    more: '增加一张 标准票',
    chooseSeats: '选择座位',
    seat: (name: string) => new RegExp(`^${name}，`, 'u'),
    next: '下一步',
    hold: '锁定座位',
    held: '座位已为您保留',
    payPrompt: /^请用支付宝付款 ¥200\.00/u,
    declined: '余额不足，未扣款。',
    showQr: '显示付款二维码',
    qrTitle: '请用支付宝扫码付款',
    qrLabel: '支付宝付款二维码，金额 ¥200.00',
    cancelPayment: '取消付款',
    confirm: '取消付款并释放座位吗？',
    yes: '是，取消',
    keepPaying: '继续付款',
    abandoned: '付款已取消',
    abandonedDetail: '座位已释放。未扣款；如您刚刚已付款，款项将原路全额退回。',
  },
  en: {
    buy: 'Buy tickets',
    more: 'One 标准票 more',
    chooseSeats: 'Choose seats',
    // The seat's central name is 4排1座; in English: Row 4 Seat 1.
    seat: (name: string) => new RegExp(`^Row ${/^(\d+)排/u.exec(name)![1]} Seat ${/(\d+)座$/u.exec(name)![1]}, `, 'u'),
    next: 'Next',
    hold: 'Hold seats',
    held: 'Your seats are held',
    payPrompt: /^Pay ¥200\.00 with Alipay/u,
    declined: 'Not enough balance; nothing was charged.',
    showQr: 'Show a QR to scan',
    qrTitle: 'Scan to pay with Alipay',
    qrLabel: 'Alipay payment QR code, amount ¥200.00',
    cancelPayment: 'Cancel payment',
    confirm: 'Cancel the payment and release the seats?',
    yes: 'Yes, cancel',
    keepPaying: 'Keep paying',
    abandoned: 'Payment cancelled',
    abandonedDetail: 'The seats are released. Nothing was charged; if you had just paid, it goes back to you in full.',
  },
};
type Language = keyof typeof WORDS;

/** From the first screen to a held order of two 标准票 on these seats of 1号厅's show, in the language given. */
async function holdTwo(page: Page, language: Language, seats: [string, string]): Promise<void> {
  const w = WORDS[language];
  if (language === 'en') await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: w.buy }).click();
  await page.getByRole('button', { name: new RegExp(shows['1号厅'].filmTitle, 'u') }).click();
  await page.getByRole('button', { name: /1号厅/u }).first().click();
  await page.getByRole('button', { name: w.more, exact: true }).click();
  await page.getByRole('button', { name: w.more, exact: true }).click();
  await page.getByRole('button', { name: w.chooseSeats }).click();
  for (const name of seats) await page.getByRole('button', { name: w.seat(name) }).click();
  await page.getByRole('button', { name: w.next }).click();
  await page.getByRole('button', { name: w.hold }).click();
  await heading(page, w.held).waitFor();
}

/** Wholly on the screen without scrolling: inside the step's scroller as it stands, above the action bar. */
async function expectInView(page: Page, target: Locator, what: string): Promise<void> {
  const at = await box(target);
  const body = await box(page.getByTestId('sale-body'));
  const bar = await box(page.getByTestId('sale-actions'));
  expect(at.y, `${what}: its top is on the screen`).toBeGreaterThanOrEqual(body.y - 0.5);
  expect(at.y + at.height, `${what}: its bottom is above the action bar`).toBeLessThanOrEqual(Math.min(bar.y, body.y + body.height) + 0.5);
}

const bodyScroll = (page: Page) => page.getByTestId('sale-body').evaluate((el) => el.scrollTop);

describe('paying at kiosk sizes', () => {
  const cases: { viewport: { width: number; height: number }; language: Language; seats: [string, string] }[] = [
    { viewport: LANDSCAPE, language: 'zh-CN', seats: ['4排1座', '4排2座'] },
    { viewport: LANDSCAPE, language: 'en', seats: ['4排3座', '4排4座'] },
    { viewport: PORTRAIT, language: 'zh-CN', seats: ['4排5座', '4排6座'] },
    { viewport: PORTRAIT, language: 'en', seats: ['4排7座', '4排8座'] },
  ];
  for (const { viewport, language, seats } of cases) {
    it(`shows both ways to pay at once, the QR whole and readable, and asks before cancelling the payment (${language}, ${named(viewport)})`, async () => {
      const w = WORDS[language];
      const page = await openKiosk(viewport);
      await holdTwo(page, language, seats);
      // The held order: scan the payment code, or show a QR, both in view without scrolling.
      expect(await bodyScroll(page)).toBe(0);
      await expectInView(page, page.getByText(w.payPrompt), 'the payment code prompt');
      await expectInView(page, page.getByRole('button', { name: w.showQr }), 'Show a QR');
      // A declined code: the refusal and both ways to pay again stay in view together.
      await wedgeScan(page, '280000000000000041');
      const refusal = page.getByRole('alert').filter({ hasText: w.declined });
      await refusal.waitFor({ timeout: 15_000 });
      await expectInView(page, refusal, 'the refusal');
      await expectInView(page, page.getByText(w.payPrompt), 'the payment code prompt after a refusal');
      await expectInView(page, page.getByRole('button', { name: w.showQr }), 'Show a QR after a refusal');

      await page.getByRole('button', { name: w.showQr }).click();
      await heading(page, w.qrTitle).waitFor({ timeout: 15_000 });
      const qr = page.getByRole('img', { name: w.qrLabel });
      await qr.waitFor();
      expect(await bodyScroll(page), 'the QR step opens at its top').toBe(0);
      const side = await box(qr);
      expect(side.width).toBeGreaterThanOrEqual(300);
      expect(side.height).toBeGreaterThanOrEqual(300);
      await expectInView(page, qr, 'the QR');
      await expectInView(page, page.getByRole('button', { name: w.cancelPayment }), 'Cancel payment');
      // A phone reads it from what the screen shows: a screenshot of the viewport, decoded, is the QR's own text.
      const drawn = zbar(svgQrToPng(await qr.evaluate((el) => el.outerHTML), join(tempDir('kiosk-qr-svg'), 'qr.png')));
      const shotFile = join(tempDir('kiosk-qr-shot'), 'screen.png');
      writeFileSync(shotFile, await page.screenshot());
      const seen = zbar(shotFile);
      expect(drawn[0]).toMatch(/^https:\/\//u);
      expect(seen).toEqual(drawn);
      // No idle prompt while the customer pays on the phone.
      expect(await page.getByRole('alertdialog').count()).toBe(0);

      // Cancel payment asks first; Keep paying is the safe answer and keeps the QR.
      await page.getByRole('button', { name: w.cancelPayment }).click();
      const question = page.getByRole('group', { name: w.confirm });
      await question.waitFor();
      expect(
        await page
          .getByRole('button', { name: w.keepPaying })
          .evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement),
      ).toBe(true);
      await expectInView(page, page.getByRole('button', { name: w.yes }), 'Yes, cancel');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: w.keepPaying }).click();
      await page.getByRole('button', { name: w.cancelPayment }).waitFor();
      expect(await question.count()).toBe(0);
      expect(await qr.isVisible()).toBe(true);
      // Yes: the payment is cancelled and the screen says so with a title and what it means.
      await page.getByRole('button', { name: w.cancelPayment }).click();
      await page.getByRole('button', { name: w.yes }).click();
      await heading(page, w.abandoned).waitFor({ timeout: 20_000 });
      const detail = page.getByTestId('sale-ended-detail');
      expect(await detail.isVisible()).toBe(true);
      expect((await detail.textContent())?.trim()).toBe(w.abandonedDetail);
      expect(await page.getByTestId('sale-ended-icon').isVisible()).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    }, 120_000);
  }

  it('opens the QR step at its top after the held order was scrolled to its end (1366×768)', async () => {
    const page = await openKiosk(SHORT);
    await holdTwo(page, 'zh-CN', ['4排9座', '4排10座']);
    const body = page.getByTestId('sale-body');
    await body.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    expect(await bodyScroll(page), 'the held order scrolls on a short screen').toBeGreaterThan(0);
    await page.getByRole('button', { name: WORDS['zh-CN'].showQr }).click();
    await heading(page, WORDS['zh-CN'].qrTitle).waitFor({ timeout: 15_000 });
    const qr = page.getByRole('img', { name: WORDS['zh-CN'].qrLabel });
    await qr.waitFor();
    expect(await bodyScroll(page)).toBe(0);
    expect((await box(qr)).y).toBeGreaterThanOrEqual((await box(body)).y - 0.5);
    await page.getByRole('button', { name: WORDS['zh-CN'].cancelPayment }).click();
    await page.getByRole('button', { name: WORDS['zh-CN'].yes }).click();
    await heading(page, WORDS['zh-CN'].abandoned).waitFor({ timeout: 20_000 });
    await page.close();
  }, 90_000);

  it('after paying by the QR, the printed screen opens at its top: take your tickets, the coupon, its pickup number and verify code in view (1280×1024)', async () => {
    const page = await openKiosk(LANDSCAPE);
    await holdTwo(page, 'zh-CN', ['3排1座', '3排2座']);
    await page.getByTestId('sale-body').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.getByRole('button', { name: WORDS['zh-CN'].showQr }).click();
    await page.getByRole('img', { name: WORDS['zh-CN'].qrLabel }).waitFor({ timeout: 15_000 });
    // Scrolled down as a customer might, then the customer pays on the phone.
    await page.getByTestId('sale-body').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    const gateway = new URL(pay.gatewayUrl).origin;
    const waiting = await eventually(
      () => simGet<TradeView[]>(gateway, '/__pay/trades'),
      (all) => all.some((t) => t.status === 'WAIT_BUYER_PAY'),
    );
    const trade = waiting.find((t) => t.status === 'WAIT_BUYER_PAY')!;
    await simSend(gateway, 'POST', `/__pay/trades/${trade.outTradeNo}/pay`);
    await heading(page, '电影票已打印').waitFor({ timeout: 45_000 });
    await page.getByRole('heading', { level: 2, name: '取票凭证' }).waitFor();
    expect(await bodyScroll(page), 'the printed screen opens at its top').toBe(0);
    const takeTickets = page.getByTestId('pay-detail');
    expect(await takeTickets.textContent()).toContain('请取走电影票');
    await expectInView(page, takeTickets, 'take your tickets');
    await expectInView(page, page.getByRole('img', { name: /^取票二维码：/u }), 'the coupon QR');
    await expectInView(page, page.getByTestId('coupon-print-no'), 'the pickup number');
    await expectInView(page, page.getByTestId('coupon-verify-code'), 'the verify code');
    await expectInView(page, page.getByTestId('sale-coupon').getByText('请用手机拍下此二维码', { exact: false }), 'the coupon hint');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  }, 90_000);
});
