// The soak's peers in a process of their own (SOAK_PEERS=process): the central simulator and the
// virtual printer keep every booking and job, which would otherwise count in the host's RSS.
// Started by soak.bench.ts over IPC; reports READY with the URLs, then every printed job.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCentralSim } from '../electron/simulator/central-sim.server';
import { startVirtualPrinter } from '../electron/simulator/virtual-printer';

const sim = await startCentralSim({ port: 0, seed: 1 });
const printer = await startVirtualPrinter({ dir: mkdtempSync(join(tmpdir(), 'bench-soak-printer-')) });
printer.events.on('job', (job: { job: number }) => process.send!({ job: job.job }));
process.send!({ ready: { centralUrl: sim.baseUrl, token: sim.token, cinemaId: sim.cinemaId, printerUrl: printer.url } });
process.on('disconnect', () => {
  void Promise.allSettled([sim.close(), printer.close()]).then(() => process.exit(0));
});
