import { afterAll, beforeAll } from 'vitest';
import { join } from 'node:path';
import { startVirtualPrinter, type RunningVirtualPrinter } from '../../electron/simulator/virtual-printer';
import { demoHostArgs, startSimProcess, type SimProcess } from './sim-process';

/** The peers of a host process that a test kills: filled in before the tests of the calling `describe` run. */
export interface KillPeers {
  sim: SimProcess;
  /** The simulator's central URL (its control API is on the same origin). */
  central: string;
  printer: RunningVirtualPrinter;
  /** The flags of a demo host that uses these peers, the simulator's SarftKioskService too with `strictSeed`. */
  hostArgs(): string[];
}

/**
 * Starts, for the calling `describe`, the simulator in a process of its own (seed-strict with
 * `strictSeed`) and a virtual printer that takes `acceptDelayMs` per job, and stops them after its
 * tests. Both outlive a host killed with SIGKILL, so they see what really happened.
 */
export function killPeers(options: { strictSeed: boolean; dataDir: string; acceptDelayMs: number }): KillPeers {
  const peers = {
    hostArgs: () => demoHostArgs(peers.sim, { printer: peers.printer.url, strictSeed: options.strictSeed }),
  } as KillPeers;
  beforeAll(async () => {
    peers.sim = await startSimProcess(options.strictSeed ? ['--strict-seed'] : []);
    peers.central = peers.sim.central;
    peers.printer = await startVirtualPrinter({ dir: join(options.dataDir, 'printer') });
    peers.printer.setFaults({ acceptDelayMs: options.acceptDelayMs });
  });
  afterAll(async () => {
    peers.sim?.stop();
    await peers.printer?.close();
  });
  return peers;
}
