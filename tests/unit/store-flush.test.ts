import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, withoutFlush, type Db } from '../../electron/core/storage/database';

let db: Db | undefined;
afterEach(() => db?.close());

const synchronous = (d: Db) => d.pragma('synchronous', { simple: true });
const FULL = 2;
const NORMAL = 1;

describe('commits without a flush of their own (a copy of central data)', () => {
  it('run with synchronous=NORMAL and leave the store at FULL, also when the work throws', () => {
    db = openDatabase(join(mkdtempSync(join(tmpdir(), 'store-flush-')), 'kiosk.sqlite'));
    expect(synchronous(db)).toBe(FULL);
    expect(withoutFlush(db, () => synchronous(db!))).toBe(NORMAL);
    expect(synchronous(db)).toBe(FULL);
    expect(() =>
      withoutFlush(db!, () => {
        throw new Error('the work failed');
      }),
    ).toThrow('the work failed');
    expect(synchronous(db)).toBe(FULL);
  });

  it('a failed work that left its transaction open is rolled back, and the store is at FULL again', () => {
    db = openDatabase(join(mkdtempSync(join(tmpdir(), 'store-flush-')), 'kiosk.sqlite'));
    db.exec('CREATE TABLE t (v INTEGER)');
    expect(() =>
      withoutFlush(db!, () => {
        db!.exec('BEGIN');
        db!.exec('INSERT INTO t VALUES (1)');
        throw new Error('failed half-way');
      }),
    ).toThrow('failed half-way');
    expect(db.inTransaction).toBe(false);
    expect(synchronous(db)).toBe(FULL);
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 0 });
  });

  it('inside a transaction, the work runs as part of it and the outer commit stays FULL', () => {
    db = openDatabase(join(mkdtempSync(join(tmpdir(), 'store-flush-')), 'kiosk.sqlite'));
    const seen = db.transaction(() => {
      withoutFlush(db!, () => db!.prepare('SELECT 1').get());
      return synchronous(db!);
    })();
    expect(seen).toBe(FULL);
  });
});
