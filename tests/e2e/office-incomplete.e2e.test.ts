import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations } from '../support/axe';
import { startOfficeStage, stopStage } from '../support/e2e-stage';
import { searchOffice, signInToOffice } from '../support/office-page';
import type { HostProcess } from '../support/host-process';
import { simSend } from '../support/sim-control';
import type { uiClient } from '../support/ui-client';
import type { DemoBooking } from '../../electron/simulator/central-sim.state';

/**
 * A booking whose ticket data lacks a seat number (`9排座`): the kiosk printed nothing and sent the customer
 * to the box office. The clerk's attention list says what is lacking in words and what to do; the booking
 * view marks the ticket and offers no counter print that could not succeed, only the refund.
 */
let host: HostProcess;
let browser: Browser;
let page: Page;
let ui: Awaited<ReturnType<typeof uiClient>>;
let booking: DemoBooking;

beforeAll(async () => {
  ({ host, ui, browser, page } = await startOfficeStage('office-incomplete', { args: ['--demo'], viewport: { width: 1366, height: 768 } }));
  booking = await simSend<DemoBooking>(host.centralUrl, 'POST', '/__sim/bookings', {
    seats: [
      { rowId: '9', seatNumber: '10' },
      { rowId: '9', seatNumber: '' },
    ],
  });
  expect(await ui('kiosk.collect', { printNo: booking.printNo, verifyCode: booking.verifyCode })).toMatchObject({
    ok: false,
    error: { code: 'TICKET_INCOMPLETE' },
  });
  await signInToOffice(page, host.uiUrl, 'clerk1', '246810');
});
afterAll(() => stopStage({ browser, host }));

describe('a booking with incomplete ticket data at the box office (Chromium)', () => {
  it('the attention list names the lacking field in words and the next step, in zh-CN and English', async () => {
    await page.keyboard.press('Alt+2');
    const detail = page.getByTestId('attention-row').filter({ hasText: booking.printNo }).getByTestId('attention-detail');
    await detail.waitFor();
    const zh = (await detail.textContent())!;
    expect(zh).toContain('票面缺少座位');
    expect(zh).toContain('请在影院自己的系统中出票');
    expect(zh).not.toMatch(/seatName/u);
    expect(await axeViolations(page, { include: '[data-testid="attention"]' })).toEqual([]);

    await page.getByRole('button', { name: 'English' }).click();
    const en = (await detail.textContent())!;
    expect(en).toMatch(/lacks the seat \((1 attempt|[2-9]\d* attempts)\)/u);
    expect(en).toContain("Print the tickets from the cinema's own system, or refund them");
    expect(en).not.toMatch(/seatName|1 attempts/u);
  });

  it('the booking view marks the seat, says why nothing prints here, offers no counter print, and keeps the refund', async () => {
    await page.keyboard.press('Alt+1');
    // In English, whether or not the test above ran first.
    if ((await page.getByRole('button', { name: 'English' }).count()) > 0) await page.getByRole('button', { name: 'English' }).click();
    await searchOffice(page, booking.printNo, booking.printNo);
    const panel = page.getByTestId('booking-panel');
    expect(await panel.getByTestId('booking-incomplete').textContent()).toContain(
      'lacks the seat: these tickets cannot print here or at a kiosk',
    );
    expect(await panel.getByTestId('seat-incomplete').count()).toBe(1);
    expect(await page.getByTestId('ticket-2').getByTestId('seat-incomplete').textContent()).toContain('seat incomplete');
    expect(await panel.getByTestId('counter-print-open').count()).toBe(0);
    await page.keyboard.press('Alt+a');
    expect(await panel.getByTestId('refund-open').isEnabled()).toBe(true);
    const findings = await axeViolations(page, { include: '[data-testid="booking-panel"]' });
    expect(findings.map((f) => `${f.rule}: ${f.targets.join(' ')}`)).toEqual([]);
  });
});
