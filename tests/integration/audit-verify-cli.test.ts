import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../electron/core/storage/database';
import { AuditRepository } from '../../electron/core/storage/repositories/audit.repository';
import { AuditLog } from '../../electron/core/audit/audit-log';
import { ROOT, tempDir } from '../support/host-process';

const verify = (dataDir: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'electron/host/audit-verify-cli.ts', '--data-dir', dataDir], {
    cwd: ROOT,
    encoding: 'utf8',
  });

describe('npm run audit:verify', () => {
  it('exits 0 on an intact chain, names the first edited record and exits 1 otherwise, 2 without a store', () => {
    const dataDir = tempDir('audit-cli');
    const db = openDatabase(join(dataDir, 'kiosk.sqlite'));
    const log = new AuditLog(new AuditRepository(db));
    for (let i = 0; i < 4; i += 1)
      log.append({ actor: 'staff:clerk1', action: 'tickets.refunded-locally', subject: `booking:${i}`, details: { i } });
    db.close();

    const intact = verify(dataDir);
    expect(intact.status).toBe(0);
    expect(intact.stdout).toContain('4 records');

    const raw = new Database(join(dataDir, 'kiosk.sqlite'));
    raw.exec('DROP TRIGGER audit_log_noUpdate');
    raw.prepare("UPDATE audit_log SET actor = 'staff:someone-else' WHERE seq = 2").run();
    raw.close();
    const broken = verify(dataDir);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('broken at record 2');

    expect(verify(tempDir('audit-cli-empty')).status).toBe(2);
  });
});
