import type { Metrics } from '../observability/metrics';
import type { AbuseLimits } from '../print-service/abuse-limits';
import type { ClaimsRepository } from '../storage/repositories/claims.repository';
import type { OutboxRepository } from '../storage/repositories/outbox.repository';
import type { OutboxWorker } from '../sync/outbox-worker';
import type { Reconciler } from '../sync/reconciler';

export interface PrintServiceGaugeSources {
  claims: ClaimsRepository;
  limits: AbuseLimits;
  outbox: OutboxRepository;
  outboxWorker: OutboxWorker;
  reconciler: Reconciler;
  now: () => number;
}

/** Age of the oldest status change the central system has not acknowledged yet, in seconds (0 when none waits). */
export function oldestPendingSeconds(outbox: OutboxRepository, now: () => number): number {
  const oldest = outbox.depth().oldest;
  return oldest === null ? 0 : Math.max(0, (now() - oldest) / 1000);
}

/** The gauges an operator watches on /metrics: claims, lockouts, the outbox, the central circuit and the sync's lag. */
export function registerPrintServiceGauges(metrics: Metrics, sources: PrintServiceGaugeSources): void {
  const { claims, limits, outbox, outboxWorker, reconciler, now } = sources;
  metrics.gauge('sarft_claims_outstanding', 'Claims granted and not yet confirmed or expired', () => claims.outstanding(now()));
  metrics.gauge('sarft_lockouts_active', 'Accounts and print numbers locked by the abuse limits', () => limits.activeLockouts());
  metrics.gauge('sync_outbox_depth', 'Status changes waiting for the central API', () => outbox.depth().depth);
  metrics.gauge('sync_outbox_oldest_pending_seconds', 'Age of the oldest status change not yet acknowledged', () =>
    oldestPendingSeconds(outbox, now),
  );
  metrics.gauge('sync_dead_letters', 'Status changes that need staff', () => outbox.deadCount());
  metrics.gauge(
    'sync_breaker_open',
    'Central API circuit: 0 closed, 1 open, 0.5 half-open',
    () => ({ closed: 0, open: 1, 'half-open': 0.5, isolated: 1 })[outboxWorker.breakerState()],
  );
  metrics.gauge(
    'sync_mismatches_open',
    'Mismatches the last reconciliation left for staff',
    () => reconciler.lastReport()?.mismatches.filter((m) => !m.repaired).length ?? 0,
  );
  metrics.gauge(
    'sync_lag_p95_seconds',
    'Commit-to-acknowledgement time of the last 1,000 status changes, 95th percentile',
    () => percentile95(outboxWorker.stats.lags) / 1000,
  );
}

export function percentile95(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
}
