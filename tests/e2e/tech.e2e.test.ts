import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SerialPort } from 'serialport';
import { launchChromium } from '../support/chromium';
import { axeViolations } from '../support/axe';
import { wedgeScan } from '../support/wedge-scan';
import { startHostProcess, tempDir, type HostProcess } from '../support/host-process';
import { startSocat } from '../support/socat';
import { startVirtualPrinter, type RunningVirtualPrinter } from '../../electron/simulator/virtual-printer';
import { firstRunCode } from '../support/first-run';

let host: HostProcess;
let browser: Browser;
let page: Page;
let tcpPrinter: RunningVirtualPrinter;
const dir = tempDir('tech-e2e');

beforeAll(async () => {
  host = await startHostProcess(['--demo']);
  tcpPrinter = await startVirtualPrinter({ dir: join(dir, 'second-printer') });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await tcpPrinter?.close();
});

describe('technician console (Chromium against npm run headless -- --demo)', () => {
  it('first run: creates the first technician (no default password) with the one-time code from the console, and signs in', async () => {
    const code = firstRunCode(host.dataDir);
    expect(host.stdout()).toContain(`FIRST-RUN CODE ${code}`);
    await page.goto(`${host.uiUrl}/tech`);
    await page.getByTestId('tech-sign-in').waitFor();
    expect(await page.getByTestId('tech-sign-in').textContent()).toMatch(/第一位技术员|first technician/u);
    // As at /office, the first field has the focus: here the one-time code.
    await expect.poll(() => page.evaluate(`document.activeElement?.getAttribute('data-testid') ?? ''`)).toBe('tech-setup-code');
    await page.getByTestId('tech-username').fill('tech1');
    await page.getByTestId('tech-password').fill('a-long-password-1');
    // Without the code (all that whoever reaches the UI port has), setup is refused beside the code's field.
    await page.getByTestId('tech-setup-code').fill('0000-0000-0000');
    await page.getByTestId('tech-sign-in-submit').click();
    await page.getByTestId('tech-setup-code-error').waitFor();
    expect(await page.getByTestId('tech-setup-code').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('tech-setup-code').fill(code);
    await page.getByTestId('tech-sign-in-submit').click();
    await page.getByTestId('tech-printer').waitFor();
  });

  it('adds a TCP printer, prints a test page with its preview, and sees paper-out appear when it runs out', async () => {
    await page.getByTestId('printer-url').fill(tcpPrinter.url);
    await page.getByTestId('printer-save').click();
    await page.getByTestId('printer-test-page').click();
    await page
      .getByTestId('test-page-result')
      .getByText(/测试页已打印|Test page printed/u)
      .waitFor();
    await page.getByTestId('printer-preview').waitFor();
    await expect.poll(() => tcpPrinter.jobs().length).toBe(1);
    expect(tcpPrinter.jobs()[0]!.lines.join('\n')).toContain('打印测试页');

    tcpPrinter.setCondition({ paperOut: true });
    await page
      .getByTestId('printer-status')
      .getByText(/缺纸|Paper out/u)
      .waitFor({ timeout: 10_000 });
    tcpPrinter.setCondition({ paperOut: false });
    await page
      .getByTestId('printer-status')
      .getByText(/就绪|Ready/u)
      .waitFor({ timeout: 10_000 });
  });

  it('adds a serial scanner and sees a live scan with its meaning', async () => {
    const device = join(dir, 'ttyTECHSCAN');
    const feeder = join(dir, 'ttyTECHFEED');
    const pair = await startSocat(`pty,raw,echo=0,link=${device}`, `pty,raw,echo=0,link=${feeder}`, [device, feeder]);
    try {
      await page.getByTestId('tab-scanners').click();
      await page.getByTestId('scanner-path').fill(device);
      await page.getByTestId('scanner-add').click();
      await page
        .getByTestId('scanner-row')
        .getByText(/已连接|connected/u)
        .waitFor({ timeout: 10_000 });
      const port = new SerialPort({ path: feeder, baudRate: 9600 });
      await new Promise<void>((resolve, reject) => port.once('open', resolve).once('error', reject));
      await new Promise<void>((resolve) => port.write('111972|WQNX8JL\r', () => port.drain(() => resolve())));
      await page.getByTestId('scan-row').first().getByText('0000000000111972 / WQNX8JL').waitFor({ timeout: 10_000 });
      await new Promise<void>((resolve) => port.close(() => resolve()));
    } finally {
      await pair.stop();
    }
  });

  it('shows a keyboard-wedge scan in the live scans, as the kiosk decodes it', async () => {
    await page.getByTestId('tab-scanners').click();
    await page.getByTestId('tech-scanners').waitFor();
    await wedgeScan(page, '111973|ABCD2345');
    const row = page.getByTestId('scan-row').first();
    await row.getByText('0000000000111973 / ABCD2345').waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toMatch(/键盘扫描枪|keyboard scanner/u);
  });

  it('refuses a serial port this machine does not have, beside the port field, in the page language', async () => {
    await page.getByTestId('scanner-path').fill(join(dir, 'ttyNOSUCH'));
    await page.getByTestId('scanner-add').click();
    const error = page.getByTestId('scanner-path-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('扫描枪端口：本机没有这个串口');
    expect(await page.getByTestId('scanner-path').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('tech-scanners').textContent()).not.toMatch(/VALIDATION|invalid input/u);
    await page.getByRole('button', { name: 'English' }).click();
    await error.getByText('Scanner port: this computer has no such serial port').waitFor();
    await page.getByRole('button', { name: '中文' }).click();
  });

  it('refuses a printer address beside its field with the format, then confirms a save', async () => {
    await page.getByTestId('tab-printer').click();
    await page.getByTestId('printer-url').fill('lpt1');
    await page.getByTestId('printer-save').click();
    const error = page.getByTestId('printer-url-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('打印机连接：格式为 tcp://主机:端口');
    expect(await page.getByTestId('tech-printer').textContent()).not.toMatch(/VALIDATION|invalid input/u);
    // It stays while the status is polled (every 1.5 s), until the save succeeds.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await error.isVisible()).toBe(true);
    await page.getByTestId('printer-url').fill(tcpPrinter.url);
    await page.getByTestId('printer-save').click();
    await page.getByTestId('printer-saved').getByText('已保存并应用').waitFor();
    expect(await error.count()).toBe(0);
  });

  it('diagnostics show log lines as time, level and message, not raw JSON', async () => {
    await page.getByTestId('tab-system').click();
    await page.getByTestId('log-lines').waitFor();
    const lines = page.getByTestId('log-line');
    expect(await lines.count()).toBeGreaterThan(0);
    const text = await page.getByTestId('log-lines').textContent();
    expect(text).not.toMatch(/"level":|"msg":|"time":\d/u);
    expect(await lines.first().locator('td').nth(0).textContent()).toMatch(/^\d{2}:\d{2}:\d{2}$/u);
    expect(await lines.first().locator('td').nth(1).textContent()).toMatch(/^(信息|警告|错误|调试|跟踪|严重)$/u);
  });

  it('exports the configuration without secrets, and tests the central connection', async () => {
    await page.getByTestId('tab-system').click();
    await page.getByTestId('central-test').click();
    await page
      .getByTestId('central-result')
      .getByText(/可连接|reachable/u)
      .waitFor();
    await page.getByTestId('reconcile').click();
    await page.getByTestId('reconcile-report').waitFor();
    await page.getByTestId('config-export').click();
    const exported = await page.getByTestId('config-exported').textContent();
    expect(exported).toContain(tcpPrinter.url);
    expect(exported).not.toMatch(/connectApiToken|"password"/u);
  });

  it('System: the central form and the ticket source show before any test; the ticket source tests', async () => {
    // A fresh sign-in: nothing was tested on this page yet.
    const context = await browser.newContext({ viewport: { width: 1280, height: 1024 } });
    const fresh = await context.newPage();
    try {
      await fresh.goto(`${host.uiUrl}/tech`);
      await fresh.getByTestId('tech-sign-in').waitFor();
      await expect.poll(() => fresh.evaluate(`document.activeElement?.getAttribute('data-testid') ?? ''`)).toBe('tech-username');
      await fresh.keyboard.type('tech1');
      await fresh.getByTestId('tech-password').fill('a-long-password-1');
      await fresh.keyboard.press('Enter');
      await fresh.getByTestId('tab-system').click();
      await fresh.getByTestId('central-form').waitFor();
      expect(await fresh.getByTestId('central-result').count()).toBe(0);
      await expect.poll(() => fresh.getByTestId('central-url').inputValue()).toMatch(/^http:\/\/127\.0\.0\.1:\d+/u);
      expect(await fresh.getByTestId('ticket-source').textContent()).toMatch(/中心售票系统|Central booking system/u);
      await fresh.getByTestId('ticket-source-test').click();
      await fresh
        .getByTestId('ticket-source-result')
        .getByText(/可连接|reachable/u)
        .waitFor();
      expect(await axeViolations(fresh, { include: '[data-testid="tech-system"]' })).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('Staff: the last active technician cannot be disabled, and the page says why instead of offering it', async () => {
    await page.getByTestId('tab-staff').click();
    const toggle = page.getByTestId('staff-toggle-tech1');
    await toggle.waitFor();
    expect(await toggle.isDisabled()).toBe(true);
    expect(await page.getByTestId('staff-last-technician').textContent()).toMatch(/最后一位在用的技术员|last active technician/u);
  });
});
