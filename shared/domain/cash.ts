/**
 * Cash at the counter: the change due for an amount tendered, in integer cents. The clerk types what
 * the customer hands over; less than the total, or a value that is not whole cents, is refused.
 */
export type CashTender =
  | { ok: true; totalCents: number; tenderedCents: number; changeCents: number }
  | { ok: false; reason: 'not-cents' | 'too-little' | 'too-much'; shortCents?: number };

/** Far beyond any cinema order: a typo (an extra zero or two) is caught before the drawer opens. */
export const MAX_TENDER_OVER_TOTAL_CENTS = 100_000;

const isCents = (value: number) => Number.isSafeInteger(value) && value >= 0;

/** The change due when `tenderedCents` is handed over for `totalCents`. */
export function cashTender(totalCents: number, tenderedCents: number): CashTender {
  if (!isCents(totalCents) || !isCents(tenderedCents)) return { ok: false, reason: 'not-cents' };
  if (tenderedCents < totalCents) return { ok: false, reason: 'too-little', shortCents: totalCents - tenderedCents };
  if (tenderedCents - totalCents > MAX_TENDER_OVER_TOTAL_CENTS) return { ok: false, reason: 'too-much' };
  return { ok: true, totalCents, tenderedCents, changeCents: tenderedCents - totalCents };
}

/** Yuan as a clerk types it (`50`, `50.5`, `50.50`) to cents; undefined for anything else. */
export function parseYuanInput(text: string): number | undefined {
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/u.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** The notes a customer hands over at a Chinese counter (yuan): the quick buttons round up to them. */
const NOTES_YUAN = [10, 20, 50, 100] as const;

/**
 * The amounts a customer most likely hands over for `totalCents`, smallest first: the exact amount, then
 * the total rounded up to the next 10, 20, 50 and 100 yuan notes (each once, only above the total).
 */
export function quickTenders(totalCents: number): number[] {
  if (!isCents(totalCents) || totalCents === 0) return [];
  const amounts = new Set<number>([totalCents]);
  for (const note of NOTES_YUAN) {
    const step = note * 100;
    amounts.add(Math.ceil(totalCents / step) * step);
  }
  return [...amounts].filter((a) => a - totalCents <= MAX_TENDER_OVER_TOTAL_CENTS).sort((a, b) => a - b);
}
