import type { Db } from '../database';

export type CatalogueKind = 'cinema' | 'now-showing' | 'ticket-types' | 'seat-plan';

export interface CatalogueRow {
  kind: CatalogueKind;
  cache_key: string;
  body: string;
  fetched_at: number;
  checked_at: number;
  last_error: string | null;
}

/** Central's catalogue as last read (cinema, now showing, ticket types and seat plans per session). */
export class CatalogueCacheRepository {
  private readonly getStmt;
  private readonly putStmt;
  private readonly failStmt;
  private readonly pruneStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<{ kind: CatalogueKind; key: string }, CatalogueRow>(
      'SELECT * FROM catalogue_cache WHERE kind = @kind AND cache_key = @key',
    );
    this.putStmt = db.prepare<{ kind: CatalogueKind; key: string; body: string; now: number }>(
      `INSERT INTO catalogue_cache (kind, cache_key, body, fetched_at, checked_at, last_error) VALUES (@kind, @key, @body, @now, @now, NULL)
       ON CONFLICT (kind, cache_key) DO UPDATE SET body = excluded.body, fetched_at = excluded.fetched_at, checked_at = excluded.checked_at, last_error = NULL`,
    );
    this.failStmt = db.prepare<{ kind: CatalogueKind; key: string; now: number; error: string }>(
      'UPDATE catalogue_cache SET checked_at = @now, last_error = @error WHERE kind = @kind AND cache_key = @key',
    );
    this.pruneStmt = db.prepare<{ before: number }>(
      "DELETE FROM catalogue_cache WHERE kind IN ('ticket-types', 'seat-plan') AND fetched_at < @before",
    );
  }

  get(kind: CatalogueKind, key: string): CatalogueRow | undefined {
    return this.getStmt.get({ kind, key });
  }

  /** A good answer: the new body, fresh from now. */
  put(kind: CatalogueKind, key: string, body: unknown, now: number): void {
    this.putStmt.run({ kind, key, body: JSON.stringify(body), now });
  }

  /** A refresh that failed or came back empty: the old body stays, marked with why. */
  noteFailure(kind: CatalogueKind, key: string, now: number, error: string): void {
    this.failStmt.run({ kind, key, now, error: error.slice(0, 300) });
  }

  /** Per-session entries of sessions long gone. */
  prune(before: number): number {
    return this.pruneStmt.run({ before }).changes;
  }
}
