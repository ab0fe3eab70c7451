import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { openDatabase } from '../../electron/core/storage/database';
import { BackupRepository } from '../../electron/core/storage/repositories/backup.repository';
import { BackupScheduler, listBackups } from '../../electron/core/storage/store-backup';
import { ROOT, startHostProcess, tempDir, type HostProcess, OFFLINE_HOST_ARGS } from '../support/host-process';
import { uiClient } from '../support/ui-client';
import { firstRunCode } from '../support/first-run';

let host: HostProcess | undefined;
afterEach(async () => {
  await host?.stop('SIGKILL');
  host = undefined;
});

const store = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'electron/host/store-cli.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
const DAY = 86_400_000;

function damage(path: string): void {
  const db = new Database(path, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const root = (db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'staff'").get() as { rootpage: number }).rootpage;
  db.close();
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
  closeSync(fd);
}

describe('nightly backups', () => {
  it('backs up at start and at the cinema backup time each day, 0600 and named by date, keeping the last N days', () => {
    const dataDir = tempDir('store-backups');
    const db = openDatabase(join(dataDir, 'kiosk.sqlite'));
    const dir = join(dataDir, 'backups');
    // 2026-03-01 02:00 cinema time (UTC+8).
    let now = Date.parse('2026-03-01T02:00:00+08:00');
    const done: string[] = [];
    const scheduler = new BackupScheduler(
      {
        repository: new BackupRepository(db),
        now: () => now,
        onDone: (path) => done.push(path),
        onFailure: (error) => {
          throw error;
        },
      },
      () => ({ dir, keepDays: 7, at: '03:30', offsetMinutes: 480 }),
    );
    scheduler.start(3_600_000);
    scheduler.stop();
    expect(done).toEqual([join(dir, 'kiosk-2026-03-01.sqlite')]);
    expect(statSync(done[0]!).mode & 0o777).toBe(0o600);

    scheduler.tick(); // 02:00: not yet
    expect(done).toHaveLength(1);
    for (let day = 0; day < 10; day += 1) {
      now = Date.parse('2026-03-01T03:31:00+08:00') + day * DAY;
      scheduler.tick();
      scheduler.tick(); // once a day only
    }
    expect(done).toHaveLength(11);
    expect(listBackups(dir).map((b) => b.date)).toEqual([
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
      '2026-03-10',
    ]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    const copy = new Database(join(dir, 'kiosk-2026-03-10.sqlite'), { readonly: true });
    expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
    copy.close();
    db.close();
  });
});

describe('npm run store -- backup / restore', () => {
  it('restores a damaged store from a backup, refusing while a host runs and refusing a damaged backup', async () => {
    const dataDir = tempDir('store-restore');
    const path = join(dataDir, 'kiosk.sqlite');
    host = await startHostProcess(OFFLINE_HOST_ARGS, { dataDir });
    const call = await uiClient(host.uiUrl);
    expect(
      await call('staff.setup', { username: 'tech1', password: 'technician-password-1', code: firstRunCode(host.dataDir) }),
    ).toMatchObject({ ok: true });
    expect(listBackups(join(dataDir, 'backups'))).toHaveLength(1); // the one made at start

    const made = store('backup', '--data-dir', dataDir);
    expect(made.status, made.stderr).toBe(0);
    const backup = /backed up to (\S+)/u.exec(made.stdout)![1]!;
    expect(statSync(backup).mode & 0o777).toBe(0o600);

    const whileRunning = store('restore', '--data-dir', dataDir, '--from', backup);
    expect(whileRunning.status).toBe(1);
    expect(whileRunning.stderr).toMatch(/a host \(pid \d+\) is using/u);

    await (await request(`${host.printServiceUrl}/healthz`)).body.dump();
    expect((await host.stop('SIGTERM')).code).toBe(0);
    host = undefined;
    damage(path);

    const badBackup = join(tempDir('store-bad-backup'), 'kiosk-2026-01-01.sqlite');
    copyFileSync(path, badBackup);
    const refused = store('restore', '--data-dir', dataDir, '--from', badBackup);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('is damaged too');

    const restored = store('restore', '--data-dir', dataDir, '--from', backup);
    expect(restored.status, restored.stderr).toBe(0);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dataDir).some((f) => f.startsWith('kiosk.sqlite.replaced-'))).toBe(true);

    // The host starts on the restored store, and what the backup held is there.
    host = await startHostProcess(OFFLINE_HOST_ARGS, { dataDir });
    const again = await uiClient(host.uiUrl);
    expect(await again('staff.login', { username: 'tech1', password: 'technician-password-1' })).toMatchObject({ ok: true });
    expect(existsSync(join(dataDir, 'host.pid'))).toBe(true);
  });
});
