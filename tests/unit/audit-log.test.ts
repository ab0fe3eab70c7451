import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../electron/core/storage/database';
import { AuditRepository } from '../../electron/core/storage/repositories/audit.repository';
import { AuditLog } from '../../electron/core/audit/audit-log';
import { tempDir } from '../support/host-process';
import { createHash } from 'node:crypto';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { AuditKeyError, loadAuditKey } from '../../electron/core/audit/audit-key';
import { tryAudit } from '../../electron/core/audit/try-audit';
import type { AuditRow } from '../../electron/core/storage/repositories/audit.repository';

describe('hash-chained audit log on a database file', () => {
  it('verifies an intact chain and names the first edited record', () => {
    const path = join(tempDir('audit'), 'kiosk.sqlite');
    const db = openDatabase(path);
    const log = new AuditLog(new AuditRepository(db));
    for (let i = 0; i < 5; i += 1) log.append({ actor: 'terminal:K1', action: 'tickets.claimed', subject: `booking:${i}`, details: { i } });
    expect(log.verify()).toEqual({ ok: true, records: 5, keyed: 0, unchecked: 0 });
    expect(() => db.prepare("UPDATE audit_log SET details = '{}' WHERE seq = 3").run()).toThrow(/append-only/u);
    db.close();

    // Someone with the file drops the trigger and edits a record: the chain shows it.
    const raw = new Database(path);
    raw.exec('DROP TRIGGER audit_log_noUpdate');
    raw.prepare('UPDATE audit_log SET details = ? WHERE seq = 3').run('{"i":99}');
    raw.close();
    const reopened = openDatabase(path);
    const result = new AuditLog(new AuditRepository(reopened)).verify();
    expect(result).toMatchObject({ ok: false, firstBroken: 3 });
    reopened.close();
  });
});

/** What someone with the store file but not the key can do: edit a record and recompute every hash after it. */
function rewriteWithoutKey(path: string, seq: number, details: string, scheme: 'same-prefix' | 'unkeyed'): void {
  const raw = new Database(path);
  raw.exec('DROP TRIGGER audit_log_noUpdate');
  raw.prepare('UPDATE audit_log SET details = ? WHERE seq = ?').run(details, seq);
  const rows = raw.prepare('SELECT * FROM audit_log ORDER BY seq').all() as AuditRow[];
  let prev = '0'.repeat(64);
  for (const row of rows) {
    const canonical = JSON.stringify([prev, row.at, row.actor, row.terminal_id, row.action, row.subject, row.details]);
    const sha = createHash('sha256').update(canonical).digest('hex');
    // Without the key the best forgeries: a plain SHA-256 under the keyed prefix, or a fall back to scheme 1.
    const hash = scheme === 'same-prefix' && row.hash.startsWith('h2:') ? `h2:${sha}` : sha;
    raw.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, row.seq);
    prev = hash;
  }
  raw.close();
}

describe('keyed audit chain (HMAC-SHA256, key outside the data folder)', () => {
  const key = Buffer.alloc(32, 7);

  function keyedStore(): string {
    const path = join(tempDir('audit-keyed'), 'kiosk.sqlite');
    const db = openDatabase(path);
    // Records made before keying (scheme 1) stay valid; the keyed ones after them pin their content.
    const before = new AuditLog(new AuditRepository(db));
    for (let i = 0; i < 3; i += 1) before.append({ actor: 'terminal:K1', action: 'tickets.claimed', subject: `booking:${i}` });
    const keyed = new AuditLog(new AuditRepository(db), undefined, key);
    for (let i = 3; i < 6; i += 1)
      keyed.append({ actor: 'staff:clerk1', action: 'tickets.refunded-locally', subject: `booking:${i}`, details: { i } });
    expect(keyed.verify()).toEqual({ ok: true, records: 6, keyed: 3, unchecked: 0 });
    expect(new AuditLog(new AuditRepository(db)).verify()).toEqual({ ok: true, records: 6, keyed: 3, unchecked: 3 });
    db.close();
    return path;
  }

  const verifyWithKey = (path: string) => {
    const db = openDatabase(path);
    try {
      return new AuditLog(new AuditRepository(db)).verify(key);
    } finally {
      db.close();
    }
  };

  it('detects a keyed record edited and the chain recomputed without the key', () => {
    const path = keyedStore();
    rewriteWithoutKey(path, 5, '{"i":99}', 'same-prefix');
    expect(verifyWithKey(path)).toMatchObject({ ok: false, firstBroken: 4 });
  });

  it('detects an unkeyed record edited before the keyed ones, and a chain dropped back to unkeyed hashes', () => {
    const first = keyedStore();
    rewriteWithoutKey(first, 2, '{"forged":true}', 'same-prefix');
    expect(verifyWithKey(first)).toMatchObject({ ok: false, firstBroken: 4 });

    const second = keyedStore();
    rewriteWithoutKey(second, 5, '{"i":99}', 'unkeyed');
    expect(verifyWithKey(second)).toMatchObject({ ok: false, reason: expect.stringMatching(/without the key/u) });
  });

  it('refuses to append unkeyed records to a keyed chain', () => {
    const path = keyedStore();
    const db = openDatabase(path);
    expect(() => new AuditLog(new AuditRepository(db)).append({ actor: 'x', action: 'y', subject: 'z' })).toThrow(/keyed/u);
    db.close();
  });

  it('makes the key file 0600 outside the data folder and refuses one inside it', () => {
    const base = tempDir('audit-key');
    const dataDir = join(base, 'data');
    mkdirSync(dataDir);
    const file = join(base, 'keys', 'audit.key');
    const made = loadAuditKey(file, dataDir);
    expect(made).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadAuditKey(file, dataDir).equals(made)).toBe(true);
    expect(() => loadAuditKey(join(dataDir, 'audit.key'), dataDir)).toThrow(AuditKeyError);
    writeFileSync(join(base, 'open.key'), 'ab'.repeat(32), { mode: 0o644 });
    expect(() => loadAuditKey(join(base, 'open.key'), dataDir)).toThrow(/chmod 600/u);
  });
});

describe('tryAudit', () => {
  it('reports a failed append to the listeners instead of throwing', () => {
    const db = openDatabase(':memory:');
    const log = new AuditLog(new AuditRepository(db));
    const failures: string[] = [];
    log.onFailure((entry, error) => failures.push(`${entry.action}: ${error.message}`));
    db.exec("CREATE TRIGGER audit_log_refuse BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit table refuses writes'); END");
    expect(tryAudit(log, { actor: 'staff:a', action: 'staff.login', subject: 'staff:a' })).toBe(false);
    expect(failures).toEqual(['staff.login: audit table refuses writes']);
    db.close();
  });
});
