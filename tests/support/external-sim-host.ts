import { silentLogger } from '../../electron/core/observability/logger';
import { startHost, type HostOptions, type RunningHost } from '../../electron/host/host';
import { startCentralSim, type RunningCentralSim } from '../../electron/simulator/central-sim.server';

/** A simulator that outlives host restarts, and a demo host on a kept data folder that uses it. */
export async function startExternalSim(options: { strictSeed?: boolean } = {}): Promise<RunningCentralSim> {
  return startCentralSim({ seed: 3, strictSeed: options.strictSeed === true });
}

export function startHostOn(
  sim: RunningCentralSim,
  dataDir: string,
  overrides: HostOptions['overrides'] = {},
  extra: Partial<HostOptions> = {},
): Promise<RunningHost> {
  return startHost(
    {
      demo: true,
      dataDir,
      centralUrl: sim.baseUrl,
      centralToken: sim.token,
      cinemaId: sim.cinemaId,
      printServicePort: 0,
      uiPort: 0,
      printer: 'virtual',
      overrides,
      ...extra,
    },
    silentLogger(),
  );
}
