import { z } from 'zod';

/**
 * Characters that must never reach a printer, a log line or a screen from a string someone else
 * wrote: C0 controls and DEL (ESC/POS commands start with ESC, GS, FS and DLE; a cash-drawer pulse is
 * `DLE DC4 1 0 5`), C1 controls (some printers' single-byte code pages act on them), the Unicode line
 * and paragraph separators (a line break the layout did not make) and the bidi embeddings, overrides
 * and isolates (they make a screen show text in another order than it is stored: "Trojan Source").
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');
/** The whitespace among them: a space keeps the words apart where a tab or line break was. */
const SPACING = /[\t\n\v\f\r\u0085\u2028\u2029]/u;

/** Whether a string holds a control, separator or bidi character (see UNSAFE). */
export function hasUnsafeCharacters(text: string): boolean {
  return UNSAFE.test(text);
}

/**
 * The string as it may be shown or printed: tabs and line breaks become a space, every other unsafe
 * character a visible U+FFFD (�), so that tampering shows rather than vanishing. For strings others
 * supply (central's film titles, a ticket from the print service); strings our own staff type are
 * refused instead (plainText).
 */
export function printableText(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, (c) => (SPACING.test(c) ? ' ' : '\ufffd')) : text;
}

/**
 * Free text staff type (reasons, names): trimmed, `min` to `max` characters, and refused with a
 * VALIDATION error naming `field` when it holds a control, separator or bidi character.
 */
export function plainText(max: number, options: { min?: number; field?: string } = {}) {
  const field = options.field ?? 'text';
  const min = options.min ?? 0;
  return z
    .string()
    .trim()
    .min(min, `${field}: at least ${min} characters`)
    .max(max, `${field}: at most ${max} characters`)
    .refine((v) => !hasUnsafeCharacters(v), `${field}: control characters are not allowed`);
}
