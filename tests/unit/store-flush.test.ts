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

  it('inside a transaction, the work runs as part of it and the outer commit stays FULL', () => {
    db = openDatabase(join(mkdtempSync(join(tmpdir(), 'store-flush-')), 'kiosk.sqlite'));
    const seen = db.transaction(() => {
      withoutFlush(db!, () => db!.prepare('SELECT 1').get());
      return synchronous(db!);
    })();
    expect(seen).toBe(FULL);
  });
});
