import type { SaleCentral } from '../central/sale-api';
import type { Logger } from '../observability/logger';
import type { Db } from '../storage/database';
import type { SaleOutboxRepository, SaleOutboxRow } from '../storage/repositories/sale-outbox.repository';
import { DueRowRunner, retryAt } from './due-rows.runner';

/** Calls read and sent in one pass. */
const BATCH = 20;

export interface SaleOutboxSettings {
  pollMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Sends what sale orders owe central (CancelOrder) until central confirms: jittered exponential
 * backoff capped at maxDelayMs, never given up (a seat held by a dead order is a seat nobody can buy).
 * CancelOrder is idempotent at central (adapter note), so a repeat after a lost answer is safe.
 */
export class SaleOutboxWorker {
  private readonly runner: DueRowRunner<SaleOutboxRow>;

  constructor(
    private readonly deps: {
      db: Db;
      outbox: SaleOutboxRepository;
      central: Pick<SaleCentral, 'cancelOrder'>;
      /** Central confirmed: the order's state moves, in the transaction that closes the outbox row. */
      onCancelled: (orderId: string, attempts: number) => void;
      logger: Logger;
      now: () => number;
      random?: () => number;
    },
    private readonly settings: () => SaleOutboxSettings,
  ) {
    // Each call is about another order and CancelOrder is idempotent: a batch goes out at once.
    this.runner = new DueRowRunner(
      { due: () => this.deps.outbox.due(this.deps.now(), BATCH), handle: (row) => this.deliver(row) },
      { name: 'sale outbox', logger: deps.logger, pollMs: () => this.settings().pollMs, width: BATCH },
    );
  }

  start(): void {
    this.runner.start();
  }

  /** After a commit that queued a call. */
  kick(): void {
    this.runner.wake();
  }

  async stop(): Promise<void> {
    await this.runner.stop();
  }

  depth(): number {
    return this.deps.outbox.depth();
  }

  /** One pass over the due calls; answers how many central confirmed. */
  async drainOnce(): Promise<number> {
    return this.runner.runOnce();
  }

  private async deliver(row: SaleOutboxRow): Promise<boolean> {
    try {
      await this.deps.central.cancelOrder(row.order_id);
    } catch (error) {
      const message = (error as Error).message;
      this.deps.outbox.scheduleRetry(row.id, retryAt(this.deps.now(), row.attempts, this.settings(), this.deps.random), message);
      this.deps.logger.warn({ orderId: row.order_id, attempt: row.attempts + 1, err: message }, 'CancelOrder failed; will retry');
      return false;
    }
    this.deps.db.transaction(() => {
      if (this.deps.outbox.markDone(row.id, this.deps.now())) this.deps.onCancelled(row.order_id, row.attempts + 1);
    })();
    return true;
  }
}
