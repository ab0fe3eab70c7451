import { parseArgs } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { AuditLog } from '../core/audit/audit-log';
import { AuditRepository } from '../core/storage/repositories/audit.repository';
import { defaultDataDir } from './host';

/**
 * `npm run audit:verify -- --data-dir DIR [--key-file FILE]`: checks the hash chain of that data
 * folder's audit trail. With the key (the host's --audit-key-file, or KIOSK_AUDIT_KEY_FILE) keyed
 * records are checked in full; without it only their links are.
 * Exit 0 when intact; 1 with the first broken record named; 2 for bad usage, no store or no key file.
 * Opens the store read-only: it never changes what it checks, and never makes a key.
 */
const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, 'key-file': { type: 'string', default: process.env.KIOSK_AUDIT_KEY_FILE } },
});
const path = join(values['data-dir'] ?? defaultDataDir(false), 'kiosk.sqlite');
if (!existsSync(path)) {
  console.error(`no store at ${path}\nusage: npm run audit:verify -- --data-dir DIR [--key-file FILE]`);
  process.exit(2);
}
let key: Buffer | undefined;
if (values['key-file']) {
  const keyFile = resolve(values['key-file']);
  if (!existsSync(keyFile)) {
    console.error(`no key file at ${keyFile}`);
    process.exit(2);
  }
  key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex');
}
const db = new Database(path, { readonly: true, fileMustExist: true });
try {
  const result = new AuditLog(new AuditRepository(db)).verify(key);
  if (result.ok) {
    console.log(`audit chain intact: ${result.records} records, ${result.keyed} keyed`);
    if (result.unchecked > 0)
      console.log(`${result.unchecked} keyed records were checked for their links only: give --key-file FILE to check their content`);
    process.exit(0);
  }
  console.error(`audit chain broken at record ${result.firstBroken}: ${result.reason} (${result.records} records read)`);
  process.exit(1);
} finally {
  db.close();
}
