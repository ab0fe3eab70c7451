import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
// `node --import tsx`, not the tsx wrapper: one process, so that SIGKILL really kills the host.
const NODE_ARGS = ['--import', 'tsx'];

export interface HostProcess {
  child: ChildProcess;
  dataDir: string;
  printServiceUrl: string;
  uiUrl: string;
  centralUrl: string;
  stdout: () => string;
  stderr: () => string;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `${prefix}-`));

/** A client identity as Vista issues one (not seed 003's placeholder): a host outside the demo needs it. */
export const CLIENT_IDENTITY = { optionalClientClass: 'RSP', optionalClientId: '10.0.0.9', optionalClientName: 'CinemaKiosk' } as const;

/** The same identity as the host CLI's flags. */
export const CLIENT_IDENTITY_ARGS = [
  '--client-class',
  CLIENT_IDENTITY.optionalClientClass,
  '--client-id',
  CLIENT_IDENTITY.optionalClientId,
  '--client-name',
  CLIENT_IDENTITY.optionalClientName,
];

/** A cinema of its own (not the demo) whose central system never answers (port 9), without its client identity. */
export const OFFLINE_CINEMA_ARGS = [
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

/** A cinema host of its own (not the demo) whose central system never answers (port 9): for tests of the host itself. */
export const OFFLINE_HOST_ARGS = [...OFFLINE_CINEMA_ARGS, ...CLIENT_IDENTITY_ARGS];

/** The host CLI as a child process, its output piped; `fileLimit` runs it under `ulimit -n`. */
function spawnHost(dataDir: string, args: string[], options: { env?: Record<string, string>; fileLimit?: number } = {}): ChildProcess {
  const argv = [...NODE_ARGS, 'electron/host/cli.ts', '--data-dir', dataDir, ...args];
  const env = { KIOSK_LOG_LEVEL: 'warn', ...process.env, ...options.env };
  // `ulimit -n` sets the soft and the hard limit: Node raises a soft limit to the hard one at start.
  return options.fileLimit === undefined
    ? spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env })
    : spawn('bash', ['-c', 'ulimit -n "$0" && exec "$@"', String(options.fileLimit), process.execPath, ...argv], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env,
      });
}

/**
 * Runs the host CLI to its exit, for a start it refuses (the refusal comes before anything is bound or
 * contacted); killed after 30 s. The log level is `warn` unless `env` says otherwise.
 */
export function runHostToExit(
  args: string[],
  options: { dataDirPrefix?: string; env?: Record<string, string> } = {},
): Promise<{ code: number | null; stderr: string }> {
  const child = spawnHost(tempDir(options.dataDirPrefix ?? 'kiosk-host'), args, {
    env: { KIOSK_LOG_LEVEL: 'warn', ...options.env },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolveExit) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolveExit({ code, stderr });
    }),
  );
}

/** Starts `npm run headless` (the same CLI, without npm's wrapper) and waits for its READY line. */
export async function startHostProcess(
  args: string[],
  options: { dataDir?: string; timeoutMs?: number; fileLimit?: number } = {},
): Promise<HostProcess> {
  const dataDir = options.dataDir ?? tempDir('kiosk-host');
  const child = spawnHost(dataDir, args, options.fileLimit === undefined ? {} : { fileLimit: options.fileLimit });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const ready = await new Promise<string>((resolveReady, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no READY within ${options.timeoutMs ?? 30_000} ms\n${out}\n${err}`)),
      options.timeoutMs ?? 30_000,
    );
    const check = () => {
      const line = out.split('\n').find((l) => l.startsWith('READY '));
      if (line) {
        clearTimeout(timer);
        resolveReady(line);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}\n${out}\n${err}`));
    });
  });
  const field = (name: string) => new RegExp(`${name}=(\\S+)`, 'u').exec(ready)?.[1] ?? '';
  return {
    child,
    dataDir,
    printServiceUrl: field('print-service'),
    uiUrl: field('ui'),
    centralUrl: field('central'),
    stdout: () => out,
    stderr: () => err,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolveStop) => {
        if (child.exitCode !== null) return resolveStop({ code: child.exitCode, ms: 0 });
        const started = Date.now();
        child.once('exit', (code) => resolveStop({ code, ms: Date.now() - started }));
        child.kill(signal);
      }),
  };
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
