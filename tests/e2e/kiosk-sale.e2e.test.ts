import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningCentralSim } from '../../electron/simulator/central-sim.server';
import type { RunningHost } from '../../electron/host/host';
import { axeViolations } from '../support/axe';
import { startSimHostStage, stopStage } from '../support/e2e-stage';
import { startHostOn } from '../support/external-sim-host';
import { tempDir } from '../support/host-process';
import { heading, openKioskPage, seat } from '../support/kiosk-page';
import { eventually, simGet, simSend, type SimOrderView, type SimSessionView } from '../support/sim-control';

/**
 * The walk-up sale at the kiosk (issue 14), in Chromium against a demo host and the simulator, found by
 * visible text and roles: a customer holds one seat in each area of the two-area hall (1号厅, session
 * 29617), sees the countdown, cancels, and the simulator shows the seats free; a hold left to expire
 * returns its seats; two pages pick the same seat and the second is told which and sees the map
 * reloaded; axe on every sale screen at 1280×1024 and 1080×1920.
 */
let sim: RunningCentralSim;
let host: RunningHost;
let browser: Browser;

const sessions = () => simGet<SimSessionView[]>(sim.baseUrl, '/__sim/sessions');
const orders = () => simGet<SimOrderView[]>(sim.baseUrl, '/__sim/orders');
const session29617 = async () => (await sessions()).find((s) => s.sessionId === '29617')!;

beforeAll(async () => {
  ({ sim, host, browser } = await startSimHostStage('kiosk-sale'));
});
afterAll(() => stopStage({ browser, host, sim }));

const KIOSK = { width: 1280, height: 1024 };
const PORTRAIT = { width: 1080, height: 1920 };

const openKiosk = (viewport = KIOSK, url = host.uiUrl): Promise<Page> => openKioskPage(browser, url, viewport);

/** From the first screen to the seat map of session 29617 with these tickets (by their descriptions). */
async function toSeatMap(page: Page, tickets: string[], check?: (step: string) => Promise<void>): Promise<void> {
  const { filmTitle } = await session29617();
  await page.getByRole('button', { name: '购票' }).click();
  await heading(page, '选择影片').waitFor();
  await check?.('films');
  await page.getByRole('button', { name: new RegExp(filmTitle, 'u') }).click();
  await heading(page, '选择场次').waitFor();
  await check?.('sessions');
  await page.getByRole('button', { name: /1号厅/u }).first().click();
  await heading(page, '选择票类和数量').waitFor();
  for (const description of tickets) await page.getByRole('button', { name: `增加一张 ${description}`, exact: true }).click();
  await check?.('tickets');
  await page.getByRole('button', { name: '选择座位' }).click();
  await heading(page, '选择座位').waitFor();
  await seat(page, '7排10座').waitFor();
  await check?.('seats');
}

describe('the kiosk sale', () => {
  it('holds a seat in each area of the two-area hall, counts down, cancels, and the seats are free again', async () => {
    const before = await session29617();
    const page = await openKiosk();
    await toSeatMap(page, ['标准票', '优选区标准票'], async (step) => {
      if (step !== 'tickets') return;
      // The seed's test vouchers (webTicket 测试用代金券, ¥50 and ¥20) are not for a walk-up customer.
      const offered = await page.getByTestId('ticket-type').locator('.ticket-type-name').allTextContents();
      expect(offered.map((t) => t.replace(/\s+/gu, ' ').trim())).toEqual(['标准票 ¥100.00', '学生票 ¥50.00', '优选区标准票 ¥120.00']);
    });
    await seat(page, '7排10座').click();
    await seat(page, '13排8座').click();
    expect(await seat(page, '7排10座').getAttribute('aria-pressed')).toBe('true');
    expect(await seat(page, '7排10座').getAttribute('aria-label')).toBe('7排10座，一号厅，已选');
    await page.getByRole('button', { name: '下一步' }).click();
    await heading(page, '确认订单').waitFor();
    expect(await page.getByTestId('sale-total').textContent()).toContain('¥220.00');
    await page.getByRole('button', { name: '锁定座位' }).click();
    await heading(page, '座位已为您保留').waitFor();
    const countdown = page.getByRole('timer');
    expect(await countdown.textContent()).toMatch(/座位保留剩余 1[45]:\d\d/u);

    const held = (await orders()).filter((o) => o.state === 'held');
    expect(held).toHaveLength(1);
    expect(held[0]!.seats.map((s) => s.name).sort()).toEqual(['13排8座', '7排10座']);
    // A reference the customer can read out (the end of the UserSessionId), not central's 32 characters.
    const id = held[0]!.userSessionId.toUpperCase();
    expect(await page.getByTestId('order-ref').textContent()).toContain(`订单号：${id.slice(-6, -3)}-${id.slice(-3)}`);
    expect((await page.locator('main, body').first().textContent())?.toUpperCase()).not.toContain(id);
    expect((await session29617()).seats.held).toBe(before.seats.held + 2);

    await page.getByRole('button', { name: '取消订单' }).click();
    await heading(page, '订单已取消，座位已释放。').waitFor();
    const after = await eventually(orders, (all) => all.every((o) => o.state !== 'held'));
    expect(after.find((o) => o.userSessionId === held[0]!.userSessionId)?.state).toBe('cancelled');
    expect((await session29617()).seats).toEqual(before.seats);
    // Back to the first screen by itself.
    await page.getByTestId('screen-attract').waitFor({ timeout: 15_000 });
    await page.close();
  });

  it('returns the seats of a hold left to run out, and says so', async () => {
    // A short hold, at central and in this host's countdown (configuration: sale.holdSeconds).
    await simSend(sim.baseUrl, 'POST', '/__sim/sale-config', { holdSeconds: 4 });
    const shortHold = await startHostOn(sim, tempDir('kiosk-sale-expiry'), { sale: { holdSeconds: 4 } });
    try {
      const before = await session29617();
      const page = await openKiosk(KIOSK, shortHold.uiUrl);
      await toSeatMap(page, ['标准票']);
      await seat(page, '6排10座').click();
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByRole('button', { name: '锁定座位' }).click();
      await heading(page, '座位已为您保留').waitFor();
      expect(await page.getByRole('timer').textContent()).toMatch(/座位保留剩余 0:0[0-4]/u);
      expect((await orders()).filter((o) => o.state === 'held')).toHaveLength(1);
      await heading(page, '保留时间已到，座位已释放。').waitFor({ timeout: 15_000 });
      const after = await eventually(session29617, (s) => s.seats.held === before.seats.held);
      expect(after.seats).toEqual(before.seats);
      expect((await orders()).filter((o) => o.state === 'held')).toEqual([]);
      await page.close();
    } finally {
      await shortHold.stop();
      await simSend(sim.baseUrl, 'POST', '/__sim/sale-config', { holdSeconds: 900 });
    }
  });

  it('stops, and says so, when the showtime passed its sale cut-off while the customer chose', async () => {
    // A show of 3号厅 that started 14 min 20 s ago: on sale for 40 s more (the cut-off is 15 min after the start).
    const created = await simSend<{ sessionId: string; filmTitle: string; saleClosesAtMs: number }>(
      sim.baseUrl,
      'POST',
      '/__sim/sessions',
      {
        startsInSeconds: -(15 * 60 - 40),
        screenName: '3号厅',
        filmIndex: 2,
      },
    );
    // A new host reads the catalogue with the new show in it.
    const late = await startHostOn(sim, tempDir('kiosk-sale-cutoff'));
    try {
      const page = await openKiosk(KIOSK, late.uiUrl);
      await page.getByRole('button', { name: '购票' }).click();
      await page.getByRole('button', { name: new RegExp(created.filmTitle, 'u') }).click();
      await heading(page, '选择场次').waitFor();
      await page.getByRole('region', { name: '今天' }).getByRole('button', { name: /3号厅/u }).first().click();
      await page.getByRole('button', { name: '增加一张 标准票', exact: true }).click();
      await page.getByRole('button', { name: '选择座位' }).click();
      await seat(page, '6排6座').click();
      await page.getByRole('button', { name: '下一步' }).click();
      await heading(page, '确认订单').waitFor();
      const wait = created.saleClosesAtMs + 1500 - Date.now();
      expect(wait).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, wait));
      await page.getByRole('button', { name: '锁定座位' }).click();
      await heading(page, '该场次已停止售票。').waitFor();
      expect(await page.getByRole('button', { name: '锁定座位' }).count()).toBe(0);
      expect((await orders()).filter((o) => o.state === 'held' && o.sessionId === created.sessionId)).toEqual([]);
      await page.getByRole('button', { name: '返回首页' }).click();
      await page.getByTestId('screen-attract').waitFor();
      await page.close();
    } finally {
      await late.stop();
    }
  }, 120_000);

  it('two kiosks pick the same seat: one holds it, the other is told which and sees the map read again', async () => {
    const first = await openKiosk();
    const second = await openKiosk();
    await toSeatMap(first, ['标准票', '标准票']);
    await toSeatMap(second, ['标准票', '标准票']);
    for (const page of [first, second]) {
      await seat(page, '5排5座').click();
      await seat(page, '5排6座').click();
      await page.getByRole('button', { name: '下一步' }).click();
    }
    await first.getByRole('button', { name: '锁定座位' }).click();
    await heading(first, '座位已为您保留').waitFor();
    await second.getByRole('button', { name: '锁定座位' }).click();
    await heading(second, '选择座位').waitFor();
    const alert = second.getByRole('alert');
    expect(await alert.textContent()).toMatch(/5排[56]座.*刚被其他顾客选走/u);
    // The map was read again: the first kiosk's seats show sold, nothing of the second's stays chosen.
    expect(await seat(second, '5排5座').getAttribute('aria-label')).toBe('5排5座，一号厅，已售');
    expect(await seat(second, '5排6座').getAttribute('aria-label')).toBe('5排6座，一号厅，已售');
    expect(await second.getByRole('button', { name: '下一步' }).isDisabled()).toBe(true);
    await first.getByRole('button', { name: '取消订单' }).click();
    await heading(first, '订单已取消，座位已释放。').waitFor();
    await eventually(orders, (all) => all.every((o) => o.state !== 'held'));
    await first.close();
    await second.close();
  });

  it("keeps the customer's other seat when another channel took one, and holds it with a new seat", async () => {
    const page = await openKiosk();
    await toSeatMap(page, ['标准票', '标准票']);
    await seat(page, '4排3座').click();
    await seat(page, '4排4座').click();
    await page.getByRole('button', { name: '下一步' }).click();
    // Another channel sells 4排4座: row index 3 of area 1 (rows 7 to 1), seats numbered right to left (column c is seat 11 − c).
    await simSend(sim.baseUrl, 'POST', '/__sim/sessions/29617/take-seats', { seats: [{ areaNumber: 1, rowIndex: 3, columnIndex: 7 }] });
    expect((await session29617()).seats.byStatus['1']).toBeGreaterThan(0);
    await page.getByRole('button', { name: '锁定座位' }).click();
    await heading(page, '选择座位').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('4排4座');
    expect(await seat(page, '4排3座').getAttribute('aria-pressed')).toBe('true');
    expect(await seat(page, '4排4座').getAttribute('aria-label')).toBe('4排4座，一号厅，已售');
    await seat(page, '4排5座').click();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('button', { name: '锁定座位' }).click();
    await heading(page, '座位已为您保留').waitFor();
    await page.getByRole('button', { name: '取消订单' }).click();
    await heading(page, '订单已取消，座位已释放。').waitFor();
    await page.close();
  });
});

describe('the kiosk sale: accessibility', () => {
  it('speaks English when the customer chose it: seats, hall and steps, and axe finds nothing from the map to the held order', async () => {
    const { filmTitle } = await session29617();
    const page = await openKiosk(PORTRAIT);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Buy tickets' }).click();
    await heading(page, 'Choose a film').waitFor();
    await page.getByRole('button', { name: new RegExp(filmTitle, 'u') }).click();
    // Central's hall and format as central names them, with no translation of ours beside them.
    const show = page.getByRole('button', { name: /1号厅/u }).first();
    expect(await show.textContent()).not.toMatch(/Hall/u);
    await show.click();
    await heading(page, 'Choose tickets').waitFor();
    await page.getByRole('button', { name: 'One 标准票 more', exact: true }).click();
    await page.getByRole('button', { name: 'Choose seats' }).click();
    const first = page.getByRole('button', { name: /^Row 7 Seat 10, /u });
    expect(await first.getAttribute('aria-label')).toBe('Row 7 Seat 10, 一号厅, available');
    expect(await page.getByTestId('seats-left').textContent()).toContain('Choose 1 more seat');
    expect(await axeViolations(page)).toEqual([]);
    await first.click();
    await page.getByRole('button', { name: 'Next' }).click();
    await heading(page, 'Check your order').waitFor();
    expect(await page.getByTestId('sale-summary').textContent()).toContain('Hall: 1号厅');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Hold seats' }).click();
    await heading(page, 'Your seats are held').waitFor();
    expect(await page.getByTestId('order-ref').textContent()).toMatch(/^\s*Order number: [0-9A-F]{3}-[0-9A-F]{3}\s*$/u);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Cancel order' }).click();
    await heading(page, 'The order is cancelled and the seats are released.').waitFor();
    await page.getByRole('button', { name: 'Back to start' }).click();
    await page.getByTestId('screen-attract').waitFor();
    // The first screen (back in the kiosk's language) says it sells as well as collects, in both languages.
    await heading(page, '自助售取票').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await heading(page, 'Tickets').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  }, 120_000);

  it('a sofa tapped with one ticket says it needs two tickets, in English, and axe finds nothing', async () => {
    // A show in 3号厅 (sofa pairs at the back) an hour from now; a new host reads the catalogue with it.
    const created = await simSend<{ sessionId: string; filmTitle: string }>(sim.baseUrl, 'POST', '/__sim/sessions', {
      startsInSeconds: 3600,
      screenName: '3号厅',
      filmIndex: 2,
    });
    const other = await startHostOn(sim, tempDir('kiosk-sale-sofa'));
    try {
      const page = await openKiosk(KIOSK, other.uiUrl);
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('button', { name: 'Buy tickets' }).click();
      await page.getByRole('button', { name: new RegExp(created.filmTitle, 'u') }).click();
      await heading(page, 'Choose a showtime').waitFor();
      await page.getByRole('button', { name: /3号厅/u }).first().click();
      await page.getByRole('button', { name: 'One 标准票 more', exact: true }).click();
      await page.getByRole('button', { name: 'Choose seats' }).click();
      await heading(page, 'Choose your seats').waitFor();
      const sofa = page.getByRole('button', { name: /^Row 8 Seat \d+, .*sofa/u }).first();
      await sofa.click();
      const alert = page.getByRole('alert');
      expect(await alert.textContent()).toBe('This sofa seats 2: it needs 2 tickets. Choose 2 tickets, or pick another seat.');
      expect(await sofa.getAttribute('aria-pressed')).toBe('false');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Back to start' }).click();
      await page.getByTestId('screen-attract').waitFor();
      await page.close();
    } finally {
      await other.stop();
    }
  }, 120_000);

  for (const viewport of [KIOSK, PORTRAIT]) {
    it(`axe finds nothing on any sale screen at ${viewport.width}×${viewport.height}`, async () => {
      const page = await openKiosk(viewport);
      const found: string[] = [];
      const check = async (step: string) => {
        for (const v of await axeViolations(page)) found.push(`${step}: ${v.rule} ${v.targets.join(' ')} ${v.summary}`);
      };
      await check('attract');
      await toSeatMap(page, ['标准票'], check);
      // The action bar stays in view over the map.
      expect(await page.getByRole('button', { name: '下一步' }).isVisible()).toBe(true);
      await seat(page, '7排10座').click();
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
