import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { ROOT, startHostProcess, tempDir, type HostProcess } from '../support/host-process';

let host: HostProcess | undefined;
afterEach(async () => {
  await host?.stop('SIGKILL');
  host = undefined;
});

/** Runs the CLI to its exit: the refusal comes before anything is bound or contacted. */
function refusal(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/host/cli.ts', '--data-dir', tempDir('host-identity'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KIOSK_LOG_LEVEL: 'warn' },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stderr });
    }),
  );
}

// Port 9 (discard) on loopback: the refusal must come before any call to central anyway.
const CINEMA = [
  '--central-url',
  'http://127.0.0.1:9/WSVistaWebClient',
  '--central-token',
  'token',
  '--cinema-id',
  '0200',
  '--printer',
  'virtual',
  '--terminal-id',
  'K1',
  '--terminal-password',
  'terminal-password-1',
];

describe("a cinema's host never starts with seed 003's placeholder client identity", () => {
  it('without OptionalClientClass/Id/Name: exit 2, naming the settings and the flags', async () => {
    const { code, stderr } = await refusal(CINEMA);
    expect(code).toBe(2);
    expect(stderr).toContain('cannot start outside --demo');
    expect(stderr).toContain('central.optionalClientClass, central.optionalClientId, central.optionalClientName not set');
    expect(stderr).toContain('--client-class, --client-id and --client-name');
  });

  it("with the seed's example identity (111.111.111.111, 3rdParty): exit 2, naming each placeholder", async () => {
    const { code, stderr } = await refusal([
      ...CINEMA,
      '--client-class',
      'RSP',
      '--client-id',
      '111.111.111.111',
      '--client-name',
      '3rdParty',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain("central.optionalClientId is seed 003's placeholder 111.111.111.111");
    expect(stderr).toContain("central.optionalClientName is seed 003's placeholder 3rdParty");
  });

  it('--demo starts with the seed’s example identity, which its simulator stands in for', async () => {
    host = await startHostProcess(['--demo', '--client-id', '111.111.111.111']);
    expect(host.printServiceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/u);
    expect(host.stderr()).not.toContain('placeholder');
  });
});
