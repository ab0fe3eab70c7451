import type { Db } from '../database';

/** The one-row table that the health check writes to prove the store still takes writes. */
export class HealthProbeRepository {
  private readonly upsertStmt;

  constructor(private readonly db: Db) {
    this.upsertStmt = db.prepare<{ at: number }>(
      'INSERT INTO health_probe (probe_id, probed_at) VALUES (1, @at) ON CONFLICT (probe_id) DO UPDATE SET probed_at = excluded.probed_at',
    );
  }

  /** A tiny write in its own transaction: throws what SQLite throws. */
  touch(at: number): void {
    this.db.transaction(() => this.upsertStmt.run({ at }))();
  }
}
