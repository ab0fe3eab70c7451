import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { axeViolations, type AxeFinding } from '../support/axe';
import { readJson, startHostProcess, type HostProcess } from '../support/host-process';
import { i18n, type Locale } from '../../renderer/src/i18n';
import type { DemoBooking } from '../../electron/simulator/central-sim.state';

// The customer screens as people who cannot see, hear, hold still or read small grey text meet them:
// axe on every screen at two kiosk sizes and in both themes, the focus on each new screen's heading,
// a whole collection by keyboard alone, every spoken line of a collection in both languages, and the
// idle timeouts (Chromium's clock is driven by the test, so a minute passes at once).

let host: HostProcess;
let browser: Browser;
let bookings: DemoBooking[];
const used = new Set<string>();

beforeAll(async () => {
  host = await startHostProcess(['--demo', '--ui-port', '0', '--print-service-port', '0']);
  bookings = readJson<DemoBooking[]>(join(host.dataDir, 'demo-bookings.json'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

const LANDSCAPE = { width: 1280, height: 1024 };
const PORTRAIT = { width: 1080, height: 1920 };

function pick(state: DemoBooking['state'], tickets?: number): DemoBooking {
  const booking = bookings.find((b) => b.state === state && (tickets === undefined || b.ticketCount === tickets) && !used.has(b.printNo));
  if (!booking) throw new Error(`no demo booking left in state ${state}`);
  used.add(booking.printNo);
  return booking;
}

/** A page from its own context (axe needs one), optionally with a recorder in place of speechSynthesis.speak. */
async function openKiosk(options: { viewport?: { width: number; height: number }; recordSpeech?: boolean; fakeClock?: boolean } = {}) {
  const context = await browser.newContext({ viewport: options.viewport ?? LANDSCAPE });
  const page = await context.newPage();
  if (options.recordSpeech)
    // The volume is a float32 in Chromium: rounded to hundredths as it was set.
    await page.addInitScript(`
      window.spoken = [];
      speechSynthesis.speak = (u) => void window.spoken.push({ text: u.text, lang: u.lang, volume: Math.round(u.volume * 100) / 100 });
      speechSynthesis.cancel = () => undefined;
    `);
  if (options.fakeClock) await page.clock.install();
  await page.goto(host.uiUrl);
  await page.getByTestId('screen-attract').waitFor();
  return { page, close: () => context.close() };
}

/** What the focus is on: an element's tag, test id and text. */
function focused(page: Page): Promise<{ tag: string; testid: string; text: string }> {
  // In-page code as text: the test's own TypeScript has no DOM types.
  return page.evaluate(`(() => {
    const el = document.activeElement;
    return { tag: el?.tagName ?? '', testid: el?.dataset?.testid ?? '', text: el?.textContent?.trim() ?? '' };
  })()`);
}

async function expectHeadingFocused(page: Page): Promise<void> {
  await expect.poll(async () => (await focused(page)).tag).toBe('H1');
  const heading = await page.locator('.kiosk .screen h1').textContent();
  expect((await focused(page)).text).toBe(heading?.trim());
}

async function typeOnKeypad(page: Page, text: string): Promise<void> {
  for (const char of text) await page.getByTestId(`key-${char}`).click();
}

/** Code entry through the real flow, whichever screen the code is judged on (before the tickets or at Print). */
async function enterBooking(page: Page, booking: { printNo: string; verifyCode: string }): Promise<void> {
  await page.getByTestId('start').click();
  await typeOnKeypad(page, booking.printNo.replace(/^0+/u, ''));
  await page.getByTestId('next').click();
  await page.getByTestId('screen-verify-code').waitFor();
  await typeOnKeypad(page, booking.verifyCode);
  await page.getByTestId('next').click();
}

describe('axe on every kiosk screen', () => {
  const findings: Record<string, AxeFinding[]> = {};
  async function check(page: Page, label: string): Promise<void> {
    findings[label] = await axeViolations(page);
  }

  /** Every screen of a collection and each refusal, in one theme at one size. */
  async function visitAll(viewport: { width: number; height: number }, highContrast: boolean): Promise<void> {
    const size = `${viewport.width}x${viewport.height}${highContrast ? ' high-contrast' : ''}`;
    const { page, close } = await openKiosk({ viewport });
    if (highContrast) {
      await page.getByTestId('high-contrast').click();
      await page.getByTestId('accessibility-mode').click();
      expect(await page.evaluate<string[]>('[...document.documentElement.classList].sort()')).toEqual([
        'a11y-large',
        'theme-high-contrast',
      ]);
    }
    await check(page, `${size} attract`);
    await page.getByTestId('language').click();
    await check(page, `${size} attract (English)`);
    await page.getByTestId('language').click();

    const booking = pick('unprinted', 4);
    await page.getByTestId('start').click();
    await expectHeadingFocused(page);
    await check(page, `${size} print-no`);
    await typeOnKeypad(page, booking.printNo.replace(/^0+/u, ''));
    await page.getByTestId('next').click();
    await page.getByTestId('screen-verify-code').waitFor();
    await expectHeadingFocused(page);
    await check(page, `${size} verify-code`);
    await typeOnKeypad(page, booking.verifyCode);
    await page.getByTestId('next').click();
    await page.getByTestId('screen-tickets').waitFor();
    await expectHeadingFocused(page);
    await check(page, `${size} tickets`);

    // Hold the collection's reply, so the printing screen stays long enough to be checked.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/call/kiosk.collect', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByTestId('print').click();
    await page.getByTestId('screen-printing').waitFor();
    await expectHeadingFocused(page);
    await check(page, `${size} printing`);
    release();
    await page.getByTestId('screen-done').waitFor();
    await expectHeadingFocused(page);
    await check(page, `${size} done`);
    await page.unroute('**/api/call/kiosk.collect');
    await page.getByTestId('finish').click();
    await page.getByTestId('screen-attract').waitFor();

    // Each refusal the demo can produce, reached as a customer would.
    const refusals: [string, { printNo: string; verifyCode: string }][] = [
      ['ALREADY_PRINTED', pick('printed')],
      ['REFUNDED', pick('refunded')],
      ['SESSION_OVER', pick('session-over')],
      ['NOT_YET_AVAILABLE', pick('qr-pending')],
      ['PRINT_NO_NOT_FOUND', { printNo: '0000000000999999', verifyCode: 'WXYZ22' }],
      ['VERIFY_CODE_WRONG', { ...bookings.find((b) => b.state === 'unprinted' && b.ticketCount === 2)!, verifyCode: 'WXYZ22' }],
    ];
    // The demo's bookings are used up by earlier sizes: refused ones stay refused, so they may be reused.
    for (const b of bookings) if (b.state !== 'unprinted') used.delete(b.printNo);
    for (const [code, target] of refusals) {
      // By keypad, not a wedge scan: on a loaded machine the keys of a simulated scan come too slowly to be one.
      await enterBooking(page, target);
      const refused = page.locator('[data-testid^="screen-refused-"]');
      const verifyError = page.getByTestId('verify-error');
      await page
        .locator('[data-testid="screen-tickets"], [data-testid^="screen-refused-"], [data-testid="verify-error"]')
        .first()
        .waitFor();
      if (await page.getByTestId('screen-tickets').isVisible()) await page.getByTestId('print').click();
      if (await verifyError.isVisible()) {
        // A wrong code (or a number central does not know: the same answer, so numbers cannot be probed)
        // is said on the verify screen itself, where only the code is typed again.
        expect(['VERIFY_CODE_WRONG', 'PRINT_NO_NOT_FOUND']).toContain(code);
        await check(page, `${size} verify-code wrong (${code})`);
        await page.getByTestId('back').click();
        await page.getByTestId('screen-print-no').waitFor();
        await page.getByTestId('back').click();
      } else {
        await refused.waitFor();
        expect(await refused.getAttribute('data-testid')).toBe(`screen-refused-${code}`);
        await expectHeadingFocused(page);
        await check(page, `${size} refused ${code}`);
        await page.getByTestId('home').click();
      }
      await page.getByTestId('screen-attract').waitFor();
      if (highContrast) {
        await page.getByTestId('high-contrast').click();
        await page.getByTestId('accessibility-mode').click();
      }
    }
    await close();
  }

  it('finds no violation of any impact at 1280×1024, standard theme', async () => {
    await visitAll(LANDSCAPE, false);
  });
  it('finds no violation of any impact at 1080×1920, standard theme', async () => {
    await visitAll(PORTRAIT, false);
  });
  it('finds no violation of any impact at 1280×1024, high contrast and accessibility mode', async () => {
    await visitAll(LANDSCAPE, true);
  });
  it('finds no violation of any impact at 1080×1920, high contrast and accessibility mode', async () => {
    await visitAll(PORTRAIT, true);
  });
  it('finds no violation on the idle prompt, in both themes and sizes', async () => {
    for (const viewport of [LANDSCAPE, PORTRAIT])
      for (const highContrast of [false, true]) {
        const { page, close } = await openKiosk({ viewport, fakeClock: true });
        if (highContrast) await page.getByTestId('high-contrast').click();
        await page.getByTestId('start').click();
        await page.clock.runFor(61_000);
        await page.getByRole('alertdialog', { name: '需要更多时间吗？' }).waitFor();
        await check(page, `${viewport.width}x${viewport.height}${highContrast ? ' high-contrast' : ''} idle prompt`);
        await close();
      }
  });
  it('listed nothing on any screen', () => {
    expect(Object.keys(findings).length).toBeGreaterThanOrEqual(4 * 13 + 4);
    const failing = Object.fromEntries(Object.entries(findings).filter(([, list]) => list.length > 0));
    expect(failing).toEqual({});
  });
});

describe('keyboard alone', () => {
  /** Tab (only forward, wrapping) until the element with this test id has the focus. */
  async function tabTo(page: Page, testid: string): Promise<void> {
    for (let i = 0; i < 80; i += 1) {
      if ((await focused(page)).testid === testid) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${testid}`);
  }
  async function pressKeys(page: Page, text: string): Promise<void> {
    let n = 0;
    for (const char of text) {
      await tabTo(page, `key-${char}`);
      await page.keyboard.press(n++ % 2 === 0 ? 'Enter' : 'Space');
    }
  }

  it('collects a booking with Tab, Enter and Space only; each new screen focuses its heading; Enter on a key types once', async () => {
    const booking = pick('unprinted', 1);
    const { page, close } = await openKiosk();
    await tabTo(page, 'start');
    await page.keyboard.press('Enter');
    await page.getByTestId('screen-print-no').waitFor();
    await expectHeadingFocused(page);

    const number = booking.printNo.replace(/^0+/u, '');
    await pressKeys(page, number);
    // Enter on the last key typed it and did nothing else: the screen did not move on.
    expect(await page.getByTestId('entry-field').textContent()).toBe(number);
    await expect.poll(() => page.getByTestId('screen-print-no').isVisible()).toBe(true);
    await tabTo(page, 'next');
    await page.keyboard.press('Enter');
    await page.getByTestId('screen-verify-code').waitFor();
    await expectHeadingFocused(page);

    await pressKeys(page, booking.verifyCode);
    expect(await page.getByTestId('entry-field').textContent()).toBe(booking.verifyCode);
    await tabTo(page, 'next');
    await page.keyboard.press('Space');
    await page.getByTestId('screen-tickets').waitFor();
    await expectHeadingFocused(page);

    await tabTo(page, 'print');
    await page.keyboard.press('Enter');
    await page.getByTestId('screen-done').waitFor();
    await expectHeadingFocused(page);
    await tabTo(page, 'finish');
    await page.keyboard.press('Enter');
    await page.getByTestId('screen-attract').waitFor();
    await expectHeadingFocused(page);
    await close();
  });
});

describe('speech', () => {
  const t = (locale: Locale, key: string, params: Record<string, unknown> = {}) => i18n.global.t(key, params, { locale });
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

  async function spokenBy(page: Page): Promise<{ text: string; lang: string; volume: number }[]> {
    return page.evaluate<{ text: string; lang: string; volume: number }[]>('window.spoken');
  }

  /** One whole collection with speech on; returns what was spoken, progress lines apart. */
  async function collectWithSpeech(locale: Locale, privateListening: boolean) {
    const booking = pick('unprinted', 1);
    const { page, close } = await openKiosk({ recordSpeech: true });
    if (locale === 'en') await page.getByTestId('language').click();
    await page.getByTestId(privateListening ? 'private' : 'audio').click();
    await page.getByTestId('volume-down').click();
    await enterBooking(page, booking);
    await page.getByTestId('screen-tickets').waitFor();
    await page.getByTestId('print').click();
    await page.getByTestId('screen-done').waitFor();
    await expect.poll(async () => (await spokenBy(page)).at(-1)?.text).toBe(t(locale, 'done.take', { n: 1 }));
    await page.getByTestId('finish').click();
    await page.getByTestId('screen-attract').waitFor();
    // The next customer starts silent: Finish turned speech off.
    expect(await page.getByTestId('audio').getAttribute('aria-pressed')).toBe('false');
    await page.getByTestId('language').click();
    const spoken = await spokenBy(page);
    await close();
    const progress = new RegExp(`^${escape(t(locale, 'a11y.say.progress', { done: 1, total: 1 }))}$`, 'u');
    return { all: spoken, screens: spoken.filter((u) => !progress.test(u.text)), progress: spoken.filter((u) => progress.test(u.text)) };
  }

  function expectedLines(locale: Locale) {
    const lang = locale === 'en' ? 'en-GB' : 'zh-CN';
    const attract = t(locale, 'a11y.say.attract', { title: t(locale, 'app.title'), hint: t(locale, 'attract.hint') });
    return {
      lang,
      lines: [
        `${t(locale, 'a11y.say.on')} ${attract}`,
        t(locale, 'a11y.volume', { n: 80 }),
        t(locale, 'a11y.say.printNo', { title: t(locale, 'entry.printNoTitle') }),
        t(locale, 'a11y.say.verifyCode', { title: t(locale, 'entry.verifyTitle') }),
        t(locale, 'a11y.say.tickets', { title: t(locale, 'tickets.title'), n: 1 }),
        t(locale, 'a11y.say.printing', { title: t(locale, 'printing.title') }),
        t(locale, 'done.take', { n: 1 }),
      ],
    };
  }

  it('speaks every prompt, the progress and the result of a collection in English, at the volume chosen, then stops', async () => {
    const { all, screens, progress } = await collectWithSpeech('en', false);
    const { lang, lines } = expectedLines('en');
    expect(screens.map((u) => u.text)).toEqual(lines);
    expect(new Set(all.map((u) => u.lang))).toEqual(new Set([lang]));
    expect(all.slice(1).every((u) => u.volume === 0.8)).toBe(true);
    expect(all[0]!.volume).toBe(1);
    // Progress (its event may come after the reply) is only ever said while printing.
    for (const p of progress) expect(all.indexOf(p)).toBeGreaterThan(all.findIndex((u) => u.text === lines[5]));
  });

  it('speaks the same collection in Chinese, with the booking details in headphone-only mode', async () => {
    const { all, screens } = await collectWithSpeech('zh-CN', true);
    const { lang, lines } = expectedLines('zh-CN');
    expect(new Set(all.map((u) => u.lang))).toEqual(new Set([lang]));
    const texts = screens.map((u) => u.text);
    // Headphones only: the tickets line goes on with film, time, hall and seats (only the wearer hears them).
    expect(texts[4]).toMatch(new RegExp(`^${escape(lines[4]!)} .+，\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d，影厅 .+，座位 .+。$`, 'u'));
    expect([...texts.slice(0, 4), ...texts.slice(5)]).toEqual([...lines.slice(0, 4), ...lines.slice(5)]);
  });

  it('announces a refusal in the assertive live region, and speaks it', async () => {
    const { page, close } = await openKiosk({ recordSpeech: true });
    await page.getByTestId('language').click();
    await page.getByTestId('audio').click();
    const printed = bookings.find((b) => b.state === 'printed')!;
    await enterBooking(page, printed);
    await page.getByTestId('screen-refused-ALREADY_PRINTED').waitFor();
    const line = t('en', 'a11y.say.refusal', { title: t('en', 'errors.title'), message: t('en', 'errors.ALREADY_PRINTED') });
    await expect.poll(() => page.getByTestId('live-assertive').textContent()).toBe(line);
    expect((await spokenBy(page)).at(-1)).toEqual({ text: line, lang: 'en-GB', volume: 1 });
    await page.getByTestId('audio').click();
    await close();
  });
});

describe('timeouts', () => {
  it('warns for 20 s, gives more time on Enter, keeps typed keys from the screen behind, then returns to the start', async () => {
    const { page, close } = await openKiosk({ fakeClock: true });
    await page.getByTestId('start').click();
    await page.clock.runFor(59_000);
    expect(await page.getByTestId('idle-prompt').count()).toBe(0);
    await page.clock.runFor(1_000);
    const dialog = page.getByRole('alertdialog', { name: '需要更多时间吗？' });
    await dialog.waitFor();
    expect(await page.getByTestId('idle-left').textContent()).toContain('20');
    expect((await focused(page)).testid).toBe('more-time');
    // Focus stays in the dialog; a digit typed now does not go into the pickup-number field behind it.
    await page.keyboard.press('Tab');
    expect((await focused(page)).testid).toBe('more-time');
    await page.keyboard.press('5');
    expect((await page.getByTestId('entry-field').textContent())?.trim()).toBe('');
    await page.clock.runFor(19_000);
    expect(await dialog.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('idle-prompt').count()).toBe(0);
    expect(await page.getByTestId('screen-print-no').isVisible()).toBe(true);
    expect((await page.getByTestId('entry-field').textContent())?.trim()).toBe('');

    // Escape gives more time too; left alone, the kiosk goes back to the start.
    await page.clock.runFor(61_000);
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('idle-prompt').count()).toBe(0);
    // A tap anywhere on the dialog's backdrop counts as being there, too.
    await page.clock.runFor(61_000);
    await dialog.waitFor();
    await page.mouse.click(20, 600);
    await expect.poll(() => page.getByTestId('idle-prompt').count()).toBe(0);
    expect(await page.getByTestId('screen-print-no').isVisible()).toBe(true);
    await page.clock.runFor(61_000);
    await dialog.waitFor();
    await page.clock.runFor(21_000);
    await page.getByTestId('screen-attract').waitFor();
    await close();
  });

  it('doubles every timeout and enlarges the text in accessibility mode, which ends with the customer', async () => {
    const { page, close } = await openKiosk({ fakeClock: true });
    const rootFontSize = () => page.evaluate<string>('getComputedStyle(document.documentElement).fontSize');
    expect(await rootFontSize()).toBe('22px');
    await page.getByTestId('accessibility-mode').click();
    expect(await page.getByTestId('accessibility-mode').getAttribute('aria-pressed')).toBe('true');
    expect(await rootFontSize()).toBe('28px');
    await page.getByTestId('start').click();
    await page.clock.runFor(119_000);
    expect(await page.getByTestId('idle-prompt').count()).toBe(0);
    await page.clock.runFor(1_000);
    await page.getByTestId('idle-prompt').waitFor();
    expect(await page.getByTestId('idle-left').textContent()).toContain('40');
    await page.clock.runFor(38_000);
    expect(await page.getByTestId('idle-prompt').isVisible()).toBe(true);
    await page.clock.runFor(2_000);
    await page.getByTestId('screen-attract').waitFor();
    // The next customer gets the standard timeouts and text size.
    expect(await page.getByTestId('accessibility-mode').getAttribute('aria-pressed')).toBe('false');
    expect(await rootFontSize()).toBe('22px');
    await close();
  });
});

describe('high contrast', () => {
  /** Non-text contrast (WCAG 1.4.11), computed from the rendered colours: each enabled button's border against the page. */
  function borderRatios(page: Page) {
    return page.evaluate<{ id: string; ratio: number; width: number }[]>(`(() => {
      const lum = (c) => {
        const [r, g, b] = (c.match(/\\d+(\\.\\d+)?/gu) ?? []).slice(0, 3).map((v) => {
          const s = Number(v) / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const ratio = (a, b) => {
        const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
        return (hi + 0.05) / (lo + 0.05);
      };
      const pageColour = getComputedStyle(document.documentElement).backgroundColor;
      return [...document.querySelectorAll('.kiosk button:not(:disabled)')].map((b) => ({
        id: b.dataset.testid,
        ratio: Math.round(ratio(getComputedStyle(b).borderTopColor, pageColour) * 10) / 10,
        width: parseFloat(getComputedStyle(b).borderTopWidth),
      }));
    })()`);
  }

  it('switches the theme from any screen; in both themes every control has a border of 3:1 or more against the page', async () => {
    const { page, close } = await openKiosk();
    await page.getByTestId('start').click();
    await page.getByTestId('screen-print-no').waitFor();
    for (const theme of ['standard', 'high-contrast']) {
      const ratios = await borderRatios(page);
      expect(ratios.length).toBeGreaterThan(10);
      for (const r of ratios) expect({ theme, ...r, ok: r.ratio >= 3 && r.width >= 2 }).toEqual({ theme, ...r, ok: true });
      if (theme === 'standard') await page.getByTestId('high-contrast').click();
    }
    expect(await page.getByTestId('high-contrast').getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate<string>('getComputedStyle(document.documentElement).backgroundColor')).toBe('rgb(0, 0, 0)');
    await page.getByTestId('high-contrast').click();
    expect(await page.evaluate<boolean>("document.documentElement.classList.contains('theme-high-contrast')")).toBe(false);
    await close();
  });
});
