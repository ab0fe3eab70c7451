import Database from 'better-sqlite3';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Db = Database.Database;

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export class DatabaseFromTheFutureError extends Error {}

/**
 * The store file is damaged (a bad page, not a database at all). A host that started on it would
 * answer customers with misleading errors, so it refuses to start and says how to restore.
 */
export class StoreDamagedError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    const dataDir = dirname(path);
    super(
      `the store ${path} is damaged (${problem}).\n` +
        `Restore it from the nightly backup: stop every host using ${dataDir}, list the backups with\n` +
        `  npm run store -- list --data-dir ${dataDir}\n` +
        `then restore the newest good one with\n` +
        `  npm run store -- restore --data-dir ${dataDir} --from ${join(dataDir, 'backups')}/kiosk-YYYY-MM-DD.sqlite`,
    );
  }
}

const DAMAGED_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/**
 * SQLite's page cache per connection, in KiB (a negative cache_size): SQLite's own default of 2 MB.
 * better-sqlite3 is built with 16 MB, and a long-running host's cache fills to that as the store grows
 * past it (about 2.5 KB a collection): 16 MB of native memory that looks like a leak in the RSS. The
 * pages a collection reads (index interiors, table tails) fit in 2 MB; the rest comes from the OS's
 * file cache.
 */
export const PAGE_CACHE_KIB = 2000;

/**
 * Opens the store: WAL with synchronous=FULL so that a committed change survives a power cut.
 * Checks the file first (quick_check reads every page): a damaged store throws StoreDamagedError.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    // Before quick_check, which reads every page: the check would otherwise fill 16 MB of cache first.
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    checkIntegrity(db, path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    db.close();
    const code = String((error as { code?: unknown }).code ?? '');
    if (DAMAGED_CODES.has(code.replace(/_[A-Z]+$/u, '')) || DAMAGED_CODES.has(code))
      throw new StoreDamagedError(path, (error as Error).message);
    throw error;
  }
  return db;
}

/**
 * Runs `work` (its commits) with synchronous=NORMAL, then back to FULL: for writes that guard no side
 * effect and can be had again (a copy of central's data, central's acknowledgement of an idempotent
 * call), or that a FULL commit of the same store follows at once and whose loss leaves what that
 * commit's loss leaves (the print journal's `printed` mark before print-result's commit). In WAL mode
 * such a commit is written but not flushed; the next FULL commit on the store flushes the WAL, and
 * with it this one, in a single fsync. Never for a claim, the journal's `printing` mark or anything
 * a side effect follows.
 */
export function withoutFlush<T>(db: Db, work: () => T): T {
  // Inside a transaction the outer commit decides (SQLite refuses to change the level there).
  if (db.inTransaction) return work();
  db.pragma('synchronous = NORMAL');
  try {
    return work();
  } finally {
    // Never leave the store at NORMAL, or a claim committed later would not be flushed. A transaction the
    // failed work left open is rolled back first (the level cannot change inside one).
    if (db.inTransaction) db.exec('ROLLBACK');
    db.pragma('synchronous = FULL');
  }
}

/** PRAGMA quick_check: "ok", or the first problems it found. */
export function quickCheck(db: Db): string[] {
  return (db.pragma('quick_check(5)') as { quick_check: string }[]).map((row) => row.quick_check);
}

function checkIntegrity(db: Db, path: string): void {
  const found = quickCheck(db);
  if (found.length !== 1 || found[0] !== 'ok') throw new StoreDamagedError(path, `quick_check: ${found.join('; ')}`);
}

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Two migration files with one version, or a missing version, would leave stores at one version with different schemas. */
export class MigrationNumberingError extends Error {}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => /^(\d{4})-([\w-]+)\.sql$/u.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: Number(m[1]), name: m[2]!, sql: readFileSync(join(dir, m[0]), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  checkNumbering(migrations, dir);
  return migrations;
}

/** Versions must run 1, 2, 3… each once: a duplicate or a gap is a merge gone wrong, refused before any store is touched. */
function checkNumbering(migrations: readonly Migration[], where: string): void {
  migrations.forEach((migration, index) => {
    const expected = index + 1;
    if (migration.version === expected) return;
    const problem =
      migration.version < expected
        ? `version ${migration.version} is used twice (${migrations[index - 1]!.name} and ${migration.name})`
        : `version ${expected} is missing (the next is ${String(migration.version).padStart(4, '0')}-${migration.name})`;
    throw new MigrationNumberingError(`migrations in ${where}: ${problem}; versions must run 1, 2, 3… each once`);
  });
}

/** Runs each pending migration in its own transaction under PRAGMA user_version. */
export function migrate(db: Db, migrations = loadMigrations()): number {
  checkNumbering(migrations, 'the list given');
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new DatabaseFromTheFutureError(`database schema version ${current} is newer than this app's ${latest}`);
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return latest;
}
