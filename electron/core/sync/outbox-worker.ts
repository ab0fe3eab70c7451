import type { Logger } from '../app/logger';
import type { AuditLog } from '../audit/audit-log';
import { CentralError, type CentralApi } from '../central/central-api';
import { VistaCode } from '../central/response-codes';
import type { Db } from '../storage/database';
import type { OutboxRepository, OutboxRow } from '../storage/repositories/outbox.repository';

export interface OutboxWorkerSettings {
  pollMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  batch: number;
}

/** Codes after which repeating the same call cannot succeed: the event needs staff. */
const FINAL_CODES: ReadonlySet<number> = new Set([VistaCode.InvalidRequestData, VistaCode.BookingDoesNotExist, VistaCode.OrderHasBeenRefunded]);

/**
 * Drains the outbox to the central API, oldest first and in order per booking, retrying with
 * jittered exponential backoff until acknowledged; after maxAttempts an event goes to dead letters.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: { db: Db; outbox: OutboxRepository; central: CentralApi; audit: AuditLog; logger: Logger; now: () => number; random?: () => number },
    private readonly settings: OutboxWorkerSettings,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Wakes the worker now: called after a commit that added events. */
  kick(): void {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over the due events; answers how many were acknowledged. */
  async drainOnce(): Promise<number> {
    let acknowledged = 0;
    for (const event of this.deps.outbox.due(this.deps.now(), this.settings.batch)) {
      if (this.stopped) break;
      if (await this.deliver(event)) acknowledged += 1;
    }
    return acknowledged;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.drainOnce()
        .catch((error: unknown) => this.deps.logger.error({ err: (error as Error).message }, 'outbox pass failed'))
        .then((sent) => {
          this.running = undefined;
          if (!this.stopped) this.schedule(sent && sent > 0 ? 0 : this.settings.pollMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private async deliver(event: OutboxRow): Promise<boolean> {
    const payload = JSON.parse(event.payload) as { bookingNumber: number; ticketSequenceNumbers: number[] };
    try {
      if (event.kind !== 'mark-collected') throw new CentralError('rejected', `unknown outbox event kind ${event.kind}`, VistaCode.InvalidRequestData);
      await this.deps.central.markCollected(payload);
    } catch (error) {
      this.fail(event, error);
      return false;
    }
    this.deps.db.transaction(() => {
      this.deps.outbox.markDone(event.id, this.deps.now());
      this.deps.audit.append({ actor: 'sync', action: 'central.collected-acknowledged', subject: `booking:${event.booking_number}`, details: { outboxId: event.id, key: event.idempotency_key } });
    })();
    return true;
  }

  private fail(event: OutboxRow, error: unknown): void {
    const message = (error as Error).message;
    const final = error instanceof CentralError && error.failure === 'rejected' && error.vistaCode !== undefined && FINAL_CODES.has(error.vistaCode);
    if (final || event.attempts + 1 >= this.settings.maxAttempts) {
      this.deps.db.transaction(() => {
        this.deps.outbox.markDead(event.id, message);
        this.deps.audit.append({ actor: 'sync', action: 'outbox.dead-letter', subject: `booking:${event.booking_number}`, details: { outboxId: event.id, error: message } });
      })();
      this.deps.logger.error({ outboxId: event.id, err: message }, 'outbox event moved to dead letters');
      return;
    }
    const exponential = Math.min(this.settings.maxDelayMs, this.settings.baseDelayMs * 2 ** event.attempts);
    const jittered = exponential / 2 + (this.deps.random ?? Math.random)() * (exponential / 2);
    this.deps.outbox.scheduleRetry(event.id, Math.round(this.deps.now() + jittered), message);
    this.deps.logger.warn({ outboxId: event.id, attempt: event.attempts + 1, err: message }, 'outbox delivery failed; will retry');
  }
}
