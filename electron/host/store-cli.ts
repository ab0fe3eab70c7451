import { parseArgs } from 'node:util';
import { chmodSync, copyFileSync, existsSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { readConfigFile } from '../core/config/config-file';
import { openDatabase, quickCheck, StoreDamagedError } from '../core/storage/database';
import { BackupRepository } from '../core/storage/repositories/backup.repository';
import { listBackups, makeBackup, pruneBackups } from '../core/storage/store-backup';
import { processUsingStore } from '../core/storage/store-lock';
import { defaultDataDir } from './host';

/**
 * `npm run store -- backup|list|restore --data-dir DIR [--backup-dir DIR] [--from FILE]`: the store's backups.
 *   backup   copies the store now (VACUUM INTO, even while a host runs) and prunes old copies
 *   list     names the backups, oldest first
 *   restore  replaces the store with a backup: refused while a host uses the folder, and unless the
 *            backup passes quick_check; the replaced files are kept beside it as kiosk.sqlite.replaced-<time>
 * Exit 0 done; 1 refused or failed (the reason said); 2 bad usage.
 */
const USAGE = 'usage: npm run store -- backup|list|restore --data-dir DIR [--backup-dir DIR] [--from FILE]';
let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, 'backup-dir': { type: 'string' }, from: { type: 'string' } },
  });
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const command = parsed.positionals[0];
const dataDir = resolve(parsed.values['data-dir'] ?? defaultDataDir(false));
const storage = (readConfigFile(dataDir).storage ?? {}) as { backupDir?: string; backupKeepDays?: number };
const backupDir = resolve(parsed.values['backup-dir'] ?? storage.backupDir ?? join(dataDir, 'backups'));
const cinemaOffset = Number((readConfigFile(dataDir).central as { cinemaOffsetMinutes?: number } | undefined)?.cinemaOffsetMinutes ?? 480);
const storePath = join(dataDir, 'kiosk.sqlite');

function refuse(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

if (command === 'list') {
  const backups = listBackups(backupDir);
  if (backups.length === 0) console.log(`no backups in ${backupDir}`);
  for (const b of backups) console.log(`${b.path}  ${(b.bytes / 1024).toFixed(0)} KiB  made ${new Date(b.madeAt).toISOString()}`);
  process.exit(0);
}

if (command === 'backup') {
  if (!existsSync(storePath)) refuse(`no store at ${storePath}`, 2);
  const db = new Database(storePath, { fileMustExist: true });
  try {
    const found = quickCheck(db);
    if (found.join() !== 'ok')
      refuse(`the store ${storePath} is damaged (${found.join('; ')}): not backed up; restore from an older backup instead`);
    const path = makeBackup(new BackupRepository(db), backupDir, Date.now(), cinemaOffset);
    const pruned = pruneBackups(backupDir, storage.backupKeepDays ?? 7, Date.now(), cinemaOffset);
    console.log(`backed up to ${path}${pruned.length ? `; pruned ${pruned.join(', ')}` : ''}`);
  } finally {
    db.close();
  }
  process.exit(0);
}

if (command === 'restore') {
  const from = parsed.values.from;
  if (!from) refuse(`restore needs --from FILE\n${USAGE}`, 2);
  const source = resolve(from);
  if (!existsSync(source)) refuse(`no backup at ${source}`, 2);
  const pid = processUsingStore(dataDir);
  if (pid !== undefined) refuse(`a host (pid ${pid}) is using ${dataDir}: stop it first, then restore`);
  const problem = backupProblem(source);
  if (problem) refuse(`the backup ${source} is damaged too (${problem}): pick an older one (npm run store -- list --data-dir ${dataDir})`);
  const stamp = new Date().toISOString().replace(/[:.]/gu, '-');
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(storePath + suffix)) renameSync(storePath + suffix, `${storePath}.replaced-${stamp}${suffix}`);
  }
  copyFileSync(source, storePath);
  chmodSync(storePath, 0o600);
  try {
    openDatabase(storePath).close();
  } catch (error) {
    refuse(error instanceof StoreDamagedError ? error.message : `the restored store does not open: ${(error as Error).message}`);
  }
  console.log(`restored ${storePath} from ${source}; the replaced store is kept as ${storePath}.replaced-${stamp}`);
  console.log(
    'Changes made after that backup (collections, refunds) are not in it: run a reconciliation from the technician console after the host starts.',
  );
  process.exit(0);
}

refuse(USAGE, 2);

/** What quick_check finds wrong with a backup, or undefined when it is sound. */
function backupProblem(path: string): string | undefined {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const found = quickCheck(db);
      return found.join() === 'ok' ? undefined : found.join('; ');
    } finally {
      db.close();
    }
  } catch (error) {
    return (error as Error).message;
  }
}
