import { cashTender, parseYuanInput } from '../../../shared/domain/cash';

/**
 * What the amount field of a cash sale says while the clerk types (yuan, as `shared/domain/cash.ts` reads
 * it): nothing typed yet, not an amount, short of the total (by how much), far more than the total (a
 * typo), or enough, with the change due. Amounts are integer cents.
 */
export type TenderReading =
  | { kind: 'empty' }
  | { kind: 'invalid' }
  | { kind: 'short'; tenderedCents: number; shortCents: number }
  | { kind: 'too-much'; tenderedCents: number }
  | { kind: 'ok'; tenderedCents: number; changeCents: number };

/** The field's text read against the order's total. */
export function readTender(text: string, totalCents: number): TenderReading {
  if (text.trim() === '') return { kind: 'empty' };
  const tenderedCents = parseYuanInput(text);
  if (tenderedCents === undefined) return { kind: 'invalid' };
  const tender = cashTender(totalCents, tenderedCents);
  if (tender.ok) return { kind: 'ok', tenderedCents, changeCents: tender.changeCents };
  if (tender.reason === 'too-little') return { kind: 'short', tenderedCents, shortCents: tender.shortCents ?? totalCents - tenderedCents };
  if (tender.reason === 'too-much') return { kind: 'too-much', tenderedCents };
  return { kind: 'invalid' };
}

/** Cents as the clerk types yuan: `100`, `85.5` (no trailing zeros to delete). */
export function yuanInput(cents: number): string {
  const yuan = Math.floor(cents / 100);
  const rest = cents % 100;
  if (rest === 0) return String(yuan);
  return `${yuan}.${String(rest).padStart(2, '0').replace(/0$/u, '')}`;
}
