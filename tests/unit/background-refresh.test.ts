import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backgroundRefresh } from '../../electron/core/app/background-refresh';

/** A refresh that takes `ms` (on the test's clock) and records when each run began and ended. */
function slowRefresh(ms: number, fail = false) {
  const runs: { began: number; ended?: number }[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const refresh = async () => {
    const run: { began: number; ended?: number } = { began: Date.now() };
    runs.push(run);
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    await new Promise((r) => setTimeout(r, ms));
    running -= 1;
    run.ended = Date.now();
    if (fail) throw new Error('central unreachable');
  };
  return { refresh, runs, mostAtOnce: () => mostAtOnce };
}

const failures: string[] = [];
const noteFailure = (error: Error) => void failures.push(error.message);

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  failures.length = 0;
});
afterEach(() => vi.useRealTimers());

describe("the sale catalogue's background refresh", () => {
  it('runs at start, then each period after the last run ended: a run slower than the period never overlaps the next', async () => {
    const slow = slowRefresh(1_500);
    const loop = backgroundRefresh(slow.refresh, () => 1, noteFailure);
    loop.start();
    await vi.advanceTimersByTimeAsync(10_000);
    loop.stop();
    expect(slow.mostAtOnce()).toBe(1);
    expect(slow.runs.map((r) => r.began)).toEqual([0, 2_500, 5_000, 7_500, 10_000]);
    for (let i = 1; i < slow.runs.length; i += 1) expect(slow.runs[i]!.began - slow.runs[i - 1]!.ended!).toBe(1_000);
  });

  it('a failed run is logged and the next comes as usual; stop ends the loop, also when it lands during a run', async () => {
    const failing = slowRefresh(100, true);
    const loop = backgroundRefresh(failing.refresh, () => 300, noteFailure);
    loop.start();
    // Runs at 0 and at 300 100 (300 s after the first ended), each 100 ms long.
    await vi.advanceTimersByTimeAsync(300_200);
    expect(failing.runs).toHaveLength(2);
    expect(failures).toEqual(['central unreachable', 'central unreachable']);
    await vi.advanceTimersByTimeAsync(299_999);
    expect(failing.runs).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(failing.runs).toHaveLength(3);
    loop.stop();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(failing.runs).toHaveLength(3);
  });

  it('with the period 0 (only on demand) nothing runs; set to 0 while running, the loop ends after the run under way', async () => {
    const off = slowRefresh(10);
    backgroundRefresh(off.refresh, () => 0, noteFailure).start();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(off.runs).toHaveLength(0);

    let period = 60;
    const on = slowRefresh(10);
    backgroundRefresh(on.refresh, () => period, noteFailure).start();
    await vi.advanceTimersByTimeAsync(60_020);
    expect(on.runs).toHaveLength(2);
    period = 0;
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(on.runs).toHaveLength(2);
  });
});
