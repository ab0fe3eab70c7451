import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DatabaseFromTheFutureError, loadMigrations, openDatabase } from '../../electron/core/storage/database';
import { tempDir } from '../support/host-process';

describe('store migrations', () => {
  it('opens in WAL with synchronous=FULL at the latest schema version', () => {
    const db = openDatabase(join(tempDir('mig'), 'kiosk.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().at(-1)!.version);
    db.close();
  });
  it('refuses a database from the future', () => {
    const path = join(tempDir('mig'), 'kiosk.sqlite');
    const db = openDatabase(path);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabase(path)).toThrow(DatabaseFromTheFutureError);
  });
});
