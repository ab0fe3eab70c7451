import type { Db } from './database';

/** Where the store stood at one moment: rows this connection changed so far, and commits by other connections. */
export type StoreStamp = readonly [ownChanges: number, othersCommits: number];

/**
 * Tells whether anything in the store may have changed since a moment: a copy kept in memory is exact
 * as long as the stamp it was read at still holds. `total_changes()` counts every row this connection
 * inserted, updated or deleted (triggers included, never decreasing, a rolled-back change too), and
 * `data_version` moves whenever another connection (a CLI tool, another process on the same file)
 * commits. About 3 µs on the 2-core machine, nearly all of it data_version's look at the write-ahead log.
 */
export class StoreChanges {
  private readonly ownChangesStmt;
  private readonly dataVersionStmt;

  constructor(private readonly db: Db) {
    // Two plain statements, not one SELECT over pragma_data_version: the table-valued pragma costs twice both together.
    this.ownChangesStmt = db.prepare<[], number>('SELECT total_changes()').pluck();
    this.dataVersionStmt = db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  stamp(): StoreStamp {
    return [this.ownChangesStmt.get()!, this.dataVersionStmt.get()!];
  }

  /**
   * False inside an open transaction: its changes are not committed yet and may still roll back
   * without moving the stamp, so nothing read there may be kept.
   */
  canRemember(): boolean {
    return !this.db.inTransaction;
  }

  static same(a: StoreStamp, b: StoreStamp): boolean {
    return a[0] === b[0] && a[1] === b[1];
  }
}
