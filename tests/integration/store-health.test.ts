import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { readJson, ROOT, startHostProcess, tempDir, type HostProcess, OFFLINE_HOST_ARGS } from '../support/host-process';
import { uiClient } from '../support/ui-client';
import { ensureDir, fillDisk, mountTmpfs } from '../support/tmpfs';
import type { DemoBooking } from '../../electron/simulator/central-sim.state';
import { firstRunCode } from '../support/first-run';

let host: HostProcess | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await host?.stop('SIGKILL');
  host = undefined;
  for (const c of cleanups.splice(0).reverse()) c();
});

/** A kiosk with its own print service against a central system that is not there: enough to open the store. */

async function health(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const reply = await request(`${url}/healthz`);
  return { status: reply.statusCode, body: (await reply.body.json()) as Record<string, unknown> };
}

function runHost(dataDir: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/host/cli.ts', '--data-dir', dataDir, ...OFFLINE_HOST_ARGS], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, KIOSK_LOG_LEVEL: 'warn' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    // Bounded: a host that starts after all is stopped, and the test fails on its exit code.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('a damaged store file', () => {
  it('stops the host at start with the file named and how to restore it from the backup', async () => {
    const dataDir = tempDir('store-damaged');
    host = await startHostProcess(OFFLINE_HOST_ARGS, { dataDir });
    // Answers before it is stopped: the signal handlers are in place then. A clean stop checkpoints the WAL into the file.
    expect((await health(host.printServiceUrl)).body).toMatchObject({ store: 'ok' });
    expect((await host.stop('SIGTERM')).code).toBe(0);
    host = undefined;

    // Garbage over the audit table's root page of the stopped host's store.
    const path = join(dataDir, 'kiosk.sqlite');
    const db = new Database(path, { readonly: true });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const root = (db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'audit_log'").get() as { rootpage: number }).rootpage;
    db.close();
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
    closeSync(fd);

    const refused = await runHost(dataDir);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`the store ${path} is damaged`);
    expect(refused.stderr).toContain(`npm run store -- restore --data-dir ${dataDir} --from ${join(dataDir, 'backups')}/kiosk-`);
  });
});

describe('a full disk under the data folder', () => {
  it('turns /healthz to 503 with the store failing, and a collection answers STORE_FAILING, not CENTRAL_UNREACHABLE', async (ctx) => {
    const fs = mountTmpfs(48);
    if (!fs.ok) return ctx.skip(fs.reason);
    cleanups.push(fs.unmount);
    host = await startHostProcess(['--demo'], { dataDir: ensureDir(join(fs.dir, 'data')) });
    const healthy = await health(host.printServiceUrl);
    expect(healthy.body).toMatchObject({ store: 'ok' });
    const call = await uiClient(host.uiUrl);
    expect(
      await call('staff.setup', { username: 'tech1', password: 'technician-password-1', code: firstRunCode(host.dataDir) }),
    ).toMatchObject({ ok: true });
    // The customer looks the booking up (the kiosk signs in to its print service), then the disk fills.
    const booking = readJson<DemoBooking[]>(join(host.dataDir, 'demo-bookings.json')).find((b) => b.state === 'unprinted')!;
    expect(await call('kiosk.lookup', { printNo: booking.printNo, verifyCode: booking.verifyCode })).toMatchObject({ ok: true });

    const free = fillDisk(fs.dir);
    const full = await health(host.printServiceUrl);
    expect(full.status).toBe(503);
    expect(full.body).toMatchObject({
      ok: false,
      status: 'degraded',
      store: 'failing',
      storeProblem: expect.stringMatching(/disk nearly full/u),
    });

    const collected = await call('kiosk.collect', { printNo: booking.printNo, verifyCode: booking.verifyCode });
    expect(collected).toMatchObject({ ok: false, error: { code: 'STORE_FAILING' } });
    // The technician still gets in to deal with it; the sign-in's audit record could not be written.
    expect(await call('staff.login', { username: 'tech1', password: 'technician-password-1' })).toMatchObject({ ok: true });

    // Room again: the store takes writes again without a restart; the lost audit record stays on the report a while.
    free();
    const after = await health(host.printServiceUrl);
    expect(after.body.storeProblem).not.toMatch(/disk nearly full|write probe failed/u);
    expect(after.body.storeProblem).toMatch(/audit write failed \(staff\.login/u);
    expect(await call('kiosk.collect', { printNo: booking.printNo, verifyCode: booking.verifyCode })).toMatchObject({ ok: true });
  });
});

describe('an audit table that refuses writes', () => {
  it('still lets staff sign in, logs an alert and shows the store failing on /healthz', async () => {
    host = await startHostProcess(['--demo']);
    const call = await uiClient(host.uiUrl);
    expect(
      await call('staff.setup', { username: 'tech1', password: 'technician-password-1', code: firstRunCode(host.dataDir) }),
    ).toMatchObject({ ok: true });

    const db = new Database(join(host.dataDir, 'kiosk.sqlite'));
    db.exec("CREATE TRIGGER audit_log_refuse BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit table refuses writes'); END");
    db.close();

    const login = await call('staff.login', { username: 'tech1', password: 'technician-password-1' });
    expect(login).toMatchObject({ ok: true, value: { role: 'technician' } });
    const after = await health(host.printServiceUrl);
    expect(after.status).toBe(503);
    expect(after.body).toMatchObject({
      store: 'failing',
      storeProblem: expect.stringMatching(/audit write failed \(staff\.login staff:tech1/u),
    });
    const session = (login as { value: { session: string } }).value.session;
    const diagnostics = await call('tech.diagnostics', { session });
    expect(JSON.stringify(diagnostics)).toContain('ALERT: an audit record could not be written');
    expect(diagnostics).toMatchObject({ ok: true, value: { store: { ok: false, problem: expect.stringMatching(/audit write failed/u) } } });
  });
});
