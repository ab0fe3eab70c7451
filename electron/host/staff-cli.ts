import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { STAFF_SECRET_RULE } from '../../shared/domain/staff-secret';
import { AuditLog } from '../core/audit/audit-log';
import { FirstRunCode } from '../core/staff/first-run-code';
import { StaffAuth } from '../core/staff/staff-auth';
import { StaffAccounts } from '../core/staff/staff-accounts';
import { openDatabase } from '../core/storage/database';
import { AuditRepository } from '../core/storage/repositories/audit.repository';
import { StaffRepository, type StaffRole } from '../core/storage/repositories/staff.repository';
import { defaultDataDir } from './host';

/**
 * `npm run staff -- add|list [--data-dir DIR] [--username NAME] [--role clerk|supervisor|technician] [--password-file FILE]`:
 * staff accounts from the host's shell, the way to make the first technician without the
 * first-run code (whoever has this shell owns the data folder anyway). The password comes from
 * --password-file or the first line of stdin, never from the command line, where `ps` and the
 * shell's history would show it. It works on the data folder's store, also while the host runs.
 */
const USAGE =
  'usage: npm run staff -- add|list [--data-dir DIR] [--username NAME] [--role clerk|supervisor|technician] [--password-file FILE]  (else the password is read from stdin)';
const ROLES: StaffRole[] = ['clerk', 'supervisor', 'technician'];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string' },
    username: { type: 'string' },
    role: { type: 'string' },
    'password-file': { type: 'string' },
  },
});
const fail = (message: string): never => {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
};
const command = positionals[0];
if (command !== 'add' && command !== 'list') fail('name a command');
if (command === 'add') {
  if (!values.username || !/^[\w.-]{2,32}$/u.test(values.username)) fail('--username: 2 to 32 letters, digits, ".", "_" or "-"');
  if (!ROLES.includes(values.role as StaffRole)) fail(`--role: one of ${ROLES.join(', ')}`);
}

/** The first line of the password file or of stdin, without its line end. */
async function readPassword(): Promise<string> {
  if (values['password-file']) return readFileSync(values['password-file'], 'utf8').split(/\r?\n/u)[0] ?? '';
  if (process.stdin.isTTY) process.stderr.write('password (it shows as you type; prefer --password-file): ');
  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

const dataDir = values['data-dir'] ?? defaultDataDir(false);
const db = openDatabase(join(dataDir, 'kiosk.sqlite'));
const staffRows = new StaffRepository(db);
const audit = new AuditLog(new AuditRepository(db));
// No sessions from the shell: sign-in's side only reads lockouts (none in this process).
const sessions = new StaffAuth(staffRows, audit, { db, idleTimeoutMs: 0, lifetimeMs: 0, now: Date.now });
const staff = new StaffAccounts({
  db,
  staff: staffRows,
  audit,
  sessions,
  firstRunCode: new FirstRunCode(join(dataDir, 'first-run-code')),
  now: Date.now,
});
try {
  if (command === 'list') {
    console.table(staff.list());
  } else {
    const password = await readPassword();
    const change = await staff.addFromShell(values.username!, values.role as StaffRole, password);
    if (!change.ok)
      fail(change.reason === 'weak-secret' ? STAFF_SECRET_RULE : change.reason === 'exists' ? `${values.username} exists` : change.reason);
    console.log(`added ${values.username} (${values.role})`);
  }
} finally {
  db.close();
}
