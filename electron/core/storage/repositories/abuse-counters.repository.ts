import type { Db } from '../database';

export type AbuseScope = 'login' | 'verify' | 'query';

export interface AbuseCounterRow {
  scope: AbuseScope;
  subject: string;
  window_start: number;
  count: number;
  locked_until: number | null;
  /** Lockouts in a row of this subject: the next lock lasts longer. */
  lockouts: number;
}

/** Counters of the abuse limits: one row per (scope, subject). */
export class AbuseCountersRepository {
  private readonly getStmt;
  private readonly putStmt;
  private readonly lockedStmt;
  private readonly purgeStmt;
  private readonly lockedListStmt;
  private readonly liftStmt;
  private readonly lockedOfKeyStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<{ scope: AbuseScope; subject: string }, AbuseCounterRow>(
      'SELECT * FROM abuse_counters WHERE scope = @scope AND subject = @subject',
    );
    this.putStmt = db.prepare<AbuseCounterRow>(
      `INSERT INTO abuse_counters (scope, subject, window_start, count, locked_until, lockouts) VALUES (@scope, @subject, @window_start, @count, @locked_until, @lockouts)
       ON CONFLICT (scope, subject) DO UPDATE SET window_start = excluded.window_start, count = excluded.count, locked_until = excluded.locked_until, lockouts = excluded.lockouts`,
    );
    this.lockedStmt = db.prepare<{ now: number }, { n: number }>('SELECT COUNT(*) AS n FROM abuse_counters WHERE locked_until > @now');
    this.purgeStmt = db.prepare<{ before: number; locksEndedBefore: number }>(
      'DELETE FROM abuse_counters WHERE window_start < @before AND (locked_until IS NULL OR locked_until <= @locksEndedBefore)',
    );
    this.lockedListStmt = db.prepare<{ scope: AbuseScope; now: number }, AbuseCounterRow>(
      'SELECT * FROM abuse_counters WHERE scope = @scope AND locked_until > @now ORDER BY subject LIMIT 500',
    );
    // Subjects are `<key>` or `<key>@<part>`; substr, not LIKE, so no character of a key widens the match.
    const ofKey = 'scope = @scope AND (subject = @key OR substr(subject, 1, length(@prefix)) = @prefix)';
    this.liftStmt = db.prepare<{ scope: AbuseScope; key: string; prefix: string }>(`DELETE FROM abuse_counters WHERE ${ofKey}`);
    this.lockedOfKeyStmt = db.prepare<{ scope: AbuseScope; key: string; prefix: string; now: number }, { n: number }>(
      `SELECT COUNT(*) AS n FROM abuse_counters WHERE ${ofKey} AND locked_until > @now`,
    );
  }

  get(scope: AbuseScope, subject: string): AbuseCounterRow | undefined {
    return this.getStmt.get({ scope, subject });
  }

  put(row: AbuseCounterRow): void {
    this.putStmt.run(row);
  }

  activeLockouts(now: number): number {
    return this.lockedStmt.get({ now })?.n ?? 0;
  }

  /** Subjects of a scope locked now (at most 500: a list for staff, not an export). */
  locked(scope: AbuseScope, now: number): AbuseCounterRow[] {
    return this.lockedListStmt.all({ scope, now });
  }

  /** Forgets every counter of `key` and of `key@…` in a scope; answers how many of them locked at `now`. */
  lift(scope: AbuseScope, key: string, now: number): number {
    const locked = this.lockedOfKeyStmt.get({ scope, key, prefix: `${key}@`, now })?.n ?? 0;
    this.liftStmt.run({ scope, key, prefix: `${key}@` });
    return locked;
  }

  /**
   * Drops counters whose window ended long ago and whose last lock (if any) ended before
   * `locksEndedBefore`: a subject's lockouts in a row are remembered that long after the last one.
   */
  purge(before: number, locksEndedBefore: number): void {
    this.purgeStmt.run({ before, locksEndedBefore });
  }
}
