import { statfsSync } from 'node:fs';
import type { UiOutput } from '../../../shared/contract/ui';
import type { LogTail } from '../observability/logger';
import type { StoreHealth } from '../storage/store-health';

/** The parts of the local print service a diagnosis reads; absent on a kiosk with a remote one. */
export interface SyncView {
  outboxDepth(): { depth: number; oldest: number | null };
  syncStatus(): { deadLetters: number; breaker: string; lagP95Ms: number };
}

/** The technician's one-page diagnosis: versions, disk, store, outbox, sync, the log's tail. */
export function diagnose(deps: {
  dataDir: string;
  sync: SyncView | undefined;
  logTail: LogTail;
  storeHealth?: StoreHealth | undefined;
}): UiOutput<'tech.diagnostics'> {
  const disk = statfsSync(deps.dataDir);
  return {
    versions: {
      app: process.env.npm_package_version ?? '0.1.0',
      node: process.version,
      electron: process.versions.electron ?? 'not running',
      sqlite: deps.sync ? 'better-sqlite3' : 'n/a',
    },
    dataDir: deps.dataDir,
    diskFreeBytes: Number(disk.bavail) * Number(disk.bsize),
    ...(deps.storeHealth ? { store: storeStatus(deps.storeHealth) } : {}),
    outbox: deps.sync?.outboxDepth() ?? { depth: 0, oldest: null },
    sync: deps.sync ? deps.sync.syncStatus() : null,
    logTail: deps.logTail.tail(50),
  };
}

function storeStatus(health: StoreHealth): { ok: boolean; problem?: string } {
  const report = health.check();
  return report.ok ? { ok: true } : { ok: false, problem: report.problem };
}
