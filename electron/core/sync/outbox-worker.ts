import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import type { Logger } from '../observability/logger';
import type { DomainEvents } from '../observability/domain-events';
import type { AuditLog } from '../audit/audit-log';
import { CentralError, type CentralApi } from '../central/central-api';
import type { TicketSource } from '../central/ticket-source';
import { VistaCode } from '../central/response-codes';
import { withoutFlush, type Db } from '../storage/database';
import type { OutboxRepository, OutboxRow } from '../storage/repositories/outbox.repository';
import type { BookingPaymentsRepository } from '../storage/repositories/booking-payments.repository';
import { retryAt } from './due-rows.runner';

export interface OutboxWorkerSettings {
  pollMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  batch: number;
  /** Consecutive transport failures that open the circuit, and how long it stays open. */
  breakerFailures?: number;
  breakerOpenMs?: number;
  /** Events of different bookings sent at once (one booking's events always go in order). */
  concurrency?: number;
}

/** Codes after which repeating the same call cannot succeed: the event needs staff. */
const FINAL_CODES: ReadonlySet<number> = new Set([
  VistaCode.InvalidRequestData,
  VistaCode.BookingDoesNotExist,
  VistaCode.OrderHasBeenRefunded,
]);

interface CollectedPayload {
  bookingNumber: number;
  ticketSequenceNumbers: number[];
}

interface RefundPayload extends CollectedPayload {
  amountCents: number;
  reason: string;
  /** Absent in events written before fees could be kept: those refunded the fee. */
  refundBookingFee?: boolean;
}

export interface SyncStats {
  acknowledged: number;
  /** Milliseconds from an event's commit to central's acknowledgement, last 1,000. */
  lags: number[];
}

/**
 * Drains the outbox to the central API, oldest first and in order per booking, retrying with
 * jittered exponential backoff until acknowledged; after maxAttempts an event goes to dead letters.
 * A circuit breaker (cockatiel) stops hammering a central system that is down; while it is open,
 * waiting does not count against an event. Before repeating a call whose outcome is unknown (a
 * timeout, a reset, a 5xx), the worker reads the booking and skips what already took effect.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  readonly breaker: CircuitBreakerPolicy;
  readonly stats: SyncStats = { acknowledged: 0, lags: [] };

  constructor(
    private readonly deps: {
      db: Db;
      outbox: OutboxRepository;
      central: CentralApi;
      /** PaymentInfo of sales made here (CompleteOrder); RefundBooking sends it back. */
      payments: Pick<BookingPaymentsRepository, 'of'>;
      /** Printed marks go to the ticket source (central's MarkBookingAsCollected, or the cinema's SarftKioskService). */
      source: TicketSource;
      audit: AuditLog;
      logger: Logger;
      now: () => number;
      random?: () => number;
      events?: DomainEvents;
    },
    private readonly settings: OutboxWorkerSettings,
  ) {
    this.breaker = circuitBreaker(
      handleWhen((error) => error instanceof CentralError && (error.failure === 'unreachable' || error.failure === 'unknown-outcome')),
      { halfOpenAfter: settings.breakerOpenMs ?? 10_000, breaker: new ConsecutiveBreaker(settings.breakerFailures ?? 5) },
    );
    this.breaker.onStateChange((state) => deps.logger.warn({ breaker: CircuitState[state] }, 'central API circuit changed'));
  }

  start(): void {
    this.stopped = false;
    this.deps.events?.on('outbox.work', this.onWork);
    this.schedule(0);
  }

  /** Wakes the worker now: called after a commit that added events. */
  kick(): void {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  // Whoever commits outbox rows says so with `outbox.work`; nobody needs a handle on the worker.
  private readonly onWork = (): void => this.kick();

  async stop(): Promise<void> {
    this.stopped = true;
    this.deps.events?.off('outbox.work', this.onWork);
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  breakerState(): 'closed' | 'open' | 'half-open' | 'isolated' {
    return (
      {
        [CircuitState.Closed]: 'closed',
        [CircuitState.Open]: 'open',
        [CircuitState.HalfOpen]: 'half-open',
        [CircuitState.Isolated]: 'isolated',
      } as const
    )[this.breaker.state];
  }

  /** One pass over the due events; answers how many were acknowledged. */
  async drainOnce(): Promise<number> {
    let acknowledged = 0;
    const due = this.deps.outbox.due(this.deps.now(), this.settings.batch);
    const width = this.settings.concurrency ?? 8;
    // `due` holds at most one event per booking, so a group never carries two events of one booking.
    for (let i = 0; i < due.length && !this.stopped; i += width) {
      const delivered = await Promise.all(due.slice(i, i + width).map((event) => this.deliver(event)));
      acknowledged += delivered.filter(Boolean).length;
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
    const payload = JSON.parse(event.payload) as RefundPayload;
    try {
      await this.breaker.execute(async () => {
        if (event.kind === 'mark-collected') {
          if (event.last_failure === 'unknown-outcome' && (await this.deps.source.isMarkedPrinted(payload))) return;
          await this.deps.source.markPrinted(payload);
        } else if (event.kind === 'refund-local') {
          // A refund must never happen twice: after an unknown outcome, read first.
          if (event.last_failure === 'unknown-outcome' && (await this.alreadyRefunded(payload))) return;
          const payment = this.deps.payments.of(payload.bookingNumber);
          await this.deps.central.refundBooking({
            bookingNumber: payload.bookingNumber,
            ticketSequenceNumbers: payload.ticketSequenceNumbers,
            amountCents: payload.amountCents,
            reason: payload.reason,
            refundBookingFee: payload.refundBookingFee ?? true,
            ...(payment ? { payment } : {}),
          });
        } else {
          throw new CentralError('rejected', `unknown outbox event kind ${event.kind}`, VistaCode.InvalidRequestData);
        }
      });
    } catch (error) {
      this.fail(event, error);
      return false;
    }
    const lag = this.deps.now() - event.created_at;
    this.stats.acknowledged += 1;
    this.stats.lags.push(lag);
    if (this.stats.lags.length > 1_000) this.stats.lags.shift();
    const acknowledge = this.deps.db.transaction(() => {
      this.deps.outbox.markDone(event.id, this.deps.now());
      this.deps.audit.append({
        actor: 'sync',
        action: event.kind === 'refund-local' ? 'central.refund-acknowledged' : 'central.collected-acknowledged',
        subject: `booking:${event.booking_number}`,
        details: { outboxId: event.id, key: event.idempotency_key, attempts: event.attempts + 1 },
      });
    });
    // A printed mark's acknowledgement needs no fsync of its own (the next durable commit flushes it): a
    // power cut that loses it only sends the mark again, which changes nothing (MarkBookingAsCollected
    // is idempotent; the SARFT source reads the booking's marks first), as a cut just before this
    // commit would. A refund's acknowledgement is flushed at once: a refund sent twice is money.
    if (event.kind === 'mark-collected') withoutFlush(this.deps.db, acknowledge);
    else acknowledge();
    return true;
  }

  /** After an unknown outcome: did the earlier call take effect? Then it must not be sent again. */
  private async alreadyRefunded(payload: CollectedPayload): Promise<boolean> {
    // The members seed 003 §3.11 lists are enough, and all a seed-strict central answers.
    const booking = await this.deps.central.getBookingStatus(payload.bookingNumber);
    if (!booking) return false;
    return payload.ticketSequenceNumbers.every((n) => booking.tickets.find((t) => t.sequence === n)?.refunded === 'yes');
  }

  private fail(event: OutboxRow, error: unknown): void {
    const message = (error as Error).message;
    if (error instanceof BrokenCircuitError) {
      // The circuit is open: wait for it, without counting it against this event.
      this.deps.outbox.scheduleRetry(
        event.id,
        Math.round(this.deps.now() + (this.settings.breakerOpenMs ?? 10_000)),
        'central API circuit open',
        event.last_failure ?? 'unreachable',
        false,
      );
      return;
    }
    const failure = error instanceof CentralError ? error.failure : 'unknown-outcome';
    const final =
      error instanceof CentralError &&
      (error.failure === 'no-payment-info' ||
        (error.failure === 'rejected' && error.vistaCode !== undefined && FINAL_CODES.has(error.vistaCode)));
    if (final || event.attempts + 1 >= this.settings.maxAttempts) {
      this.deps.db.transaction(() => {
        this.deps.outbox.markDead(event.id, message);
        this.deps.audit.append({
          actor: 'sync',
          action: 'outbox.dead-letter',
          subject: `booking:${event.booking_number}`,
          details: { outboxId: event.id, error: message },
        });
      })();
      this.deps.logger.error({ outboxId: event.id, err: message }, 'outbox event moved to dead letters');
      return;
    }
    this.deps.outbox.scheduleRetry(event.id, retryAt(this.deps.now(), event.attempts, this.settings, this.deps.random), message, failure);
    this.deps.logger.warn({ outboxId: event.id, attempt: event.attempts + 1, failure, err: message }, 'outbox delivery failed; will retry');
  }
}
