import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../electron/core/storage/database';
import { AbuseCountersRepository } from '../../electron/core/storage/repositories/abuse-counters.repository';
import { AbuseLimits, defaultAbuseLimits } from '../../electron/core/print-service/abuse-limits';
import { PasswordCheckLanes } from '../../electron/core/print-service/password-check-lanes';
import { tempDir } from '../support/host-process';

/** The limits over an SQLite file on disk, with the clock in the test's hand (days pass in a line). */
let db: Db | undefined;
afterEach(() => db?.close());

function limitsAt(clock: { now: number }): AbuseLimits {
  db = openDatabase(join(tempDir('abuse-progression'), 'kiosk.sqlite'));
  return new AbuseLimits(new AbuseCountersRepository(db), defaultAbuseLimits, () => clock.now);
}

const MINUTE = 60_000;

describe('progressive lockouts', () => {
  it('each further lockout of the same (account, source) lasts twice as long, up to a day; another source is never affected', () => {
    const clock = { now: Date.UTC(2026, 0, 1) };
    const limits = limitsAt(clock);
    const locks: number[] = [];
    for (let round = 0; round < 9; round += 1) {
      for (let i = 0; i < 4; i += 1) expect(limits.recordLoginFailure('kiosk01', '10.0.0.9').allowed).toBe(true);
      const locked = limits.recordLoginFailure('kiosk01', '10.0.0.9');
      expect(locked.allowed).toBe(false);
      locks.push(locked.allowed ? 0 : locked.retryAfterSeconds / 60);
      expect(limits.check('login', 'kiosk01@10.0.0.9').allowed).toBe(false);
      expect(limits.check('login', 'kiosk01@10.0.0.1').allowed).toBe(true);
      clock.now += (locked.allowed ? 0 : locked.retryAfterSeconds * 1000) + 1;
      // The periodic clean-up keeps the progression of a lock that just ended.
      limits.flush();
    }
    expect(locks).toEqual([15, 30, 60, 120, 240, 480, 960, 1440, 1440]);
    // A good login from that pair ends the progression: the next lock is the base one again.
    limits.recordLoginSuccess('kiosk01', '10.0.0.9');
    for (let i = 0; i < 4; i += 1) limits.recordLoginFailure('kiosk01', '10.0.0.9');
    expect(limits.recordLoginFailure('kiosk01', '10.0.0.9')).toEqual({ allowed: false, retryAfterSeconds: 15 * 60 });
  });

  it('a source past its failure budget is refused for the rest of the minute, then forgiven', () => {
    const clock = { now: Date.UTC(2026, 0, 1) };
    const limits = limitsAt(clock);
    for (let i = 0; i < 30; i += 1) {
      expect(limits.checkSource('10.0.0.9').allowed).toBe(true);
      limits.recordSourceFailure('10.0.0.9');
    }
    expect(limits.checkSource('10.0.0.9')).toMatchObject({ allowed: false });
    expect(limits.admitLogin('10.0.0.9')).toMatchObject({ allowed: false });
    expect(limits.checkSource('10.0.0.8').allowed).toBe(true);
    clock.now += MINUTE;
    expect(limits.checkSource('10.0.0.9').allowed).toBe(true);
  });
});

describe('password-check lanes', () => {
  it('run at most N checks at once per lane, queue a bounded number, refuse the rest at once; the first lane is apart', async () => {
    const lanes = new PasswordCheckLanes({ concurrent: 2, queue: 3 });
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const check = () =>
      new Promise<string>((resolve) => {
        running += 1;
        peak = Math.max(peak, running);
        releases.push(() => {
          running -= 1;
          resolve('checked');
        });
      });
    const flood = Array.from({ length: 20 }, () => lanes.run('repeat', check));
    const refused = await Promise.all(flood.slice(5));
    expect(refused.every((r) => !r.ran)).toBe(true);
    // The flood holds its lane; a first login is checked at once in its own.
    const first = lanes.run('first', async () => 'good');
    expect(await first).toEqual({ ran: true, value: 'good' });
    for (let i = 0; i < 5; i += 1) {
      while (releases.length === 0) await new Promise((r) => setImmediate(r));
      releases.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    expect((await Promise.all(flood.slice(0, 5))).every((r) => r.ran)).toBe(true);
    expect(peak).toBe(2);
  });
});
