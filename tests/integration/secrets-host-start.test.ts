import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir, type HostProcess } from '../support/host-process';

let host: HostProcess | undefined;
afterEach(async () => {
  await host?.stop('SIGKILL');
  host = undefined;
});

/** Runs the host CLI to its end (for starts that must be refused). */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/host/cli.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KIOSK_LOG_LEVEL: 'warn' } });
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
});
