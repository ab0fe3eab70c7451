import type { Page } from 'playwright-core';

/** US-layout key codes a wedge scanner sends for the characters of a pickup code, and whether Shift is held. */
const SHIFTED: Record<string, string> = { '|': 'Backslash', ':': 'Semicolon', '?': 'Slash', '&': 'Digit7' };
const PLAIN: Record<string, string> = { '/': 'Slash', '.': 'Period', '=': 'Equal', ',': 'Comma', ';': 'Semicolon', '-': 'Minus' };

function keyOf(char: string): { code: string; key: string; shiftKey: boolean } {
  if (/[A-Z]/u.test(char)) return { code: `Key${char}`, key: char, shiftKey: true };
  if (/[a-z]/u.test(char)) return { code: `Key${char.toUpperCase()}`, key: char, shiftKey: false };
  if (/\d/u.test(char)) return { code: `Digit${char}`, key: char, shiftKey: false };
  if (SHIFTED[char]) return { code: SHIFTED[char], key: char, shiftKey: true };
  if (PLAIN[char]) return { code: PLAIN[char], key: char, shiftKey: false };
  throw new Error(`no wedge key for ${JSON.stringify(char)}`);
}

/**
 * Types like a keyboard-wedge scanner: the key codes, Shift for capitals and symbols, then Enter, all
 * within a few milliseconds. The keys are dispatched inside the page: driven one by one from the test,
 * each key is a round trip, and on a loaded machine they arrive slower than a scanner's and read as a
 * person typing.
 */
export async function wedgeScan(page: Page, text: string): Promise<void> {
  const keys = [...[...text].map(keyOf), { code: 'Enter', key: 'Enter', shiftKey: false }];
  await page.evaluate((all) => {
    // The page's window, typed here without the DOM library (the tests compile for Node).
    const win = globalThis as unknown as { dispatchEvent(e: unknown): void; KeyboardEvent: new (type: string, init: object) => unknown };
    for (const k of all) win.dispatchEvent(new win.KeyboardEvent('keydown', { ...k, bubbles: true, cancelable: true }));
  }, keys);
}
