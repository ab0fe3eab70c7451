import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { axeViolations } from '../support/axe';
import { startOfficeStage, stopStage, unprintedDemoBookings } from '../support/e2e-stage';
import { searchOffice, signInToOffice } from '../support/office-page';
import { readJson, type HostProcess } from '../support/host-process';
import { eventually } from '../support/sim-control';
import type { uiClient } from '../support/ui-client';
import type { StoredJob } from '../../electron/simulator/virtual-printer';
import type { DemoBooking } from '../../electron/simulator/central-sim.state';

/**
 * The counter, in Chromium against `npm run headless -- --demo --counter-terminal-id COUNTER-03`: a
 * clerk prints an unprinted booking for the customer standing there, and a supervisor lifts the lock
 * a kiosk put on a pickup number; found by visible text and roles, in the page's default language.
 */
let host: HostProcess;
let browser: Browser;
let page: Page;
let ui: Awaited<ReturnType<typeof uiClient>>;
let pick: (tickets: number) => DemoBooking;
const ticketPrinterJobs = (): StoredJob[] => {
  const dir = join(host.dataDir, 'virtual-printer');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => readJson<StoredJob>(join(dir, f)));
};

/** axe on the counter-print dialog only: the rest of the office page has its own axe test. */
const dialogAxeViolations = () => axeViolations(page, { include: '[data-testid="counter-print-dialog"]' });

beforeAll(async () => {
  ({ host, ui, browser, page } = await startOfficeStage('office-counter-e2e', {
    args: ['--demo', '--counter-terminal-id', 'COUNTER-03'],
    // Three wrong verify codes lock a pickup number at a terminal.
    config: { printService: { limits: { verifyFailures: 3 } } },
    viewport: { width: 1440, height: 900 },
  }));
  pick = unprintedDemoBookings(host.dataDir);
});
afterAll(() => stopStage({ browser, host }));

describe('the counter (Chromium against npm run headless -- --demo)', () => {
  it('a clerk prints an unprinted booking for the customer at the counter: a wrong code is said in the dialog, the right one prints', async () => {
    const b = pick(2);
    await signInToOffice(page, host.uiUrl, 'clerk1', '246810');
    // The counter's own terminal id, not the kiosk's.
    await expect(page.getByTestId('office-user').textContent()).resolves.toContain('COUNTER-03');
    await searchOffice(page, b.printNo, '未出票');
    const jobs = ticketPrinterJobs().length;

    await page.getByRole('button', { name: '柜台出票' }).click();
    const dialog = page.getByRole('dialog', { name: '在柜台打印 2 张未取的票' });
    await dialog.waitFor();
    const code = dialog.getByLabel('验证码（由顾客告知）');
    // The code field has the focus: the clerk types at once.
    await page.keyboard.type('WRONG1');
    await expect(code.inputValue()).resolves.toBe('WRONG1');
    await page.keyboard.press('Enter');
    await dialog.getByRole('alert').getByText('验证码不匹配').waitFor();
    await expect(code.inputValue()).resolves.toBe('');
    expect(await dialogAxeViolations()).toEqual([]);

    await code.fill(b.verifyCode);
    await dialog.getByRole('button', { name: '打印 2 张票' }).click();
    await page.getByRole('heading', { name: '已打印 2 / 2 张' }).waitFor();
    expect(await dialogAxeViolations()).toEqual([]);
    await page.getByRole('button', { name: '关闭' }).click();
    expect(
      await eventually(
        async () => page.getByTestId('ticket-state').allTextContents(),
        (states) => states.length === 2 && states.every((x) => x === '已出票'),
      ),
    ).toEqual(['已出票', '已出票']);
    const job = (
      await eventually(
        async () => ticketPrinterJobs(),
        (j) => j.length > jobs,
      )
    ).at(-1)!;
    expect(job.pieces).toHaveLength(2);
    for (const piece of job.pieces) expect(piece.lines.join('\n')).toContain('COUNTER-03');
    // Nothing left to print: the button is gone.
    await expect(page.getByRole('button', { name: '柜台出票' }).count()).resolves.toBe(0);
  });

  it('a supervisor lifts the lock a kiosk put on a pickup number; a clerk sees it but has no button; the kiosk then collects', async () => {
    const b = pick(1);
    for (let i = 0; i < 3; i += 1) await ui('kiosk.collect', { printNo: b.printNo, verifyCode: `WRONG${i}` });
    expect(await ui('kiosk.collect', { printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({
      ok: false,
      error: { code: 'TOO_MANY_ATTEMPTS' },
    });
    const locked = page.getByTestId('booking-panel').getByText('自助机：此取票号验证码错误次数过多');

    await signInToOffice(page, host.uiUrl, 'clerk1', '246810');
    await searchOffice(page, b.printNo, '自助机：此取票号验证码错误次数过多');
    await expect(locked.textContent()).resolves.toContain('KIOSK-01');
    await expect(page.getByRole('button', { name: '允许自助机重试' }).count()).resolves.toBe(0);

    await signInToOffice(page, host.uiUrl, 'sup1', 'supervisor-pass-1');
    await searchOffice(page, b.printNo, '自助机：此取票号验证码错误次数过多');
    await page.getByRole('button', { name: '允许自助机重试' }).click();
    await locked.waitFor({ state: 'detached' });
    // Who lifted it is in the booking's audit history (tests/integration/office-counter-print.test.ts reads it).

    expect(await ui('kiosk.collect', { printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({
      ok: true,
      value: { total: 1, printed: 1 },
    });
  });
});
