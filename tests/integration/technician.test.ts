import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningHost } from '../../electron/host/host';
import { startDemoHost } from '../support/in-process-host';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import type { UiCallName } from '../../shared/contract/ui';
import type { Result } from '../../shared/errors';
import { firstRunCode } from '../support/first-run';

let host: RunningHost;
let session: string;

beforeAll(async () => {
  host = await startDemoHost();
});
afterAll(() => host?.stop());

/** Through the dispatcher, as both transports call: input validated against the contract first. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are checked by shape below
const call = (name: UiCallName, input: unknown): Promise<Result<any>> => dispatchUiCall(host.core.handlers, name, input);

describe('staff sign-in and the technician calls', () => {
  it('has no default account: the first technician is made once, then setup is refused', async () => {
    expect(await call('staff.status', {})).toEqual({ ok: true, value: { needsSetup: true } });
    expect(await call('staff.login', { username: 'admin', password: 'admin' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
    const code = firstRunCode(host.config.dataDir);
    expect(host.core.firstRunCode).toBe(code);
    expect(await call('staff.setup', { username: 'tech1', password: 'short', code })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    // The page secret alone (what anyone reaching the UI port has) is not enough: the one-time code is needed.
    expect(await call('staff.setup', { username: 'mallory', password: 'a-long-password-1' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await call('staff.setup', { username: 'mallory', password: 'a-long-password-1', code: '' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED', details: { field: 'code' } },
    });
    expect(await call('staff.setup', { username: 'mallory', password: 'a-long-password-1', code: '1234-5678-9012' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED', details: { field: 'code' } },
    });
    // Two wrong codes slow setup down (a second); five would close it for 15 minutes.
    expect(await call('staff.setup', { username: 'tech1', password: 'a-long-password-1', code })).toMatchObject({
      ok: false,
      error: { code: 'TOO_MANY_ATTEMPTS' },
    });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(host.core.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'staff.setup-refused'").get()).toEqual({ n: 1 });
    expect(await call('staff.setup', { username: 'tech1', password: 'a-long-password-1', code })).toEqual({
      ok: true,
      value: { done: true },
    });
    expect(existsSync(join(host.config.dataDir, 'first-run-code'))).toBe(false);
    expect(await call('staff.setup', { username: 'tech2', password: 'a-long-password-2', code })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
    const login = await call('staff.login', { username: 'tech1', password: 'a-long-password-1' });
    expect(login).toMatchObject({ ok: true, value: { role: 'technician' } });
    session = login.ok ? login.value.session : '';
  });

  it('refuses technician calls without a live session', async () => {
    expect(await call('tech.diagnostics', { session: 'not-a-session-token' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
  });

  it('slows sign-in down after wrong passwords, the right one included while it waits', async () => {
    for (let i = 0; i < 2; i += 1)
      expect(await call('staff.login', { username: 'tech1', password: `wrong-${i}` })).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED' },
      });
    expect(await call('staff.login', { username: 'tech1', password: 'a-long-password-1' })).toMatchObject({
      ok: false,
      error: { code: 'TOO_MANY_ATTEMPTS', details: { retryAfter: 1 } },
    });
  });

  it('validates a printer profile and changes nothing when it is bad; saves and applies a good one, audited', async () => {
    const before = await call('tech.printer.get', { session });
    expect(before.ok).toBe(true);
    const profile = before.ok ? (before.value.profile as Record<string, unknown>) : undefined;
    expect(await call('tech.printer.update', { session, profile: { ...profile!, url: 'lpt1' } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await call('tech.printer.update', { session, profile: { ...profile!, url: 'serial:/dev/x?baud=3' } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await call('tech.printer.get', { session })).toMatchObject({ ok: true, value: { profile: { url: profile!.url } } });

    expect(await call('tech.printer.update', { session, profile: { ...profile!, qrMode: 'raster', cutMode: 'full' } })).toMatchObject({
      ok: true,
    });
    const saved = JSON.parse(readFileSync(join(host.config.dataDir, 'config.json'), 'utf8')) as { printer: { qrMode: string } };
    expect(saved.printer.qrMode).toBe('raster');
    const test = await call('tech.printer.testPage', { session });
    expect(test).toMatchObject({ ok: true, value: { printed: true } });
    const job = await new Promise<{ blocks: { kind: string }[] }>((resolve) => host.demo!.printer!.events.once('job', resolve));
    expect(job.blocks.some((b) => b.kind === 'raster')).toBe(true);
    expect(host.core.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'config.printer-updated'").get()).toEqual({ n: 1 });
  });

  it('adds and disables a print-service terminal', async () => {
    expect(await call('tech.terminals.add', { session, terminalId: 'KIOSK-09', password: 'a-long-password-9' })).toMatchObject({
      ok: true,
    });
    // Concurrent adds of one terminal: the store's UNIQUE constraint answers "exists", not a raw SQLite error.
    const racing = await Promise.all(
      Array.from({ length: 8 }, () => call('tech.terminals.add', { session, terminalId: 'KIOSK-10', password: 'a-long-password-10' })),
    );
    expect(racing.filter((r) => r.ok)).toHaveLength(1);
    for (const r of racing.filter((r) => !r.ok))
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'terminal exists' } });
    expect(await call('tech.terminals.setDisabled', { session, terminalId: 'KIOSK-09', disabled: true })).toMatchObject({ ok: true });
    const list = await call('tech.terminals.list', { session });
    expect(list.ok && list.value.terminals.find((t: { terminalId: string }) => t.terminalId === 'KIOSK-09')).toMatchObject({
      disabled: true,
    });
  });

  it('changes the central connection live, with the token sealed at rest and never shown', async () => {
    const sim = host.demo!.sim!;
    const wrong = await call('tech.central.update', {
      session,
      url: sim.baseUrl,
      cinemaId: '0200',
      optionalClientClass: 'RSP',
      optionalClientId: '10.0.0.9',
      optionalClientName: 'Kiosk',
      connectApiToken: 'wrong-token',
    });
    expect(wrong).toMatchObject({ ok: true, value: { tokenSet: true, optionalClientId: '10.0.0.9' } });
    expect(JSON.stringify(wrong)).not.toContain('wrong-token');
    expect(await call('tech.central.test', { session })).toMatchObject({ ok: true, value: { detail: expect.stringContaining('refused') } });
    const file = readFileSync(join(host.config.dataDir, 'config.json'), 'utf8');
    expect(file).not.toContain('wrong-token');
    expect(file).toContain('sealed:v2:');
    expect(
      await call('tech.central.update', {
        session,
        url: sim.baseUrl,
        cinemaId: '0200',
        optionalClientClass: 'RSP',
        optionalClientId: '10.0.0.9',
        optionalClientName: 'Kiosk',
        connectApiToken: sim.token,
      }),
    ).toMatchObject({ ok: true });
    expect(await call('tech.central.test', { session })).toMatchObject({
      ok: true,
      value: { reachable: true, detail: 'GetSingleBooking answered' },
    });
  });

  it('exports without secrets and imports back: devices at once, the rest at the next start; bad imports change nothing', async () => {
    const exported = await call('tech.config.export', { session });
    expect(JSON.stringify(exported)).not.toMatch(/connectApiToken|"password"/u);
    const config = exported.ok
      ? (exported.value.config as { printer: Record<string, unknown>; printService: Record<string, unknown> })
      : undefined;
    expect(await call('tech.config.import', { session, config: { terminal: { id: 'X' } } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await call('tech.config.import', { session, config: { printer: { ...config!.printer, url: 'nowhere' } } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    const imported = await call('tech.config.import', {
      session,
      config: { printer: { ...config!.printer, qrMode: 'native', cutMode: 'partial' }, printService: config!.printService },
    });
    expect(imported).toEqual({ ok: true, value: { applied: ['printer'], atNextStart: ['printService'] } });
    expect(await call('tech.printer.get', { session })).toMatchObject({ ok: true, value: { profile: { qrMode: 'native' } } });
  });
});
