import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, PAGE_CACHE_KIB } from '../../electron/core/storage/database';
import { tempDir } from '../support/host-process';

// better-sqlite3 is built with a 16 MB page cache per connection: a host that runs for days fills it as
// the store grows, and its RSS grows by that much (the soak bench measured +24 MB over 10,000
// collections, all of it in malloc's heap, none in V8's). The store's connections keep SQLite's own 2 MB.

describe("the store's page cache", () => {
  it('is bounded to 2 MB on every connection the app opens', () => {
    const path = join(tempDir('page-cache'), 'kiosk.sqlite');
    expect(PAGE_CACHE_KIB).toBe(2000);
    const first = openDatabase(path);
    const second = openDatabase(path);
    expect(first.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB);
    expect(second.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB);
    first.close();
    second.close();
  });
});
