/**
 * Alipay speaks yuan as decimal strings (`"88.50"`); the core speaks integer cents. The conversion
 * lives here and is strict both ways: no floating point, no exponent, at most two decimals.
 */
const YUAN = /^(0|[1-9]\d{0,9})(?:\.(\d{1,2}))?$/u;

/** Integer cents to Alipay's yuan string; throws on anything that is not a non-negative safe integer. */
export function centsToYuan(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`not an amount in cents: ${cents}`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** Alipay's yuan string to integer cents; undefined when it is not exactly that shape. */
export function yuanToCents(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = YUAN.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
