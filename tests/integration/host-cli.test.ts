import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { readJson, ROOT, startHostProcess, type HostProcess } from '../support/host-process';
import { startSimProcess } from '../support/sim-process';
import type { DemoBooking } from '../../electron/simulator/central-sim.state';

let host: HostProcess | undefined;
afterEach(async () => {
  await host?.stop('SIGKILL');
  host = undefined;
});

describe('npm run headless (the host CLI)', () => {
  it('prints READY with the print service, UI and central URLs, writes the demo files, and stops cleanly on SIGTERM within 2 s', async () => {
    host = await startHostProcess(['--demo', '--print-service-port', '0', '--ui-port', '0']);
    expect(host.printServiceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/u);
    expect(host.uiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/u);
    expect(host.centralUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/WSVistaWebClient$/u);

    const bookings = readJson<DemoBooking[]>(join(host.dataDir, 'demo-bookings.json'));
    for (const state of ['unprinted', 'printed', 'refunded', 'session-over', 'qr-pending'])
      expect(bookings.some((b) => b.state === state)).toBe(true);
    expect(bookings.filter((b) => b.state === 'unprinted' && b.ticketCount === 1).length).toBeGreaterThanOrEqual(2);
    expect(bookings.filter((b) => b.state === 'unprinted' && b.ticketCount === 4).length).toBeGreaterThanOrEqual(2);
    expect(bookings.every((b) => /^\d{16}$/u.test(b.printNo) && /^[A-Z0-9]{7}$/u.test(b.verifyCode))).toBe(true);
    expect(readJson<unknown[]>(join(host.dataDir, 'demo-terminals.json')).length).toBeGreaterThanOrEqual(2);
    expect(readJson<{ centralUrl: string; connectApiToken: string; cinemaId: string }>(join(host.dataDir, 'demo.json'))).toMatchObject({
      centralUrl: host.centralUrl,
      cinemaId: '0200',
    });
    expect(existsSync(join(host.dataDir, 'virtual-printer'))).toBe(true);

    const health = await request(`${host.printServiceUrl}/healthz`);
    expect(health.statusCode).toBe(200);
    await health.body.dump();
    const stopped = await host.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(2_000);
  });

  it('runs against an external simulator given --central-url', async () => {
    const sim = await startSimProcess(['--seed', '7']);
    try {
      const { central, token } = sim;
      host = await startHostProcess(['--demo', '--central-url', central, '--central-token', token, '--cinema-id', '0200']);
      expect(host.stdout()).toMatch(/READY print-service=\S+ ui=\S+/u);
      const bookings = readJson<DemoBooking[]>(join(host.dataDir, 'demo-bookings.json'));
      expect(bookings.length).toBeGreaterThan(5);
    } finally {
      sim.stop();
    }
  });

  it('refuses bad flags with a usage message and exit code 2', async () => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['electron/host/cli.ts', '--ui-port', 'abc', '--demo'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('--ui-port must be a port number');
  });
});
