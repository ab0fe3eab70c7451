import type { Db } from './database';

/**
 * data_version as read this turn of the event loop, per connection. Reading it costs a look at the
 * write-ahead log's index (3 to 7 µs, the largest single cost of a query from the local copy); a
 * burst of requests handled in one turn shares one read. Commits by this connection are seen at
 * once all the same (total_changes() is read every time); another process's commit is seen from the
 * next turn, which is every later request: one that arrives after the commit is handled in a later
 * turn than the one that read the version.
 */
const othersCommitsThisTurn = new Map<Db, number>();
let forgetScheduled = false;
const forgetTurn = () => {
  othersCommitsThisTurn.clear();
  forgetScheduled = false;
};

/** Where the store stood at one moment: rows this connection changed so far, and commits by other connections. */
export type StoreStamp = readonly [ownChanges: number, othersCommits: number];

/**
 * Tells whether anything in the store may have changed since a moment: a copy kept in memory is exact
 * as long as the stamp it was read at still holds. `total_changes()` counts every row this connection
 * inserted, updated or deleted (triggers included, never decreasing, a rolled-back change too), and
 * `data_version` moves whenever another connection (a CLI tool, another process on the same file)
 * commits (read once per turn of the event loop, see othersCommitsThisTurn).
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
    return [this.ownChangesStmt.get()!, this.othersCommits()];
  }

  private othersCommits(): number {
    const known = othersCommitsThisTurn.get(this.db);
    if (known !== undefined) return known;
    const version = this.dataVersionStmt.get()!;
    othersCommitsThisTurn.set(this.db, version);
    if (!forgetScheduled) {
      forgetScheduled = true;
      // The check phase comes right after the poll phase that delivered this turn's requests.
      setImmediate(forgetTurn);
    }
    return version;
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
