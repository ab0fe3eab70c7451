/** Percentile over a sample (nearest-rank), in the sample's unit. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Milliseconds within [from, to] during which at least one call of the kind was in flight, from its
 * `….sent` / `….answered` marks in time order: calls that overlap count once (the union of their spans).
 */
export function inFlightMs(marks: readonly [string, number][], kind: RegExp, from: number, to: number): number {
  let open = 0;
  let since = from;
  let total = 0;
  for (const [mark, at] of marks) {
    if (!kind.test(mark)) continue;
    const t = Math.min(Math.max(at, from), to);
    if (mark.endsWith('.sent')) {
      if (open === 0) since = t;
      open += 1;
    } else if (open > 0) {
      open -= 1;
      if (open === 0) total += t - since;
    }
  }
  if (open > 0) total += to - since;
  return total;
}
