import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningCentralSim } from '../../electron/simulator/central-sim.server';
import type { SimBooking } from '../../electron/simulator/central-sim.state';
import type { RunningHost } from '../../electron/host/host';
import { launchChromium } from '../support/chromium';
import { axeViolations } from '../support/axe';
import { wedgeScan } from '../support/wedge-scan';
import { tempDir } from '../support/host-process';
import { startExternalSim, startHostOn } from '../support/external-sim-host';

/**
 * The customer's flow of issue 12, in Chromium against a host whose printer and central the test
 * controls: the code proven before anything of the booking shows, the ticket screen's Print button in
 * view at every kiosk size, a refusal per reason with its next step, no success for an unknown print,
 * English halls and seats, and every customer starting in the cinema's language.
 */
let sim: RunningCentralSim;
let host: RunningHost;
let browser: Browser;

beforeAll(async () => {
  sim = await startExternalSim();
  host = await startHostOn(sim, tempDir('kiosk-flow'), { printService: { limits: { verifyFailures: 3 } } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await sim?.close();
});

const sizes = [
  { width: 1366, height: 768 },
  { width: 1280, height: 1024 },
  { width: 1920, height: 1080 },
  { width: 1080, height: 1920 },
];

async function openKiosk(viewport = sizes[1]!): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await page.goto(host.uiUrl);
  await page.getByTestId('screen-attract').waitFor();
  return page;
}

async function typeOnKeypad(page: Page, text: string): Promise<void> {
  for (const char of text) await page.getByTestId(`key-${char}`).click();
}

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const booking = (input: Parameters<RunningCentralSim['state']['createBooking']>[0]): SimBooking => sim.state.createBooking(input);
const scanBoth = (page: Page, b: SimBooking) => wedgeScan(page, `${b.bookingNumber}|${b.bookingId}`);

describe('both codes before the booking', () => {
  it('shows nothing of the booking before the code is proven; a wrong code is said at once and only the code is typed again', async () => {
    const b = booking({ ticketCount: 2 });
    const page = await openKiosk();
    await page.getByRole('button', { name: '开始取票' }).click();
    await typeOnKeypad(page, String(b.bookingNumber));
    await page.getByTestId('next').click();
    await heading(page, '请输入验证码').waitFor();
    expect(await page.getByText(`取票号：${b.bookingNumber}`).isVisible()).toBe(true);
    await typeOnKeypad(page, 'WXYZ22');
    await page.getByTestId('next').click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(`验证码与取票号 ${b.bookingNumber} 不符`);
    expect(await page.getByTestId('entry-field').textContent()).toBe('\u00a0');
    expect(await page.locator('body').textContent()).not.toContain(b.session.filmTitle);

    await typeOnKeypad(page, b.bookingId);
    await page.getByTestId('next').click();
    await heading(page, '请确认您的电影票').waitFor();
    expect(await page.getByText(b.session.filmTitle).count()).toBe(1);
    expect(await page.getByTestId('ticket-row').count()).toBe(2);
    expect(await page.getByTestId('total').textContent()).toContain('¥96.00');
    await page.close();
  });

  it('after a scan of the pickup number alone the verify screen names it, and Back keeps what was typed', async () => {
    const b = booking({ ticketCount: 1 });
    const page = await openKiosk();
    await wedgeScan(page, String(b.bookingNumber));
    await heading(page, '请输入验证码').waitFor();
    expect(await page.getByText(`取票号：${b.bookingNumber}`).isVisible()).toBe(true);
    await typeOnKeypad(page, 'AB');
    await page.getByRole('button', { name: '返回' }).click();
    await heading(page, '请输入取票号').waitFor();
    expect(await page.getByTestId('entry-field').textContent()).toBe(String(b.bookingNumber));
    await page.getByTestId('next').click();
    expect(await page.getByTestId('entry-field').textContent()).toBe('AB');
    await page.close();
  });

  it('keypads: digits in the phone layout; the letter pad holds every letter and digit, QWERTY', async () => {
    const page = await openKiosk();
    await page.getByRole('button', { name: '开始取票' }).click();
    const box = async (id: string) => (await page.getByTestId(id).boundingBox())!;
    const [k1, k2, k3, k4, k0] = [await box('key-1'), await box('key-2'), await box('key-3'), await box('key-4'), await box('key-0')];
    expect(k1.y).toBe(k2.y);
    expect(k2.y).toBe(k3.y);
    expect(k4.y).toBeGreaterThan(k1.y);
    expect(k4.x).toBe(k1.x);
    expect(k0.x).toBe(k2.x);
    expect(k0.y).toBeGreaterThan((await box('key-7')).y);
    await typeOnKeypad(page, '1234');
    await page.getByTestId('next').click();
    for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') expect(await page.getByTestId(`key-${c}`).count()).toBe(1);
    const [q, w, a] = [await box('key-Q'), await box('key-W'), await box('key-A')];
    expect([q.y === w.y, q.x < w.x, a.y > q.y]).toEqual([true, true, true]);
    expect(await page.getByText('短信中的字母和数字，例如 WQNX8JL').isVisible()).toBe(true);
    await page.close();
  });
});

describe('the ticket screen fits', () => {
  it('the Print button is in view at every kiosk size for 1, 4 and 12 tickets, with the show named once', async () => {
    const parties = [booking({ ticketCount: 1 }), booking({ ticketCount: 4 }), booking({ ticketCount: 12 })];
    const misses: string[] = [];
    for (const viewport of sizes) {
      const page = await openKiosk(viewport);
      for (const b of parties) {
        await scanBoth(page, b);
        await heading(page, '请确认您的电影票').waitFor();
        expect(await page.getByTestId('ticket-row').count()).toBe(b.tickets.length);
        expect(await page.getByText(b.session.filmTitle).count()).toBe(1);
        const print = page.getByRole('button', { name: `打印 ${b.tickets.length} 张票` });
        const box = await print.boundingBox();
        const inView =
          box !== null && box.y >= 0 && box.x >= 0 && box.y + box.height <= viewport.height && box.x + box.width <= viewport.width;
        if (!inView) misses.push(`${viewport.width}x${viewport.height} ${b.tickets.length} tickets: ${JSON.stringify(box)}`);
        await page.getByRole('button', { name: '取消' }).click();
        await page.getByTestId('screen-attract').waitFor();
      }
      await page.close();
    }
    expect(misses).toEqual([]);
  });
});

describe('the entry screens fit', () => {
  it('Back and Next are in view on both entry screens, also after a wrong code and in accessibility mode, at every kiosk size', async () => {
    const misses: string[] = [];
    const inView = async (page: Page, viewport: { width: number; height: number }, where: string) => {
      for (const id of ['back', 'next']) {
        const box = await page.getByTestId(id).last().boundingBox();
        const seen = box !== null && box.y >= 0 && box.y + box.height <= viewport.height;
        if (!seen) misses.push(`${viewport.width}x${viewport.height} ${where} ${id}: ${JSON.stringify(box)}`);
      }
    };
    for (const viewport of sizes)
      for (const large of [false, true]) {
        const where = large ? 'accessibility mode' : 'standard';
        // A booking each: wrong codes count towards the pickup number's lock.
        const b = booking({ ticketCount: 1 });
        const page = await openKiosk(viewport);
        if (large) await page.getByTestId('accessibility-mode').click();
        await page.getByTestId('start').click();
        await inView(page, viewport, `${where} pickup number`);
        await typeOnKeypad(page, String(b.bookingNumber));
        await page.getByTestId('next').last().click();
        await page.getByTestId('screen-verify-code').waitFor();
        await inView(page, viewport, `${where} verify code`);
        await typeOnKeypad(page, 'WRONG2');
        await page.getByTestId('next').last().click();
        await page.getByTestId('verify-error').waitFor();
        await inView(page, viewport, `${where} wrong code`);
        await page.close();
      }
    expect(misses).toEqual([]);
  });
});

describe('refusals: each its own title and next step, "try again" only where it helps', () => {
  const refused = async (b: SimBooking) => {
    const page = await openKiosk();
    await scanBoth(page, b);
    await page.locator('section[data-screen="refused"]').waitFor();
    const title = await page.getByRole('heading', { level: 1 }).textContent();
    const message = await page.getByTestId('refusal-message').textContent();
    const retry = await page.getByTestId('retry').count();
    return { page, title, message, retry };
  };

  it('already printed, refunded, session over and not yet available', async () => {
    const cases = [
      { b: booking({ ticketCount: 2, collected: true }), title: '电影票已经打印', next: '售票台补打' },
      { b: booking({ ticketCount: 1, refunded: true }), title: '订单已退票', next: '已退款' },
      { b: booking({ ticketCount: 1, sessionId: '29601' }), title: '场次已结束', next: '取票时间已过' },
      { b: booking({ ticketCount: 1, qrPending: true }), title: '电影票尚未出票', next: '5 分钟后再来' },
    ];
    for (const c of cases) {
      const { page, title, message, retry } = await refused(c.b);
      expect([title, message?.includes(c.next), retry]).toEqual([c.title, true, 0]);
      await page.getByRole('button', { name: '返回首页' }).click();
      await page.getByTestId('screen-attract').waitFor();
      await page.close();
    }
  });

  it('too many attempts says for how long and that the box office can help', async () => {
    const b = booking({ ticketCount: 1 });
    const page = await openKiosk();
    for (let i = 0; i < 3; i += 1) {
      await wedgeScan(page, `${b.bookingNumber}|WRONG${i}`);
      await page.getByRole('alert').waitFor();
    }
    await scanBoth(page, b);
    await heading(page, '尝试次数过多').waitFor();
    const message = await page.getByTestId('refusal-message').textContent();
    expect(message).toMatch(/\d+ 分钟后再试/u);
    expect(message).toContain('售票台');
    expect(await page.getByTestId('retry').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('central unreachable offers "try again", which then works', async () => {
    const b = booking({ ticketCount: 1 });
    sim.faults.add({ path: 'RESTBooking.svc/booking', status: 503 });
    const page = await openKiosk();
    try {
      await scanBoth(page, b);
      await heading(page, '售票系统暂时无法连接').waitFor();
    } finally {
      sim.faults.clear();
    }
    await page.getByRole('button', { name: '重试' }).click();
    await heading(page, '请确认您的电影票').waitFor();
    await page.close();
  });

  it('printer not ready sends to the box office before the ticket screen', async () => {
    const b = booking({ ticketCount: 1 });
    host.demo!.printer!.setCondition({ paperOut: true });
    try {
      const { page, title, message, retry } = await refused(b);
      expect([title, message?.includes('售票台'), retry]).toEqual(['打印机暂不可用', true, 0]);
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    } finally {
      host.demo!.printer!.setCondition({ paperOut: false });
    }
  });
});

describe('results and languages', () => {
  it('an unknown print does not say success: it says what happened and sends to the box office', async () => {
    const b = booking({ ticketCount: 2 });
    const page = await openKiosk();
    await scanBoth(page, b);
    await heading(page, '请确认您的电影票').waitFor();
    host.demo!.printer!.setFaults({ paperOutAfterBytes: 700 });
    try {
      await page.getByRole('button', { name: '打印 2 张票' }).click();
      await page.getByTestId('screen-done').waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('打印未完成');
      const text = await page.getByTestId('done-partial').textContent();
      expect(text).toContain('已打印 1 张，共 2 张');
      expect(text).toContain('售票台');
      expect(await page.getByText('取票成功').count()).toBe(0);
    } finally {
      host.demo!.printer!.setFaults({});
      host.demo!.printer!.setCondition({ paperOut: false });
    }
    await page.close();
  });

  it('English shows hall and seat in English and where the tickets come out; the next customer starts in Chinese', async () => {
    const b = booking({ ticketCount: 2 });
    const page = await openKiosk();
    await page.getByRole('button', { name: 'English' }).click();
    await scanBoth(page, b);
    await heading(page, 'Check your tickets').waitFor();
    const hall = /^(\d+)号厅(.*)$/u.exec(b.session.screenName)!;
    expect(await page.getByTestId('show').textContent()).toContain(`Hall ${hall[1]}${hall[2] ? ` ${hall[2].trim()}` : ''}`);
    const seats = await page.getByTestId('ticket-row').allTextContents();
    expect(seats.map((s) => s.split('¥')[0]!.trim())).toEqual(b.tickets.map((t) => `Row ${t.rowId} Seat ${t.seatNumber}`));
    await page.getByRole('button', { name: 'Print 2 tickets' }).click();
    await heading(page, 'Done').waitFor();
    expect(await page.getByTestId('tickets-out').textContent()).toContain('below the screen');
    await page.getByRole('button', { name: 'Finish' }).click();
    await page.getByRole('button', { name: '开始取票' }).waitFor();

    // A refusal's return, too.
    await page.getByRole('button', { name: 'English' }).click();
    await scanBoth(page, b);
    await heading(page, 'Tickets already printed').waitFor();
    await page.getByRole('button', { name: 'Back to start' }).click();
    await page.getByRole('button', { name: '开始取票' }).waitFor();
    await page.close();
  });
});
