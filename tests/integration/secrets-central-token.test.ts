import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHost, type RunningHost } from '../../electron/host/host';
import { silentLogger } from '../../electron/core/observability/logger';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import type { UiCallName } from '../../shared/contract/ui';
import type { Result } from '../../shared/errors';
import { startDemoHost } from '../support/in-process-host';
import { sealSecret } from '../../electron/core/security/secret-box';
import { openCentralToken } from '../../electron/core/config/central-token';
import { firstRunCode } from '../support/first-run';

/** A central impostor on loopback: it records every request, headers and body, and answers 500. */
async function startListener(): Promise<{ url: string; received: () => string; close(): Promise<void> }> {
  let seen = '';
  const server: Server = createServer((req, res) => {
    seen += `${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n`;
    req.on('data', (d: Buffer) => (seen += d.toString()));
    req.on('end', () => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/WSVistaWebClient`,
    received: () => seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let host: RunningHost | undefined;
let listener: Awaited<ReturnType<typeof startListener>>;
let session: string;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are checked by shape below
const call = (name: UiCallName, input: unknown): Promise<Result<any>> => dispatchUiCall(host!.core.handlers, name, input);
const clientFields = { cinemaId: '0200', optionalClientClass: 'RSP', optionalClientId: '10.0.0.9', optionalClientName: 'Kiosk' };

beforeAll(async () => {
  host = await startDemoHost();
  listener = await startListener();
  await call('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(host!.config.dataDir) });
  const login = await call('staff.login', { username: 'tech1', password: 'a-long-password-1' });
  session = login.ok ? login.value.session : '';
});
afterAll(async () => {
  await host?.stop();
  await listener?.close();
});

/** This host again from its saved config.json alone (no demo, no central flags): what a restart reads. */
const startSavedHost = (dataDir: string): Promise<RunningHost> =>
  startHost(
    {
      demo: false,
      dataDir,
      printServicePort: 0,
      uiPort: 0,
      printer: 'virtual',
      terminal: { id: 'KIOSK-01', password: 'a-long-password-k' },
    },
    silentLogger(),
  );

describe('the central token goes only where it was entered for', () => {
  it('refuses a new central address without the token, and the old token never reaches it', async () => {
    const sim = host!.demo!.sim!;
    const moved = await call('tech.central.update', { session, url: listener.url, ...clientFields });
    expect(moved).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { field: 'connectApiToken' } } });
    expect(host!.config.central!.url).toBe(sim.baseUrl);
    // The connection in use is still the simulator's: a probe goes there, not to the listener.
    expect(await call('tech.central.test', { session })).toMatchObject({ ok: true, value: { reachable: true } });
    expect(listener.received()).not.toContain(sim.token);
    expect(listener.received()).toBe('');
  });

  it('refuses plain http: to another machine, token or not', async () => {
    const reply = await call('tech.central.update', {
      session,
      url: 'http://192.0.2.7/WSVistaWebClient',
      ...clientFields,
      connectApiToken: 'typed-again',
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { field: 'url' } } });
  });

  it('keeps the token for another path on the same origin', async () => {
    const sim = host!.demo!.sim!;
    expect(await call('tech.central.update', { session, url: `${sim.baseUrl}/`, ...clientFields })).toMatchObject({
      ok: true,
      value: { tokenSet: true },
    });
    expect(await call('tech.central.update', { session, url: sim.baseUrl, ...clientFields })).toMatchObject({ ok: true });
  });

  it('takes the new address with the token entered again, audits old and new address, and sends that token only', async () => {
    const sim = host!.demo!.sim!;
    expect(
      await call('tech.central.update', { session, url: listener.url, ...clientFields, connectApiToken: 'listener-token' }),
    ).toMatchObject({ ok: true, value: { url: listener.url } });
    await call('tech.central.test', { session });
    expect(listener.received()).toContain('listener-token');
    expect(listener.received()).not.toContain(sim.token);
    const audit = host!.core.db
      .prepare("SELECT details FROM audit_log WHERE action = 'config.central-updated' ORDER BY seq DESC LIMIT 1")
      .get() as { details: string };
    expect(JSON.parse(audit.details)).toMatchObject({
      url: listener.url,
      previousUrl: sim.baseUrl,
      originChanged: true,
      tokenChanged: true,
    });
  });

  it('makes the saved token unusable when central.url is edited by hand in config.json: the start is refused, nothing is sent', async () => {
    const dataDir = host!.config.dataDir;
    await host!.stop();
    host = undefined;
    const other = await startListener();
    try {
      const path = join(dataDir, 'config.json');
      const file = JSON.parse(readFileSync(path, 'utf8')) as { central: { url: string; connectApiToken: string } };
      expect(file.central.url).toBe(listener.url);
      expect(file.central.connectApiToken).toMatch(/^sealed:v2:/u);
      writeFileSync(path, JSON.stringify({ ...file, central: { ...file.central, url: other.url } }));
      const start = startSavedHost(dataDir);
      await expect(start).rejects.toThrow(/central token was saved for another address than central\.url/u);
      expect(other.received()).toBe('');
      // Put back, the address works again with the same saved token.
      writeFileSync(path, JSON.stringify(file));
      host = await startSavedHost(dataDir);
      expect(host.config.central).toMatchObject({ url: listener.url, connectApiToken: 'listener-token' });
    } finally {
      await other.close();
    }
  });

  it('binds a token saved by an older version (sealed without its origin) to the address beside it at the first start', async () => {
    const dataDir = host!.config.dataDir;
    await host!.stop();
    const path = join(dataDir, 'config.json');
    const file = JSON.parse(readFileSync(path, 'utf8')) as { central: { url: string; connectApiToken: string } };
    writeFileSync(path, JSON.stringify({ ...file, central: { ...file.central, connectApiToken: sealSecret(dataDir, 'legacy-token') } }));
    host = await startSavedHost(dataDir);
    expect(host.config.central!.connectApiToken).toBe('legacy-token');
    const resealed = (JSON.parse(readFileSync(path, 'utf8')) as typeof file).central.connectApiToken;
    expect(resealed).toMatch(/^sealed:v2:/u);
    expect(openCentralToken(dataDir, resealed, listener.url)).toBe('legacy-token');
  });

  it('leaves a token sealed for another address out, without refusing the start, when the flags give the connection', async () => {
    const dataDir = host!.config.dataDir;
    await host!.stop();
    host = undefined;
    const path = join(dataDir, 'config.json');
    const file = JSON.parse(readFileSync(path, 'utf8')) as { central: { url: string } };
    writeFileSync(path, JSON.stringify({ ...file, central: { ...file.central, url: 'https://elsewhere.example/WSVistaWebClient' } }));
    host = await startHost({ demo: true, dataDir, printServicePort: 0, uiPort: 0, printer: 'virtual' }, silentLogger());
    expect(host.config.central).toMatchObject({ url: host.demo!.sim!.baseUrl, connectApiToken: host.demo!.sim!.token });
  });
});
