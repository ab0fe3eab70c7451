import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/** socat between two addresses (pty pairs, pty ⇄ TCP), waiting until the named links exist. */
export async function startSocat(a: string, b: string, links: string[]): Promise<{ child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn('socat', [a, b], { stdio: 'ignore' });
  const deadline = Date.now() + 5_000;
  while (!links.every((l) => existsSync(l))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`socat did not make ${links.join(', ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
