import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../electron/core/storage/database';
import { AuditRepository } from '../../electron/core/storage/repositories/audit.repository';
import { AuditLog } from '../../electron/core/audit/audit-log';
import { tempDir } from '../support/host-process';

describe('hash-chained audit log on a database file', () => {
  it('verifies an intact chain and names the first edited record', () => {
    const path = join(tempDir('audit'), 'kiosk.sqlite');
    const db = openDatabase(path);
    const log = new AuditLog(new AuditRepository(db));
    for (let i = 0; i < 5; i += 1) log.append({ actor: 'terminal:K1', action: 'tickets.claimed', subject: `booking:${i}`, details: { i } });
    expect(log.verify()).toEqual({ ok: true, records: 5 });
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
