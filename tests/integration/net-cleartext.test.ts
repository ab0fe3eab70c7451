import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { runHostToExit, startHostProcess, type HostProcess } from '../support/host-process';

let host: HostProcess | undefined;
afterEach(async () => {
  await host?.stop('SIGKILL');
  host = undefined;
});

/** Runs the CLI to its exit (a refusal comes before anything is bound or contacted). */
const refusal = (args: string[], env: Record<string, string> = {}) => runHostToExit(args, { dataDirPrefix: 'net-cleartext', env });

// 192.0.2.0/24 is TEST-NET-1: never routed, so nothing is contacted even by mistake.
const REMOTE = [
  '--print-service-url',
  'http://192.0.2.10:8443',
  '--terminal-id',
  'K-9',
  '--terminal-password',
  'kiosk-password-9',
  '--printer',
  'virtual',
];

describe('cleartext on the LAN is refused at start', () => {
  it('refuses --bind to a LAN address without --tls, an http:// print service and an http:// central API on another machine', async () => {
    const bind = await refusal(['--demo', '--bind', '0.0.0.0']);
    expect(bind.code).toBe(2);
    expect(bind.stderr).toContain('--bind 0.0.0.0 without --tls');
    expect(bind.stderr).toContain('--insecure-plaintext');

    const remote = await refusal(REMOTE);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain('--print-service-url http://192.0.2.10:8443 is plain http://');

    const central = await refusal([
      '--central-url',
      'http://192.0.2.10/WSVistaWebClient',
      '--central-token',
      'token',
      '--cinema-id',
      '0200',
      '--printer',
      'virtual',
      '--terminal-id',
      'K-1',
      '--terminal-password',
      'kiosk-password-1',
    ]);
    expect(central.code).toBe(2);
    expect(central.stderr).toContain('the central API URL http://192.0.2.10/WSVistaWebClient is plain http://');
  });

  it('starts with KIOSK_INSECURE_PLAINTEXT=1 (or --insecure-plaintext), and /healthz says so', async () => {
    process.env.KIOSK_INSECURE_PLAINTEXT = '1';
    try {
      host = await startHostProcess(REMOTE);
    } finally {
      delete process.env.KIOSK_INSECURE_PLAINTEXT;
    }
    expect(host.printServiceUrl).toBe('http://192.0.2.10:8443');
    await host.stop('SIGKILL');

    host = await startHostProcess(['--demo', '--bind', '127.0.0.1', '--insecure-plaintext']);
    const health = await request(`${host.printServiceUrl}/healthz`);
    expect(await health.body.json()).toMatchObject({ ok: true, insecurePlaintext: true });
  });

  it('does not report insecurePlaintext when the flag is absent', async () => {
    host = await startHostProcess(['--demo']);
    const health = (await (await request(`${host.printServiceUrl}/healthz`)).body.json()) as Record<string, unknown>;
    expect(health.insecurePlaintext).toBeUndefined();
  });
});
