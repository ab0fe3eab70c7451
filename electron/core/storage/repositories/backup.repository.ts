import type { Db } from '../database';

/** A consistent copy of the whole store, taken while it stays in use. */
export class BackupRepository {
  constructor(private readonly db: Db) {}

  /** VACUUM INTO: a compact, self-contained copy; the target must not exist. */
  copyInto(path: string): void {
    this.db.prepare('VACUUM INTO ?').run(path);
  }
}
