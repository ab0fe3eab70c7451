import type { Db } from './database';

/** Where the store stood at one moment: rows this connection changed so far, and commits by other connections. */
export type StoreStamp = readonly [ownChanges: number, othersCommits: number];

/**
 * Tells whether anything in the store may have changed since a moment: a copy kept in memory is exact
 * as long as the stamp it was read at still holds. `total_changes()` counts every row this connection
 * inserted, updated or deleted (triggers included, never decreasing, a rolled-back change too), and
 * `data_version` moves whenever another connection (a CLI tool, another process on the same file)
 * commits. One statement, about 2 µs.
 */
export class StoreChanges {
  private readonly stampStmt;

  constructor(private readonly db: Db) {
    this.stampStmt = db.prepare<[], [number, number]>('SELECT total_changes(), data_version FROM pragma_data_version').raw();
  }

  stamp(): StoreStamp {
    return this.stampStmt.get()!;
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
