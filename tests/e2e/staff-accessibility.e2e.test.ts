import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { startOfficeStage, stopStage, unprintedDemoBookings } from '../support/e2e-stage';
import { searchOffice, signInToOffice } from '../support/office-page';
import { axeViolations } from '../support/axe';
import { readJson, tempDir, type HostProcess } from '../support/host-process';
import type { uiClient } from '../support/ui-client';
import { eventually } from '../support/sim-control';
import { startVirtualPrinter, type RunningVirtualPrinter } from '../../electron/simulator/virtual-printer';
import type { DemoBooking } from '../../electron/simulator/central-sim.state';
import type { DemoTerminal } from '../../electron/host/demo';
import { PrintServiceClient } from '../../electron/core/print-service/print-service.client';

/**
 * Every box-office and technician screen and dialog, in Chromium: axe-core finds no violation of any impact
 * (WCAG 2.2 A/AA and best practices), the dialogs are named, keep the focus inside, close with Escape and give the
 * focus back; errors say the field and rule in the page's language, and a success is confirmed.
 */
let host: HostProcess;
let browser: Browser;
let page: Page;
let slips: RunningVirtualPrinter;
let ui: Awaited<ReturnType<typeof uiClient>>;
let pick: (tickets: number) => DemoBooking;

/** Axe on the page as it is now: the list must be empty (a failure names each rule and element). */
async function expectNoViolations(screen: string): Promise<void> {
  const found = await axeViolations(page);
  expect(found, `${screen}: ${JSON.stringify(found, null, 1)}`).toEqual([]);
}

// Strings, not functions: the tests compile without the DOM's types.
const focusedTestId = () =>
  page.evaluate<string | undefined>(`document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName`);
const focusInside = (testId: string) =>
  page.evaluate<boolean>(`!!document.querySelector('[data-testid="${testId}"]')?.contains(document.activeElement)`);

beforeAll(async () => {
  const dataDir = tempDir('staff-a11y');
  slips = await startVirtualPrinter({ dir: join(dataDir, 'slip-printer') });
  ({ host, ui, browser, page } = await startOfficeStage('staff-a11y', {
    args: ['--demo'],
    dataDir,
    config: { slipPrinter: { url: slips.url }, printService: { claimTtlSeconds: 3 } },
    viewport: { width: 1440, height: 900 },
  }));
  pick = unprintedDemoBookings(host.dataDir);
});
afterAll(async () => {
  await stopStage({ browser, host });
  await slips?.close();
});

describe('box office: axe, dialogs and errors (Chromium)', () => {
  it('sign-in, and a refused sign-in said in Chinese beside the form', async () => {
    await page.goto(`${host.uiUrl}/office`);
    await page.getByTestId('office-sign-in').waitFor();
    await expectNoViolations('office sign-in');
    await page.getByTestId('office-username').fill('clerk1');
    await page.getByTestId('office-password').fill('wrong-pin');
    await page.getByTestId('office-sign-in-submit').click();
    const error = page.getByTestId('office-sign-in-error');
    await error.getByText('未获授权：用户名或密码错误，或无此权限。').waitFor();
    expect(await page.getByTestId('office-sign-in').textContent()).not.toMatch(/UNAUTHORIZED|wrong name/u);
    await expectNoViolations('office sign-in with its error');
  });

  it('a new sign-in lands on the booking tab with the search box focused; a garbage search says so beside the box', async () => {
    await signInToOffice(page, host.uiUrl, 'sup1', 'supervisor-pass-1');
    expect(await focusedTestId()).toBe('office-query');
    await expectNoViolations('office search');
    await searchOffice(page, 'nonsense!');
    const error = page.getByTestId('office-error');
    await error.waitFor();
    expect(await error.textContent()).not.toMatch(/VALIDATION|NOT_FOUND|invalid input/u);
    await expectNoViolations('office search with its error');
    // The next user of this PC starts on the booking tab, even if the last one left another open.
    await page.keyboard.press('Alt+3');
    await page.getByTestId('shift-report').waitFor();
    await page.getByTestId('office-sign-out').click();
    await signInToOffice(page, host.uiUrl, 'sup1', 'supervisor-pass-1');
    await page.getByTestId('office-search').waitFor();
    expect(await focusedTestId()).toBe('office-query');
  });

  it('the booking panel, its history in words and the refund dialog: named, focus kept inside, Escape closes and gives focus back', async () => {
    const b = pick(2);
    expect(await ui('kiosk.collect', { printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({ ok: true });
    await searchOffice(page, b.printNo);
    await page.getByTestId('booking-panel').waitFor();
    await page.getByTestId('history').locator('summary').click();
    const history = await page.getByTestId('history-table').textContent();
    expect(history).toContain('开始出票');
    expect(history).not.toMatch(/tickets\.claimed|claimId|\{"/u);
    await expectNoViolations('booking panel with history');

    await page.getByTestId('select-1').check();
    await page.getByTestId('refund-open').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /影城退票/u });
    await dialog.waitFor();
    expect(await focusInside('refund-dialog')).toBe(true);
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await focusInside('refund-dialog')).toBe(true);
    }
    await page.keyboard.press('Shift+Tab');
    expect(await focusInside('refund-dialog')).toBe(true);
    await expectNoViolations('refund dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focusedTestId()).toBe('refund-open');

    // The reprint dialog: a refusal (no supervisor named) is said inside it, in Chinese.
    await page.getByTestId('select-1').uncheck();
    await page.getByTestId('select-2').check();
    await page.getByTestId('reprint-open').click();
    const reprint = page.getByRole('dialog', { name: /补打/u });
    await reprint.waitFor();
    await page.getByTestId('approval-username').fill('clerk1');
    await page.getByTestId('approval-password').fill('246810');
    await page.getByTestId('reprint-confirm').click();
    await page
      .getByTestId('reprint-error')
      .getByText(/批准被拒绝/u)
      .waitFor();
    await expectNoViolations('reprint dialog with its refusal');
    await page.keyboard.press('Escape');
    await reprint.waitFor({ state: 'detached' });
  });

  it('in English too: the booking panel and its dialogs', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByTestId('select-1').check();
    await page.getByTestId('refund-open').click();
    await page.getByRole('dialog', { name: /Refund at the cinema/u }).waitFor();
    await expectNoViolations('refund dialog, English');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '中文' }).click();
  });

  it('a refund-slip lookup clears the last result: a forged code never sits beside a valid one', async () => {
    await page.getByTestId('select-1').check();
    await page.getByTestId('refund-open').click();
    await page.getByTestId('refund-confirm').click();
    await page.getByTestId('refund-result').waitFor();
    const code = (await page.getByTestId('refund-code').textContent())!.trim();
    await expectNoViolations('refund dialog, done');
    await page.getByTestId('refund-close').click();
    await searchOffice(page, code);
    await page.getByTestId('refund-verified').waitFor();
    const forged = code.replace(/-(\d{8})-/u, (_: string, id: string) => `-${String(Number(id) + 1).padStart(8, '0')}-`);
    await searchOffice(page, forged);
    await page.getByTestId('office-error').waitFor();
    expect(await page.getByTestId('refund-verified').count()).toBe(0);
    expect(await page.getByTestId('booking-panel').count()).toBe(0);
  });

  it('needs attention, its approval dialog, the shift report and the staff accounts', async () => {
    const b = pick(1);
    const terminal = readJson<DemoTerminal[]>(join(host.dataDir, 'demo-terminals.json'))[1]!;
    const kiosk = new PrintServiceClient({
      baseUrl: host.printServiceUrl,
      terminalId: terminal.terminalId,
      username: terminal.username,
      password: terminal.password,
      timeoutMs: 5_000,
    });
    await kiosk.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: createHash('md5').update(b.verifyCode).digest('hex') });
    await kiosk.close(); // never reports: the claim runs out and the ticket becomes unknown
    await page.keyboard.press('Alt+2');
    const row = page.getByTestId('attention-row').filter({ hasText: b.printNo });
    await eventually(
      async () => {
        await page.getByRole('button', { name: '刷新' }).click();
        return row.count();
      },
      (n) => n === 1,
      15_000,
    );
    expect(await row.getByTestId('attention-detail').textContent()).toMatch(/打印结果不明/u);
    await expectNoViolations('needs attention');
    await row.getByTestId('attention-confirm-printed').click();
    const dialog = page.getByRole('dialog', { name: /确认已出票/u });
    await dialog.waitFor();
    expect(await focusInside('attention-approval-dialog')).toBe(true);
    await expectNoViolations('attention approval dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.keyboard.press('Alt+3');
    await page.getByTestId('report-table').waitFor();
    await expectNoViolations('shift report');

    await page.keyboard.press('Alt+4');
    await page.getByTestId('staff-accounts').waitFor();
    await expectNoViolations('staff accounts');
    // A weak supervisor password is refused beside the form: field and rule, in Chinese.
    await page.getByTestId('staff-new-username').fill('sup2');
    await page.getByTestId('staff-new-role').selectOption('supervisor');
    await page.getByTestId('staff-new-password').fill('123456');
    await page.getByTestId('staff-add-submit').click();
    await page
      .getByTestId('staff-error')
      .getByText(/^密码：/u)
      .waitFor();
    await expectNoViolations('staff accounts with an error');
    await page.getByTestId('staff-new-password').fill('supervisor-pass-2');
    await page.getByTestId('staff-add-submit').click();
    await page.getByTestId('staff-added').getByText('已添加：sup2').waitFor();
  });
});

describe('technician console: axe on every tab (Chromium)', () => {
  it('sign-in and each tab', async () => {
    await page.goto(`${host.uiUrl}/tech`);
    await page.getByTestId('tech-sign-in').waitFor();
    await expectNoViolations('tech sign-in');
    await page.getByTestId('tech-username').fill('tech1');
    await page.getByTestId('tech-password').fill('wrong-password-1');
    await page.getByTestId('tech-sign-in-submit').click();
    await page.getByTestId('tech-error').getByText('用户名或密码错误。').waitFor();
    await expectNoViolations('tech sign-in with its error');
    await page.getByTestId('tech-password').fill('a-long-password-1');
    await page.getByTestId('tech-sign-in-submit').click();
    await page.getByTestId('tech-printer').waitFor();
    await expectNoViolations('tech printer');
    for (const [tab, panel] of [
      ['scanners', 'tech-scanners'],
      ['terminals', 'tech-terminals'],
      ['staff', 'staff-accounts'],
      ['system', 'tech-system'],
    ] as const) {
      await page.getByTestId(`tab-${tab}`).click();
      await page.getByTestId(panel).waitFor();
      if (tab === 'system') await page.getByTestId('log-lines').waitFor();
      await expectNoViolations(`tech ${tab}`);
    }
    // The import box: its error beside it, in the page's language.
    await page.getByTestId('config-import-text').fill('{ not json');
    await page.getByTestId('config-import').click();
    await page.getByTestId('config-import-error').getByText('配置：不是有效的 JSON：请粘贴导出的完整配置').waitFor();
    await page.getByTestId('central-test').click();
    await page.getByTestId('central-result').waitFor();
    await page.getByTestId('reconcile').click();
    await page.getByTestId('reconcile-report').waitFor();
    await expectNoViolations('tech system with results and an import error');
  });
});
