import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { axeViolations } from '../support/axe';
import { startOfficeStage, stopStage } from '../support/e2e-stage';
import { searchOffice, signInToOffice } from '../support/office-page';
import { readJson, type HostProcess } from '../support/host-process';
import { eventually, simGet, type SimBookingView } from '../support/sim-control';
import type { uiClient } from '../support/ui-client';
import type { DemoBooking } from '../../electron/simulator/central-sim.state';

/**
 * The box office against a central system that refunds whole bookings only (`central.partialRefunds`
 * false, as seed 003's RefundBooking): the refund dialog says so before the clerk confirms, names the
 * tickets that would go back, and tells where the money goes back.
 */
let host: HostProcess;
let browser: Browser;
let page: Page;
let ui: Awaited<ReturnType<typeof uiClient>>;

beforeAll(async () => {
  ({ host, ui, browser, page } = await startOfficeStage('office-whole-refund', {
    args: ['--demo'],
    config: { central: { partialRefunds: false } },
    viewport: { width: 1400, height: 1200 },
  }));
});
afterAll(() => stopStage({ browser, host }));

/** The test id of what has the focus (in-page code as text: the test's own TypeScript has no DOM types). */
const focusedTestId = (p: Page) => p.evaluate<string>(`document.activeElement?.getAttribute('data-testid') ?? ''`);

describe('refund dialog where central refunds whole bookings only (Chromium)', () => {
  it('one of four printed tickets: the dialog says only the whole booking can go back and which seats, in zh-CN and English; the whole booking then refunds at the counter', async () => {
    const bookings = readJson<DemoBooking[]>(join(host.dataDir, 'demo-bookings.json'));
    const b = bookings.find((x) => x.state === 'unprinted' && x.ticketCount === 4)!;
    expect(await ui('kiosk.collect', { printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({ ok: true, value: { printed: 4 } });
    await signInToOffice(page, host.uiUrl, 'sup1', 'supervisor-pass-1');
    await searchOffice(page, b.printNo, b.printNo);
    await page.getByTestId('select-2').check();
    await page.keyboard.press('Alt+r');
    await page.getByTestId('refund-dialog').waitFor();

    const notice = page.getByTestId('refund-whole-only');
    expect(await notice.textContent()).toContain('中心系统只能整单退票');
    // All four seats, the one chosen among them: they would go back together; the top line names them all too.
    const chosenSeat = (await page.getByTestId('select-2').locator('xpath=ancestor::tr').textContent())!.match(/\d+排\d+座/u)![0];
    const named = (await notice.textContent())!.match(/\d+排\d+座/gu) ?? [];
    expect(named).toHaveLength(4);
    expect(named).toContain(chosenSeat);
    expect(await page.getByTestId('refund-seats').textContent()).toBe(`整单：${named.join('、')}`);
    expect(await page.getByTestId('refund-confirm').isDisabled()).toBe(true);
    expect(await page.getByTestId('refund-money').textContent()).toContain('本柜台');
    expect(await axeViolations(page, { include: '[data-testid="refund-dialog"]' })).toEqual([]);

    // Escape closes it, and the focus is back on the Refund button that opened it.
    await page.keyboard.press('Escape');
    await page.getByTestId('refund-dialog').waitFor({ state: 'detached' });
    expect(await page.evaluate<string | null>(`document.activeElement?.getAttribute('data-testid') ?? null`)).toBe('refund-open');
    await page.getByRole('button', { name: 'English' }).click();
    await page.keyboard.press('Alt+r');
    await page.getByTestId('refund-dialog').waitFor();
    expect(await notice.textContent()).toContain('The central system refunds whole bookings only');

    await page.getByTestId('refund-select-whole').click();
    await notice.waitFor({ state: 'detached' });
    expect(await page.getByTestId('refund-money').textContent()).toContain('paid back here, at this counter');
    await page.getByTestId('reason-text').fill('Change of plans');
    await page.getByTestId('refund-confirm').click();
    await page.getByTestId('refund-result').waitFor();
    const central = await eventually(
      () => simGet<SimBookingView>(host.centralUrl, `/__sim/bookings/${b.bookingNumber}`),
      (v) => v.booking.Tickets.every((t) => t.RefundedStatus === '1'),
    );
    expect(central.booking.Tickets).toHaveLength(4);
  });

  it('at 1366×768, English, an unprinted booking: heading and both buttons reachable; the keyboard goes whole booking → reason → result; the amount is the whole booking from the start; the title follows the online refund', async () => {
    const bookings = readJson<DemoBooking[]>(join(host.dataDir, 'demo-bookings.json'));
    // Left unprinted: its refund goes online, the dialog's longest form.
    const b = bookings.filter((x) => x.state === 'unprinted' && x.ticketCount === 4)[1]!;
    const small = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const p = await small.newPage();
    try {
      await signInToOffice(p, host.uiUrl, 'sup1', 'supervisor-pass-1');
      await p.getByRole('button', { name: 'English' }).click();
      await searchOffice(p, b.printNo, b.printNo);
      await p.getByTestId('select-2').check();
      await p.keyboard.press('Alt+r');
      const dialog = p.getByTestId('refund-dialog');
      await dialog.waitFor();

      // Reachable: scrolled into view, each is inside the viewport and is what a click there would hit.
      const reachable = async (target: Locator) => {
        await target.scrollIntoViewIfNeeded();
        const box = (await target.boundingBox())!;
        const inside = box.y >= 0 && box.y + box.height <= 768 && box.x >= 0 && box.x + box.width <= 1366;
        const hit = await target.evaluate((el) => {
          const r = el.getBoundingClientRect();
          const top = el.ownerDocument.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
          return top !== null && (el === top || el.contains(top));
        });
        return inside && hit;
      };
      const heading = dialog.getByRole('heading', { level: 2 });
      const cancel = dialog.getByRole('button', { name: 'Cancel' });
      expect(await reachable(heading)).toBe(true);
      expect(await reachable(cancel)).toBe(true);
      expect(await reachable(p.getByTestId('refund-confirm'))).toBe(true);
      // The action row stays in view while the panel is at its top.
      await heading.scrollIntoViewIfNeeded();
      expect(await reachable(cancel)).toBe(true);

      // English throughout: the reasons in English only, the seats as the kiosk shows them.
      const reasons = await p.getByTestId('reason-choice').locator('option').allTextContents();
      expect(reasons).toContain('Change of plans');
      expect(reasons.join(' ')).not.toMatch(/\p{Script=Han}/u);
      expect(await p.getByTestId('refund-seats').textContent()).toMatch(/^The whole booking: Row \S+ Seat \S+(, Row \S+ Seat \S+)+$/u);
      expect(await p.getByTestId('refund-whole-only').textContent()).not.toMatch(/\p{Script=Han}/u);

      // The way forward has the focus; the amount already is the whole booking's.
      expect(await focusedTestId(p)).toBe('refund-select-whole');
      const amount = async () => (await p.getByTestId('refund-quote').textContent())!.replace(/\s+/gu, ' ').trim();
      const before = await amount();
      expect(before).toContain('The whole booking:');
      await p.keyboard.press('Enter');
      await p.getByTestId('refund-whole-only').waitFor({ state: 'detached' });
      expect(await focusedTestId(p)).toBe('reason-choice');
      const after = await amount();
      expect(before.slice(before.indexOf('Tickets'))).toBe(after.slice(after.indexOf('Tickets')));
      const total = /refund ¥([\d.]+)/u.exec(after)![1]!;
      expect(Number(total)).toBeGreaterThan(0);

      await p.keyboard.press('Tab');
      await p.keyboard.type('Change of plans');
      await p.keyboard.press('Enter');
      await p.getByTestId('refund-result').waitFor();
      // The form gave way to the result: the focus is on its close button, not on the page behind.
      expect(await focusedTestId(p)).toBe('refund-close');
      expect(await p.getByTestId('refund-result').textContent()).toContain('Refund code');
      expect(await p.getByTestId('refund-amount').textContent()).toBe(`¥${total}`);
      // Online: submitted first, then the title follows the confirmation the progress list shows.
      await p.getByTestId('online-progress').getByText('Refunded').waitFor();
      expect((await p.getByTestId('refund-result-title').textContent())!.trim()).toBe('Refunded');
      expect(await axeViolations(p, { include: '[data-testid="refund-dialog"]' })).toEqual([]);
    } finally {
      await small.close();
    }
  });
});
