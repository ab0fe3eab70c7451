import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CLIENT_IDENTITY_ARGS, ROOT, startHostProcess, tempDir, type HostProcess } from '../support/host-process';
import { startCentralSim, type RunningCentralSim } from '../../electron/simulator/central-sim.server';
import { PrintServiceClient } from '../../electron/core/print-service/print-service.client';

let host: HostProcess | undefined;
let sim: RunningCentralSim | undefined;
afterEach(async () => {
  await host?.stop('SIGKILL');
  host = undefined;
  await sim?.close();
  sim = undefined;
});

const modeOf = (path: string) => statSync(path).mode & 0o777;

/** A secret in an owner-only file, as an operator keeps it (with the trailing newline an editor adds). */
function secretFile(value: string): string {
  const path = join(tempDir('kiosk-secret'), 'secret');
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return path;
}

/** Runs the host CLI to its end (for starts that must be refused). */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/host/cli.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KIOSK_LOG_LEVEL: 'warn' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe('the host start and its secrets', () => {
  it('refuses to start with an empty or short host secret (a start on a full disk), naming the file and what to do', async () => {
    for (const size of [0, 31]) {
      const dataDir = tempDir('kiosk-bad-secret');
      writeFileSync(join(dataDir, 'host-secret'), Buffer.alloc(size, 7));
      const run = await runCli(['--demo', '--data-dir', dataDir]);
      expect(run.code).toBe(1);
      expect(run.stdout).not.toContain('READY');
      expect(run.stderr).toContain(`${join(dataDir, 'host-secret')} holds ${size} bytes instead of 32`);
      expect(run.stderr).toContain('move the file away');
    }
  });

  it('makes an older, readable data folder owner-only at the start: the folder 0700, its files 0600, new files too', async () => {
    const dataDir = join(tempDir('kiosk-modes'), 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'host-secret'), randomBytes(32), { mode: 0o644 });
    writeFileSync(join(dataDir, 'config.json'), '{}', { mode: 0o644 });
    chmodSync(join(dataDir, 'config.json'), 0o644);
    host = await startHostProcess(['--demo'], { dataDir });
    expect(modeOf(dataDir)).toBe(0o700);
    for (const name of ['host-secret', 'config.json', 'kiosk.sqlite']) expect([name, modeOf(join(dataDir, name))]).toEqual([name, 0o600]);
    for (const name of readdirSync(dataDir)) {
      const stat = lstatSync(join(dataDir, name));
      // Everything made by this start (the database and its WAL, the demo files, the virtual printer's folder) is the owner's alone.
      expect([name, stat.mode & 0o077]).toEqual([name, 0]);
    }
  });

  it('reads the central token and the terminal password from files: the host runs against the central and a kiosk logs in', async () => {
    sim = await startCentralSim({ seed: 5 });
    const password = 'a-long-terminal-password';
    host = await startHostProcess([
      '--central-url',
      sim.baseUrl,
      '--central-token-file',
      secretFile(sim.token),
      '--cinema-id',
      sim.cinemaId,
      ...CLIENT_IDENTITY_ARGS,
      '--terminal-id',
      'KIOSK-01',
      '--terminal-password-file',
      secretFile(password),
      '--printer',
      'virtual',
    ]);
    expect(host.stderr()).not.toContain('visible to every user');
    const client = new PrintServiceClient({
      baseUrl: host.printServiceUrl,
      terminalId: 'KIOSK-01',
      username: 'KIOSK-01',
      password,
      timeoutMs: 10_000,
    });
    // A booking only the central knows: the host asks it with the token read from the file.
    const booking = sim.state.demoBookings().find((b) => b.state === 'unprinted')!;
    expect(await client.call('query', { printNo: booking.printNo })).toMatchObject({ kind: 'reply', resultCode: 0 });
  });

  it('still takes --terminal-password on the command line, with a warning that ps shows it', async () => {
    host = await startHostProcess(['--demo', '--terminal-id', 'KIOSK-77', '--terminal-password', 'visible-in-ps-1']);
    expect(host.stderr()).toContain(
      'warning: --terminal-password is visible to every user of this machine in ps; use --terminal-password-file FILE instead',
    );
  });

  it('refuses a secret given both ways, and an empty secret file', async () => {
    const both = await runCli(['--demo', '--terminal-id', 'K', '--terminal-password', 'x', '--terminal-password-file', secretFile('y')]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --terminal-password or --terminal-password-file, not both');
    const empty = join(tempDir('kiosk-secret'), 'empty');
    writeFileSync(empty, '\n');
    const run = await runCli(['--demo', '--terminal-id', 'K', '--terminal-password-file', empty]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is empty');
  });
});
