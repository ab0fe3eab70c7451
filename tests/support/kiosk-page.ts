import type { Browser, Page } from 'playwright-core';

/** A fresh Chromium context at this size on the kiosk's page, once its first screen shows. */
export async function openKioskPage(browser: Browser, url: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await page.goto(url);
  await page.getByTestId('screen-attract').waitFor();
  return page;
}

/** A kiosk screen's title, by its role. */
export const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

/** A seat by its accessible name: `7排10座，一号厅，可选`. */
export const seat = (page: Page, name: string) => page.getByRole('button', { name: new RegExp(`^${name}，`, 'u') });
