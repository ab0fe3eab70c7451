import type { VistaHttpClient } from '../central/vista-http.client';
import type { StoreHealth } from '../storage/store-health';
import type { OutboxRepository } from '../storage/repositories/outbox.repository';
import type { OutboxWorker } from '../sync/outbox-worker';
import { oldestPendingSeconds } from './print-service-gauges';

export interface PrintServiceHealthSources {
  storeHealth: StoreHealth;
  central: Pick<VistaHttpClient, 'health'>;
  /** The ticket source in use; with `vista-sarft`, the cinema's SarftKioskService is checked like central. */
  ticketSource: { kind: string; sarft?: Pick<VistaHttpClient, 'health'> };
  /** Whether the printer answers; cached, since a probe opens a printer connection. */
  printerReady: () => Promise<boolean>;
  outbox: OutboxRepository;
  outboxWorker: OutboxWorker;
  now: () => number;
  /** The sync is unhealthy when its oldest unacknowledged change is older than this. */
  lagAlertSeconds: number;
  insecurePlaintext: boolean;
}

/**
 * The detailed /healthz answer. `ok` is the store alone (without it nothing can be recorded, so a load
 * balancer should stop sending kiosks); central, the printer and the sync only make the status `degraded`.
 */
export function printServiceHealth(sources: PrintServiceHealthSources) {
  return async () => {
    const storeCheck = sources.storeHealth.check();
    const store = storeCheck.ok;
    const centralHealth = sources.central.health();
    const sarftHealth = sources.ticketSource.sarft?.health();
    const printer = await sources.printerReady();
    const sync = {
      depth: sources.outbox.depth().depth,
      oldestPendingSeconds: Math.round(oldestPendingSeconds(sources.outbox, sources.now)),
      deadLetters: sources.outbox.deadCount(),
      breaker: sources.outboxWorker.breakerState(),
    };
    const syncHealthy = sync.oldestPendingSeconds <= sources.lagAlertSeconds && sync.breaker === 'closed';
    return {
      ok: store,
      status: store && centralHealth.reachable !== false && sarftHealth?.reachable !== false && printer && syncHealthy ? 'ok' : 'degraded',
      store: store ? 'ok' : 'failing',
      ...(storeCheck.ok ? {} : { storeProblem: storeCheck.problem }),
      central: centralHealth,
      ticketSource: { kind: sources.ticketSource.kind, ...(sarftHealth ? { sarftKioskService: sarftHealth } : {}) },
      printer: printer ? 'ready' : 'not ready',
      sync,
      ...(sources.insecurePlaintext ? { insecurePlaintext: true } : {}),
    };
  };
}
