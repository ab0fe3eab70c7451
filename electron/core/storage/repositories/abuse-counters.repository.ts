import type { Db } from '../database';

export type AbuseScope = 'login' | 'verify' | 'query';

export interface AbuseCounterRow {
  scope: AbuseScope;
  subject: string;
  window_start: number;
  count: number;
  locked_until: number | null;
}

/** Counters of the abuse limits: one row per (scope, subject). */
export class AbuseCountersRepository {
  private readonly getStmt;
  private readonly putStmt;
  private readonly lockedStmt;
  private readonly purgeStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<{ scope: AbuseScope; subject: string }, AbuseCounterRow>('SELECT * FROM abuse_counters WHERE scope = @scope AND subject = @subject');
    this.putStmt = db.prepare<AbuseCounterRow>(
      `INSERT INTO abuse_counters (scope, subject, window_start, count, locked_until) VALUES (@scope, @subject, @window_start, @count, @locked_until)
       ON CONFLICT (scope, subject) DO UPDATE SET window_start = excluded.window_start, count = excluded.count, locked_until = excluded.locked_until`,
    );
    this.lockedStmt = db.prepare<{ now: number }, { n: number }>('SELECT COUNT(*) AS n FROM abuse_counters WHERE locked_until > @now');
    this.purgeStmt = db.prepare<{ before: number; now: number }>('DELETE FROM abuse_counters WHERE window_start < @before AND (locked_until IS NULL OR locked_until <= @now)');
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

  /** Drops counters whose window ended long ago and that lock nothing. */
  purge(before: number, now: number): void {
    this.purgeStmt.run({ before, now });
  }
}
