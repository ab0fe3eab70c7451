import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './host-process';

export interface SimProcess {
  process: ChildProcess;
  /** The simulator's central URL and token, from its `READY central=… token=…` line. */
  central: string;
  token: string;
  /** The cinema's SarftKioskService stand-in, from `sarft=… sarftUser=… sarftPassword=…`. */
  sarft: { url: string; username: string; password: string };
  /** The Alipay gateway simulator's `gateway.do` URL (`pay=`). */
  pay: string;
  stop(): void;
}

/**
 * The central simulator as a process of its own (`npm run sim`), so that it outlives a host killed
 * with SIGKILL and sees only what really reached it.
 */
export async function startSimProcess(extraArgs: string[] = []): Promise<SimProcess> {
  const sim = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['electron/simulator/cli.ts', '--port', '0', ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await new Promise<string>((resolve, reject) => {
    let out = '';
    sim.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('READY '));
      if (line) resolve(line);
    });
    sim.on('exit', (code) => reject(new Error(`simulator exited ${code} before READY`)));
  });
  return {
    process: sim,
    central: /central=(\S+)/u.exec(ready)![1]!,
    token: /token=(\S+)/u.exec(ready)![1]!,
    sarft: {
      url: / sarft=(\S+)/u.exec(ready)![1]!,
      username: / sarftUser=(\S+)/u.exec(ready)![1]!,
      password: / sarftPassword=(\S+)/u.exec(ready)![1]!,
    },
    pay: /pay=(\S+)/u.exec(ready)![1]!,
    stop: () => void sim.kill('SIGTERM'),
  };
}

/**
 * The flags of a demo host that uses this simulator process as its central system (and, with
 * `strictSeed`, its SarftKioskService as the ticket source) and prints on `printer`.
 */
export function demoHostArgs(sim: SimProcess, options: { printer: string; strictSeed?: boolean }): string[] {
  return [
    '--demo',
    '--central-url',
    sim.central,
    '--central-token',
    sim.token,
    '--cinema-id',
    '0200',
    '--printer',
    options.printer,
    ...(options.strictSeed
      ? ['--sarft-upstream', sim.sarft.url, '--sarft-upstream-user', sim.sarft.username, '--sarft-upstream-password', sim.sarft.password]
      : []),
  ];
}
