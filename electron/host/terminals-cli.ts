import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { openDatabase } from '../core/storage/database';
import { TerminalsRepository } from '../core/storage/repositories/terminals.repository';
import { AuditRepository } from '../core/storage/repositories/audit.repository';
import { AuditLog } from '../core/audit/audit-log';
import { loadAuditKey } from '../core/audit/audit-key';
import { TerminalAuth } from '../core/print-service/terminal-auth';
import { defaultDataDir } from './host';

/**
 * `npm run terminals -- add|disable|enable|rotate|list --data-dir DIR [--terminal-id ID] [--username NAME] [--password P]`:
 * the print service's terminal accounts. A new or rotated password is printed once when not given.
 * It works on the data folder's store, also while the host runs (SQLite WAL); a disabled
 * terminal's tokens stop working at once.
 */
const USAGE =
  'usage: npm run terminals -- add|disable|enable|rotate|list [--data-dir DIR] [--terminal-id ID] [--username NAME] [--password PASSWORD]';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string' },
    'terminal-id': { type: 'string' },
    username: { type: 'string' },
    password: { type: 'string' },
  },
});
const command = positionals[0];
const terminalId = values['terminal-id'];
const fail = (message: string): never => {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
};
if (!command || !['add', 'disable', 'enable', 'rotate', 'list'].includes(command)) fail('name a command');
if (command !== 'list' && !terminalId) fail('--terminal-id is required');
if (terminalId && !/^[\w.-]{1,64}$/u.test(terminalId)) fail('--terminal-id: 1 to 64 letters, digits, ".", "_" or "-"');
if (values.password !== undefined && values.password.length < 8) fail('--password: at least 8 characters');

const dataDir = values['data-dir'] ?? defaultDataDir(false);
const db = openDatabase(join(dataDir, 'kiosk.sqlite'));
const auth = new TerminalAuth(new TerminalsRepository(db), 12 * 3_600_000, Date.now);
// A keyed chain (the host's --audit-key-file) takes only keyed records: same key, from KIOSK_AUDIT_KEY_FILE.
const audit = new AuditLog(
  new AuditRepository(db),
  undefined,
  process.env.KIOSK_AUDIT_KEY_FILE ? loadAuditKey(process.env.KIOSK_AUDIT_KEY_FILE, dataDir) : undefined,
);
const record = (action: string) =>
  audit.append({ actor: 'technician:cli', terminalId: terminalId ?? null, action, subject: `terminal:${terminalId}` });
const newPassword = () => values.password ?? randomBytes(12).toString('base64url');

try {
  if (command === 'list') {
    console.table(auth.list());
  } else if (command === 'add') {
    if (auth.isRegistered(terminalId!)) fail(`terminal ${terminalId} exists`);
    const password = newPassword();
    if (!(await auth.register(terminalId!, values.username ?? terminalId!, password)))
      fail(`terminal ${terminalId} or username ${values.username ?? terminalId} exists`);
    record('terminal.added');
    console.log(`added ${terminalId} (username ${values.username ?? terminalId})${values.password ? '' : `; password: ${password}`}`);
  } else if (command === 'rotate') {
    const password = newPassword();
    if (!(await auth.rotatePassword(terminalId!, password))) fail(`no terminal ${terminalId}`);
    record('terminal.password-rotated');
    console.log(`rotated ${terminalId}; its tokens are revoked${values.password ? '' : `; new password: ${password}`}`);
  } else {
    if (!auth.setDisabled(terminalId!, command === 'disable')) fail(`no terminal ${terminalId}`);
    record(`terminal.${command}d`);
    console.log(`${command}d ${terminalId}`);
  }
} finally {
  db.close();
}
