import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { searchOffice, signInToOffice } from '../support/office-page';
import { readJson, startHostProcess, tempDir, type HostProcess } from '../support/host-process';
import { eventually, simGet, simSend, type SimBookingView } from '../support/sim-control';
import { uiClient } from '../support/ui-client';
import { startVirtualPrinter, type RunningVirtualPrinter, type StoredJob } from '../../electron/simulator/virtual-printer';
import type { DemoBooking } from '../../electron/simulator/central-sim.state';
import type { DemoTerminal } from '../../electron/host/demo';
import { PrintServiceClient } from '../../electron/core/print-service/print-service.client';
import { createHash } from 'node:crypto';
import { firstRunCode } from '../support/first-run';

let host: HostProcess;
let browser: Browser;
let page: Page;
let slips: RunningVirtualPrinter;
let ui: Awaited<ReturnType<typeof uiClient>>;
let bookings: DemoBooking[];
const used = new Set<number>();
/** The booking the clerk refunds one ticket of, and later reprints another. */
let fourTickets: DemoBooking;

function pick(tickets: number): DemoBooking {
  const b = bookings.find((x) => x.state === 'unprinted' && x.ticketCount === tickets && !used.has(x.bookingNumber));
  if (!b) throw new Error(`no unprinted demo booking with ${tickets} tickets`);
  used.add(b.bookingNumber);
  return b;
}

const central = (n: number) => simGet<SimBookingView & { effects: { refundedCents: number } }>(host.centralUrl, `/__sim/bookings/${n}`);
const ticketPrinterJobs = (): StoredJob[] => {
  const dir = join(host.dataDir, 'virtual-printer');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => readJson<StoredJob>(join(dir, f)));
};
const states = async () => page.getByTestId('ticket-state').allTextContents();

beforeAll(async () => {
  const dataDir = tempDir('office-e2e');
  slips = await startVirtualPrinter({ dir: join(dataDir, 'slip-printer') });
  // Online refunds retry half a second apart here (a minute by default); a hung call times out after a second.
  // Claims last 3 s, so that a kiosk that vanishes mid-print leaves an unknown ticket quickly.
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({
      slipPrinter: { url: slips.url },
      office: { onlineRefundRetrySeconds: 0.5, onlineRefundAttempts: 5 },
      central: { requestTimeoutMs: 1_000 },
      printService: { claimTtlSeconds: 3 },
    }),
  );
  host = await startHostProcess(['--demo'], { dataDir });
  bookings = readJson<DemoBooking[]>(join(host.dataDir, 'demo-bookings.json'));
  ui = await uiClient(host.uiUrl);
  expect(await ui('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(dataDir) })).toMatchObject({
    ok: true,
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1200 }, acceptDownloads: true });
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await slips?.close();
});

describe('box office (Chromium against npm run headless -- --demo)', () => {
  it('a technician adds a supervisor and a clerk with a PIN in the console', async () => {
    await page.goto(`${host.uiUrl}/tech`);
    await page.getByTestId('tech-username').fill('tech1');
    await page.getByTestId('tech-password').fill('a-long-password-1');
    await page.getByTestId('tech-sign-in-submit').click();
    await page.getByTestId('tab-staff').click();
    for (const [username, role, secret] of [
      ['sup1', 'supervisor', 'supervisor-pass-1'],
      ['clerk1', 'clerk', '246810'],
    ] as const) {
      await page.getByTestId('staff-new-username').fill(username);
      await page.getByTestId('staff-new-role').selectOption(role);
      await page.getByTestId('staff-new-password').fill(secret);
      await page.getByTestId('staff-add-submit').click();
      await page.getByTestId('staff-row').filter({ hasText: username }).waitFor();
    }
    expect(await page.getByTestId('staff-row').count()).toBe(3);
  });

  it('a clerk refunds one of four printed tickets: the slip prints, central shows that ticket refunded, the others untouched', async () => {
    fourTickets = pick(4);
    expect(await ui('kiosk.collect', { printNo: fourTickets.printNo, verifyCode: fourTickets.verifyCode })).toMatchObject({
      ok: true,
      value: { printed: 4 },
    });
    await signInToOffice(page, host.uiUrl, 'clerk1', '246810');
    await searchOffice(page, fourTickets.printNo, fourTickets.printNo);
    expect(await states()).toEqual(Array(4).fill('已出票'));
    await page.getByTestId('select-2').check();
    await page.keyboard.press('Alt+r');
    await page.getByTestId('refund-dialog').waitFor();
    expect(await page.getByTestId('refund-quote').textContent()).toContain('¥48.00');
    await page.getByTestId('reason-text').fill('顾客改签');
    await page.getByTestId('refund-confirm').click();
    await page.getByTestId('refund-result').waitFor();
    const refundCode = (await page.getByTestId('refund-code').textContent())!.trim();
    expect(refundCode).toMatch(/^RF-\d+-\d{8}-[0-9A-Z]{10}$/u);
    expect(await page.getByTestId('slip-status').textContent()).toContain('凭证已打印');
    await page.getByTestId('refund-close').click();
    expect(await states()).toEqual(['已出票', '已退票', '已出票', '已出票']);

    const slip = (
      await eventually(
        async () => slips.jobs(),
        (j) => j.length > 0,
      )
    ).at(-1)!;
    expect(slip.lines.join('\n')).toContain(refundCode);
    expect(slip.qrPayloads).toEqual([refundCode]);
    const synced = await eventually(
      () => central(fourTickets.bookingNumber),
      (v) => v.effects.refunded === 1,
    );
    expect(synced.booking.Tickets.map((t) => t.RefundedStatus)).toEqual(['0', '1', '0', '0']);
    expect(synced.effects.refundedCents).toBe(4800);

    // The slip's code, scanned back into the search box, is verified.
    await searchOffice(page, refundCode, refundCode);
    await page.getByTestId('refund-verified').waitFor();
  });

  it('a refund after the show started is blocked until a supervisor approves it', async () => {
    const started = await simSend<DemoBooking>(host.centralUrl, 'POST', '/__sim/bookings', {
      sessionId: '29601',
      ticketCount: 2,
      collected: true,
    });
    await searchOffice(page, started.printNo, started.printNo);
    await page.getByTestId('select-1').check();
    await page.keyboard.press('Alt+r');
    await page.getByTestId('refund-late').waitFor();
    await page.getByTestId('refund-confirm').click();
    await page
      .getByTestId('refund-error')
      .getByText(/值班经理批准/u)
      .waitFor();
    expect(await states()).toEqual(['已出票', '已出票']);
    await page.getByTestId('approval-username').fill('sup1');
    await page.getByTestId('approval-password').fill('supervisor-pass-1');
    await page.getByTestId('refund-confirm').click();
    await page.getByTestId('refund-result').waitFor();
    await page.getByTestId('refund-close').click();
    expect(await states()).toEqual(['已退票', '已出票']);
    const synced = await eventually(
      () => central(started.bookingNumber),
      (v) => v.effects.refunded === 1,
    );
    expect(synced.effects.refundedCents).toBe(4500); // late: the booking fee is kept
  });

  it('an online refund of an unprinted booking while RefundBooking hangs, then recovers: exactly one refund at the central side', async () => {
    const unprinted = pick(2);
    await simSend(host.centralUrl, 'POST', '/__sim/faults', { path: 'booking/refund', hang: true, times: 1 });
    await searchOffice(page, unprinted.printNo, unprinted.printNo);
    expect(await states()).toEqual(['未出票', '未出票']);
    await page.keyboard.press('Alt+a'); // the whole booking
    await page.keyboard.press('Alt+r');
    await page.getByTestId('refund-dialog').getByText('线上退款').waitFor();
    expect(await page.getByTestId('refund-quote').textContent()).toContain('¥96.00');
    await page.getByTestId('refund-confirm').click();
    await page.getByTestId('refund-result').getByText('退款已提交').waitFor();
    // Each step stays listed: the unanswered first attempt, the check with central, the refund.
    await page.getByTestId('online-progress').getByText('已退款').waitFor({ timeout: 15_000 });
    const steps = await page.getByTestId('online-progress').locator('li').allTextContents();
    expect(steps.map((s) => s.split(' — ')[0]!.trim())).toEqual([
      '第 1/5 次：发送退款请求',
      '第 1/5 次未获确认，稍后核实重试',
      '第 2/5 次：向中心核实',
      '第 2/5 次：发送退款请求',
      '已退款',
    ]);
    await page.getByTestId('refund-close').click();
    await eventually(states, (s) => s.every((x) => x === '已退票'));
    const view = await central(unprinted.bookingNumber);
    expect(view.effects.refunded).toBe(2);
    expect(view.calls.refund).toBe(1);
    expect(view.effects.refundedCents).toBe(9600);
    await simSend(host.centralUrl, 'DELETE', '/__sim/faults');
  });

  it('a reprint with a supervisor\'s approval prints "REPRINT 1"', async () => {
    await searchOffice(page, fourTickets.printNo, fourTickets.printNo);
    await page.getByTestId('select-3').check();
    const before = ticketPrinterJobs().length;
    await page.keyboard.press('Alt+p');
    await page.getByTestId('reprint-dialog').waitFor();
    await page.getByTestId('approval-username').fill('sup1');
    await page.getByTestId('approval-password').fill('supervisor-pass-1');
    await page.getByTestId('reprint-confirm').click();
    await page.getByTestId('reprint-result').getByText('REPRINT 1').waitFor();
    await page.getByTestId('reprint-close').click();
    const jobs = await eventually(
      async () => ticketPrinterJobs().slice(before),
      (j) => j.some((x) => x.lines.includes('REPRINT 1')),
    );
    expect(jobs.filter((x) => x.lines.includes('REPRINT 1'))).toHaveLength(1);
  });

  it("the shift report's totals match the operations done, on screen, as CSV and as a printed summary", async () => {
    await page.getByTestId('office-sign-out').click();
    await signInToOffice(page, host.uiUrl, 'sup1', 'supervisor-pass-1');
    await page.keyboard.press('Alt+3');
    await page.getByTestId('report-table').waitFor();
    expect(await page.getByTestId('total-printed').textContent()).toBe('4 · ¥192.00');
    expect(await page.getByTestId('total-reprinted').textContent()).toBe('1');
    expect(await page.getByTestId('total-refunded-local').textContent()).toBe('2 · ¥93.00');
    expect(await page.getByTestId('total-refunded-online').textContent()).toBe('2 · ¥96.00');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\r\n');
    expect(csv.at(-1)).toBe('TOTAL,,4,192.00,1,2,93.00,2,96.00,0,0');
    const before = slips.jobs().length;
    await page.getByTestId('report-print').click();
    await page.getByTestId('report-printed').getByText('凭证已打印').waitFor();
    expect(
      (
        await eventually(
          async () => slips.jobs(),
          (j) => j.length > before,
        )
      )
        .at(-1)!
        .lines.join('\n'),
    ).toContain('交班报表 SHIFT REPORT');
  });

  it("needs attention: a ticket a vanished kiosk left unknown is confirmed printed with the supervisor's approval, and central hears of it", async () => {
    const b = pick(1);
    const terminal = readJson<DemoTerminal[]>(join(host.dataDir, 'demo-terminals.json'))[1]!;
    const kiosk = new PrintServiceClient({
      baseUrl: host.printServiceUrl,
      terminalId: terminal.terminalId,
      username: terminal.username,
      password: terminal.password,
      timeoutMs: 5_000,
    });
    expect(
      await kiosk.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: createHash('md5').update(b.verifyCode).digest('hex') }),
    ).toMatchObject({ resultCode: 0 });
    await kiosk.close(); // and never reports a result: the claim runs out and the ticket becomes unknown
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
    await row.getByTestId('attention-confirm-printed').click();
    // Signed in as a supervisor: their own approval, no name to type.
    await page.getByTestId('attention-approval-dialog').waitFor();
    await page.getByTestId('attention-approval-confirm').click();
    await eventually(
      () => row.count(),
      (n) => n === 0,
    );
    await eventually(
      () => central(b.bookingNumber),
      (v) => v.effects.collected === 1,
    );
  });

  it('a failed lookup is said beside the search box in the page language, and the last booking is gone from the screen', async () => {
    await page.keyboard.press('Alt+1');
    await searchOffice(page, fourTickets.printNo, fourTickets.printNo);
    // History in words, in the cinema's time: no internal action names or JSON.
    await page.getByTestId('history').locator('summary').click();
    expect(await page.getByTestId('history-table').textContent()).not.toMatch(/tickets\.|refund\.|\{"/u);
    await page.keyboard.press('F2');
    await page.keyboard.type('RF-1-99999999-AAAAAAAAAA');
    await page.keyboard.press('Enter');
    const error = page.getByTestId('office-error');
    await error.waitFor();
    expect(await error.textContent()).not.toMatch(/[A-Z_]{6,}:|invalid input|not found/u);
    expect(await page.getByTestId('booking-panel').count()).toBe(0);
    await page.getByRole('button', { name: 'English' }).click();
    expect(await error.textContent()).toMatch(/[a-z]{3,}/u);
    await page.getByRole('button', { name: '中文' }).click();
  });
});
