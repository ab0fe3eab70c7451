import type { SaleCentral } from '../central/sale-api';
import type { Logger } from '../observability/logger';
import type { Db } from '../storage/database';
import type { SaleOutboxRepository, SaleOutboxRow } from '../storage/repositories/sale-outbox.repository';

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
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

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
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** After a commit that queued a call. */
  kick(): void {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  depth(): number {
    return this.deps.outbox.depth();
  }

  /** One pass over the due calls; answers how many central confirmed. */
  async drainOnce(): Promise<number> {
    const due = this.deps.outbox.due(this.deps.now(), 20);
    const done = await Promise.all(due.map((row) => this.deliver(row)));
    return done.filter(Boolean).length;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.drainOnce()
        .catch((error: unknown) => {
          this.deps.logger.error({ err: (error as Error).message }, 'sale outbox pass failed');
          return 0;
        })
        .then((sent) => {
          this.running = undefined;
          if (!this.stopped) this.schedule(sent > 0 ? 0 : this.settings().pollMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private async deliver(row: SaleOutboxRow): Promise<boolean> {
    try {
      await this.deps.central.cancelOrder(row.order_id);
    } catch (error) {
      const { baseDelayMs, maxDelayMs } = this.settings();
      const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(row.attempts, 20));
      const wait = exponential / 2 + (this.deps.random ?? Math.random)() * (exponential / 2);
      const message = (error as Error).message;
      this.deps.outbox.scheduleRetry(row.id, Math.round(this.deps.now() + wait), message);
      this.deps.logger.warn({ orderId: row.order_id, attempt: row.attempts + 1, err: message }, 'CancelOrder failed; will retry');
      return false;
    }
    this.deps.db.transaction(() => {
      if (this.deps.outbox.markDone(row.id, this.deps.now())) this.deps.onCancelled(row.order_id, row.attempts + 1);
    })();
    return true;
  }
}
