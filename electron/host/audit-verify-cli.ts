import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AuditLog } from '../core/audit/audit-log';
import { AuditRepository } from '../core/storage/repositories/audit.repository';
import { defaultDataDir } from './host';

/**
 * `npm run audit:verify -- --data-dir DIR`: checks the hash chain of that data folder's audit trail.
 * Exit 0 when intact; 1 with the first broken record named; 2 for bad usage or no store.
 * Opens the store read-only: it never changes what it checks.
 */
const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } } });
const path = join(values['data-dir'] ?? defaultDataDir(false), 'kiosk.sqlite');
if (!existsSync(path)) {
  console.error(`no store at ${path}\nusage: npm run audit:verify -- --data-dir DIR`);
  process.exit(2);
}
const db = new Database(path, { readonly: true, fileMustExist: true });
try {
  const result = new AuditLog(new AuditRepository(db)).verify();
  if (result.ok) {
    console.log(`audit chain intact: ${result.records} records`);
    process.exit(0);
  }
  console.error(`audit chain broken at record ${result.firstBroken}: ${result.reason} (${result.records} records read)`);
  process.exit(1);
} finally {
  db.close();
}
