import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

export class AuditKeyError extends Error {}

/**
 * The audit chain's HMAC key. It must live outside the data folder: whoever copies or edits the
 * store must not find the key beside it. Made (32 random bytes, hex, mode 0600) at first use.
 */
export function loadAuditKey(file: string, dataDir: string): Buffer {
  const path = resolve(file);
  if (isInside(path, dataDir))
    throw new AuditKeyError(
      `the audit key file ${path} is inside the data folder ${resolve(dataDir)}: keep it elsewhere (e.g. /etc/cinema-kiosk/audit.key)`,
    );
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0)
    throw new AuditKeyError(`the audit key file ${path} can be read by others (mode ${mode.toString(8)}): chmod 600 ${path}`);
  const hex = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64,}$/iu.test(hex)) throw new AuditKeyError(`the audit key file ${path} must hold at least 64 hex digits`);
  return Buffer.from(hex, 'hex');
}

function isInside(path: string, dir: string): boolean {
  const realDir = existsSync(dir) ? realpathSync(dir) : resolve(dir);
  const parent = dirname(path);
  const rel = relative(realDir, join(existsSync(parent) ? realpathSync(parent) : parent, basename(path)));
  return !rel.startsWith('..') && !isAbsolute(rel);
}
