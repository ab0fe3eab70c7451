// What one durable commit costs on this machine: a 4 KiB write + fdatasync of a plain file, and a
// one-row commit in WAL mode with synchronous=FULL (the store's setting: an fsync of the WAL per
// commit) and with NORMAL (no fsync; flushed with the next FULL commit or at checkpoint).
// Run: npx tsx bench/fsync.bench.ts [count]   (the collection bench's commits cost this each)
import Database from 'better-sqlite3';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { percentile, round } from './stats';

export function benchFsync(count = 300): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-fsync-'));
  const figures = (values: number[]) => ({ p50Ms: round(percentile(values, 50), 2), p95Ms: round(percentile(values, 95), 2) });
  try {
    const fd = openSync(join(dir, 'plain'), 'w');
    const plain: number[] = [];
    for (let i = 0; i < count; i += 1) {
      writeSync(fd, Buffer.alloc(4096, i));
      const started = performance.now();
      fdatasyncSync(fd);
      plain.push(performance.now() - started);
    }
    closeSync(fd);
    const commit = (synchronous: 'FULL' | 'NORMAL') => {
      const db = new Database(join(dir, `${synchronous}.sqlite`));
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${synchronous}`);
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
      const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
      const times: number[] = [];
      for (let i = 0; i < count; i += 1) {
        const started = performance.now();
        insert.run('x'.repeat(200));
        times.push(performance.now() - started);
      }
      db.close();
      return figures(times);
    };
    return {
      loadAverage: round(loadavg()[0]!, 2),
      plainWriteFdatasync: figures(plain),
      walCommitFull: commit('FULL'),
      walCommitNormal: commit('NORMAL'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(benchFsync(Number(process.argv[2] ?? 300)), null, 2));
}
