import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { ROOT, startHostProcess, tempDir, type HostProcess, OFFLINE_HOST_ARGS } from '../support/host-process';
import { uiClient } from '../support/ui-client';
import { firstRunCode } from '../support/first-run';

let host: HostProcess | undefined;
afterEach(async () => {
  await host?.stop('SIGKILL');
  host = undefined;
});

const node = (script: string, args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

/** Someone with the store file but not the key: edits a record and recomputes every hash after it. */
function forgeWithoutKey(path: string, seq: number): void {
  const raw = new Database(path);
  raw.exec('DROP TRIGGER audit_log_noUpdate');
  raw.prepare("UPDATE audit_log SET actor = 'staff:someone-else' WHERE seq = ?").run(seq);
  let prev = '0'.repeat(64);
  for (const row of raw.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Record<string, string | number | null>[]) {
    const sha = createHash('sha256')
      .update(JSON.stringify([prev, row.at, row.actor, row.terminal_id, row.action, row.subject, row.details]))
      .digest('hex');
    const hash = String(row.hash).startsWith('h2:') ? `h2:${sha}` : sha;
    raw.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, row.seq);
    prev = hash;
  }
  raw.close();
}

describe('the audit chain keyed with --audit-key-file', () => {
  it('makes the key outside the data folder, and audit:verify with the key finds a record edited and rechained without it', async () => {
    const dataDir = tempDir('audit-keyed-host');
    const keyFile = join(tempDir('audit-keyed-etc'), 'audit.key');
    host = await startHostProcess([...OFFLINE_HOST_ARGS, '--audit-key-file', keyFile], { dataDir });
    const call = await uiClient(host.uiUrl);
    expect(
      await call('staff.setup', { username: 'tech1', password: 'technician-password-1', code: firstRunCode(host.dataDir) }),
    ).toMatchObject({ ok: true });
    expect(await call('staff.login', { username: 'tech1', password: 'technician-password-1' })).toMatchObject({ ok: true });
    await (await request(`${host.printServiceUrl}/healthz`)).body.dump();
    expect((await host.stop('SIGTERM')).code).toBe(0);
    host = undefined;
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const intact = node('electron/host/audit-verify-cli.ts', ['--data-dir', dataDir, '--key-file', keyFile]);
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/audit chain intact: (\d+) records, \1 keyed/u);

    forgeWithoutKey(join(dataDir, 'kiosk.sqlite'), 2);
    const forged = node('electron/host/audit-verify-cli.ts', ['--data-dir', dataDir, '--key-file', keyFile]);
    expect(forged.status).toBe(1);
    expect(forged.stderr).toContain('broken at record 1');
  });

  it('refuses to start a keyed store without its key, and a key file inside the data folder', async () => {
    const dataDir = tempDir('audit-keyed-nokey');
    const keyFile = join(tempDir('audit-keyed-etc'), 'audit.key');
    host = await startHostProcess([...OFFLINE_HOST_ARGS, '--audit-key-file', keyFile], { dataDir });
    await (await request(`${host.printServiceUrl}/healthz`)).body.dump();
    expect((await host.stop('SIGTERM')).code).toBe(0);
    host = undefined;

    const withoutKey = node('electron/host/cli.ts', ['--data-dir', dataDir, ...OFFLINE_HOST_ARGS]);
    expect(withoutKey.status).toBe(2);
    expect(withoutKey.stderr).toContain('the audit chain of this store is keyed');

    const insideDir = tempDir('audit-key-inside');
    const inside = node('electron/host/cli.ts', [
      '--data-dir',
      insideDir,
      ...OFFLINE_HOST_ARGS,
      '--audit-key-file',
      join(insideDir, 'audit.key'),
    ]);
    expect(inside.status).toBe(2);
    expect(inside.stderr).toContain('is inside the data folder');
  });
});
