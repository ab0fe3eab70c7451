import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DueRowRunner, retryAt, type DueRowWork } from '../../electron/core/sync/due-rows.runner';

/** A table of rows in memory: each row is due until it is finished, and the handler's rules decide. */
function table(rules: { finishes: (id: number, attempt: number) => boolean; throwsOn?: (pass: number) => boolean; attemptMs?: number }) {
  const pending = new Set<number>();
  const attempts = new Map<number, number>();
  const log: string[] = [];
  let passes = 0;
  let inFlight = 0;
  let widest = 0;
  const work: DueRowWork<number> = {
    due: () => {
      passes += 1;
      if (rules.throwsOn?.(passes)) throw new Error(`store busy on pass ${passes}`);
      return [...pending].sort((a, b) => a - b);
    },
    handle: async (id) => {
      inFlight += 1;
      widest = Math.max(widest, inFlight);
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      log.push(`${id}#${attempt}`);
      await new Promise((resolve) => setTimeout(resolve, rules.attemptMs ?? 5));
      inFlight -= 1;
      if (!rules.finishes(id, attempt)) return false;
      pending.delete(id);
      return true;
    },
  };
  return {
    work,
    add: (...ids: number[]) => ids.forEach((id) => pending.add(id)),
    pending: () => [...pending],
    log,
    passes: () => passes,
    widest: () => widest,
  };
}

const runners: Array<DueRowRunner<number>> = [];
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.stop();
});

function runner(work: DueRowWork<number>, options: { pollMs: number; width?: number; logger?: pino.Logger }) {
  const made = new DueRowRunner(work, {
    name: 'test rows',
    logger: options.logger ?? pino({ level: 'silent' }),
    pollMs: () => options.pollMs,
    ...(options.width ? { width: options.width } : {}),
  });
  runners.push(made);
  return made;
}

describe('the due-row runner shared by the outbox and refund workers', () => {
  it('attempts the due rows one at a time, oldest first, and looks again at once while rows finish', async () => {
    const rows = table({ finishes: (id, attempt) => id !== 2 || attempt >= 2 });
    rows.add(3, 1, 2);
    // A long poll: only "a row finished, look again at once" can bring row 2 to its second attempt in time.
    runner(rows.work, { pollMs: 60_000 }).start();
    await vi.waitFor(() => expect(rows.pending()).toEqual([]), { timeout: 2_000 });
    expect(rows.log).toEqual(['1#1', '2#1', '3#1', '2#2']);
    expect(rows.widest()).toBe(1);
  });

  it('waits pollMs after a pass that finished nothing, and a wake starts a pass at once', async () => {
    const rows = table({ finishes: () => true });
    const made = runner(rows.work, { pollMs: 60_000 });
    made.start();
    await vi.waitFor(() => expect(rows.passes()).toBe(1));
    await made.idle();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rows.passes()).toBe(1);
    rows.add(7);
    made.wake();
    await vi.waitFor(() => expect(rows.log).toEqual(['7#1']), { timeout: 1_000 });
  });

  it('a wake during a pass brings the next pass at once: a row committed after the pass read its rows does not wait pollMs', async () => {
    const rows = table({ finishes: () => false, attemptMs: 100 });
    rows.add(1);
    const made = runner(rows.work, { pollMs: 60_000 });
    made.start();
    await vi.waitFor(() => expect(rows.log).toEqual(['1#1']));
    // The pass has read its rows (row 1 only) and is attempting it: row 2 comes now, with its wake.
    rows.add(2);
    made.wake();
    await vi.waitFor(() => expect(rows.log).toContain('2#1'), { timeout: 1_000 });
  });

  it('attempts `width` rows at once when asked', async () => {
    const rows = table({ finishes: () => true });
    rows.add(1, 2, 3, 4, 5);
    runner(rows.work, { pollMs: 60_000, width: 3 }).start();
    await vi.waitFor(() => expect(rows.pending()).toEqual([]), { timeout: 2_000 });
    expect(rows.widest()).toBe(3);
  });

  it('stop lets the attempt under way end, and starts no other', async () => {
    const rows = table({ finishes: () => true, attemptMs: 200 });
    rows.add(1, 2, 3);
    const made = runner(rows.work, { pollMs: 10 });
    made.start();
    await vi.waitFor(() => expect(rows.log.length).toBeGreaterThan(0));
    await made.stop();
    const seen = rows.log.length;
    expect(seen).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rows.log.length).toBe(seen);
    made.wake();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(rows.log.length).toBe(seen);
    expect(rows.pending()).toEqual([2, 3]);
  });

  it('a pass that throws is logged under the worker name and the loop goes on', async () => {
    const errors: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void errors.push(JSON.parse(line).msg as string) });
    const rows = table({ finishes: () => true, throwsOn: (pass) => pass === 1 });
    rows.add(4);
    runner(rows.work, { pollMs: 20, logger }).start();
    await vi.waitFor(() => expect(rows.pending()).toEqual([]), { timeout: 2_000 });
    expect(errors).toEqual(['test rows pass failed']);
  });
});

describe('retryAt: the backoff of a failed row', () => {
  const delays = { baseDelayMs: 1_000, maxDelayMs: 60_000 };

  it('doubles with each attempt, jittered over the upper half, and never passes the cap', () => {
    expect(retryAt(0, 0, delays, () => 0)).toBe(500);
    expect(retryAt(0, 0, delays, () => 1)).toBe(1_000);
    expect(retryAt(100, 3, delays, () => 0)).toBe(100 + 4_000);
    expect(retryAt(0, 3, delays, () => 0.5)).toBe(6_000);
    expect(retryAt(0, 10, delays, () => 1)).toBe(60_000);
    // A row tried for ever (CancelOrder is never given up): 2 ** 5000 is Infinity, the cap still holds.
    expect(retryAt(0, 5_000, delays, () => 0)).toBe(30_000);
  });
});
