import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { firstRunCode } from './first-run';
import type { uiClient } from './ui-client';

type UiClient = Awaited<ReturnType<typeof uiClient>>;

/** The accounts the box-office tests sign in with: technician tech1 (first run), supervisor sup1, clerk clerk1 (a PIN). */
export async function makeOfficeStaff(ui: UiClient, dataDir: string): Promise<void> {
  expect(await ui('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(dataDir) })).toMatchObject({
    ok: true,
  });
  const tech = await ui('staff.login', { username: 'tech1', password: 'a-long-password-1' });
  const session = tech.ok ? tech.value.session : '';
  await ui('staff.add', { session, username: 'sup1', role: 'supervisor', password: 'supervisor-pass-1' });
  await ui('staff.add', { session, username: 'clerk1', role: 'clerk', password: '246810' });
}

/** Signs in at /office by keyboard alone: the name field has the focus when the page opens. */
export async function signInToOffice(page: Page, uiUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${uiUrl}/office`);
  await page.getByTestId('office-sign-in').waitFor();
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.getByTestId('office-query').waitFor();
}

/** Types into the search box as a keyboard-wedge scanner would (F2 jumps there), then waits for what it should show, if given. */
export async function searchOffice(page: Page, query: string, shows?: string): Promise<void> {
  await page.keyboard.press('F2');
  await page.keyboard.type(query);
  await page.keyboard.press('Enter');
  if (shows !== undefined) await page.getByTestId('booking-panel').getByText(shows).first().waitFor();
}

/** What has the focus now: its accessible name if it has one, else its text. */
export const focusedName = (page: Page) =>
  page.evaluate<string>(
    `(() => { const el = document.activeElement; return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? ''; })()`,
  );

/** Presses Tab until the focused element's name matches (a clerk tabbing through the page), at most 60 times. */
export async function tabTo(page: Page, name: RegExp): Promise<void> {
  for (let i = 0; i < 60; i += 1) {
    await page.keyboard.press('Tab');
    if (name.test(await focusedName(page))) return;
  }
  throw new Error(`Tab never reached ${name}; the focus is on "${await focusedName(page)}"`);
}

/** Presses a key (an arrow on the seat map) until the focused element's name matches, at most 20 times. */
export async function pressUntil(page: Page, key: string, name: RegExp): Promise<void> {
  for (let i = 0; i < 20 && !name.test(await focusedName(page)); i += 1) await page.keyboard.press(key);
}

/** The counter sale's heading (level 2) of a step, in Chinese: `现场售票：<step>`. */
export const saleHeading = (page: Page, name: string) => page.getByRole('heading', { level: 2, name: `现场售票：${name}` });
