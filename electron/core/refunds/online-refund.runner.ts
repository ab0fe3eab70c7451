import { ok, type Result } from '../../../shared/errors';
import type { UiEvent } from '../../../shared/contract/ui';
import type { Logger } from '../observability/logger';
import { CentralError, type CentralApi } from '../central/central-api';
import { VistaCode } from '../central/response-codes';
import { ticketCodesOf, type RefundRow } from '../storage/repositories/refunds.repository';
import type { TicketRow } from '../storage/repositories/bookings.repository';
import type { BookingPaymentsRepository } from '../storage/repositories/booking-payments.repository';
import { checkRefund, ticketRefundCents, type RefundRequest } from './refund-rules';
import type { RefundDeps } from './local-refund.service';
import { DueRowRunner } from '../sync/due-rows.runner';

export interface OnlineRefundSettings {
  /** Attempts before the refund is handed to staff (the seed: 10 or more). */
  maxAttempts: number;
  /** Time between attempts (the seed: 1 minute). */
  retryMs: number;
}

/** Answers after which sending the same refund again cannot help: staff must look. */
const FINAL_CODES: ReadonlySet<number> = new Set([VistaCode.InvalidRequestData, VistaCode.BookingDoesNotExist]);

/**
 * Online refund of unprinted tickets through RefundBooking, as seed 003 §3.12 advises: only
 * ResultCode 0 is a refund; without one, verify with GetSingleBooking before trying again, up to
 * `maxAttempts` times `retryMs` apart, then hand over to staff. The tickets are `refunding`
 * meanwhile, so no kiosk can print them. Each attempt is counted in the store before its request
 * leaves, so after a crash the next attempt verifies first: a refund never happens twice.
 */
export class OnlineRefundRunner {
  private readonly runner: DueRowRunner<RefundRow>;

  constructor(
    private readonly deps: RefundDeps & {
      central: CentralApi;
      /** PaymentInfo of sales made here (CompleteOrder); other bookings' is read from central. */
      payments: Pick<BookingPaymentsRepository, 'of'>;
      logger: Logger;
      emit: (event: UiEvent) => void;
      /**
       * Called inside the transaction that settles a refund central confirmed: a booking this store sold
       * gets its money-back queued there (the sale's own refund step), so a crash never loses it.
       */
      afterCentralRefund?: (refund: RefundRow) => void;
    },
    private readonly settings: () => OnlineRefundSettings,
  ) {
    this.runner = new DueRowRunner(
      { due: () => this.deps.refunds.due(this.deps.now()), handle: (refund) => this.attempt(refund) },
      { name: 'online refund', logger: deps.logger, pollMs: () => Math.min(1_000, this.settings().retryMs) },
    );
  }

  start(): void {
    this.runner.start();
  }

  async stop(): Promise<void> {
    await this.runner.stop();
  }

  /** Checks and records the refund, holds its tickets, and starts the first attempt. */
  begin(request: RefundRequest): Result<RefundRow> {
    const { db, tickets, refunds } = this.deps;
    const outcome = db.transaction((): Result<RefundRow> => {
      const now = this.deps.now();
      const checked = checkRefund('online', request, this.deps, now);
      if (!checked.ok) return checked;
      const { booking, chosen, quote, row } = checked.value;
      const refund = refunds.insert({ ...row, state: 'pending', next_attempt_at: now, settled_at: null }, (id) =>
        this.deps.codeOf(booking.cinema_code, id),
      );
      tickets.startOnlineRefund(
        request.bookingNumber,
        chosen.map((t) => t.ticket_code),
        now,
        {
          actor: `staff:${request.clerk}`,
          terminalId: request.terminalId,
          details: {
            refundCode: refund.refund_code,
            tickets: chosen.map((t) => t.ticket_code),
            amountCents: quote.totalCents,
            bookingFeeRefunded: quote.refundBookingFee,
            reason: row.reason,
            supervisor: request.supervisor,
            late: quote.late,
          },
        },
      );
      return ok(refund);
    })();
    if (outcome.ok) this.kick();
    return outcome;
  }

  /** Staff send a refund that needed them again: its next attempt verifies first. */
  retry(refund: RefundRow, actor: string): void {
    this.deps.db.transaction(() => {
      this.deps.refunds.requeue(refund.refund_id, this.deps.now());
      this.deps.audit.append({
        actor,
        action: 'refund.online-retried',
        subject: `booking:${refund.booking_number}`,
        details: { refundCode: refund.refund_code },
      });
    })();
    this.kick();
  }

  /**
   * Staff ask central what became of a refund that needed them: refunded, it is settled; not
   * refunded, its tickets go back to unprinted (the customer may collect them or ask again).
   */
  async checkCentral(refund: RefundRow, actor: string): Promise<'refunded' | 'released'> {
    const done = await this.refundedCentrally(refund);
    if (done) this.settleRefunded(refund, actor);
    else this.release(refund, actor);
    return done ? 'refunded' : 'released';
  }

  kick(): void {
    this.runner.wake();
  }

  private async attempt(refund: RefundRow): Promise<void> {
    const { maxAttempts, retryMs } = this.settings();
    const attempt = refund.attempts + 1;
    const verifyFirst = refund.attempts > 0;
    // Counted before the request leaves: after a crash here, the next attempt verifies first.
    this.deps.refunds.recordAttempt(refund.refund_id, this.deps.now() + retryMs, refund.last_error);
    const progress = (phase: Extract<UiEvent, { type: 'office.refund.progress' }>['phase'], detail?: string) =>
      this.deps.emit({
        type: 'office.refund.progress',
        refundCode: refund.refund_code,
        bookingNumber: refund.booking_number,
        phase,
        attempt,
        maxAttempts,
        ...(detail ? { detail } : {}),
      });
    let failure: string;
    try {
      if (verifyFirst) {
        progress('verifying');
        if (await this.refundedCentrally(refund)) {
          this.settleRefunded(refund, 'sync');
          progress('refunded', 'central shows the tickets refunded');
          return;
        }
      }
      progress('sending');
      await this.deps.central.refundBooking({
        bookingNumber: refund.booking_number,
        ticketSequenceNumbers: this.ticketsOf(refund).map((t) => t.sequence),
        amountCents: refund.ticket_cents + refund.booking_fee_cents,
        refundBookingFee: refund.booking_fee_refunded === 1,
        reason: refund.reason,
        ...this.ourPayment(refund.booking_number),
      });
      this.settleRefunded(refund, 'sync');
      progress('refunded');
      return;
    } catch (error) {
      failure = (error as Error).message;
      const final =
        error instanceof CentralError &&
        (error.failure === 'no-payment-info' ||
          (error.failure === 'rejected' && error.vistaCode !== undefined && FINAL_CODES.has(error.vistaCode)));
      if (final || attempt >= maxAttempts) {
        this.handOver(refund, failure);
        progress('needs-staff', failure);
        return;
      }
    }
    this.deps.refunds.recordError(refund.refund_id, failure);
    this.deps.logger.warn({ refundCode: refund.refund_code, attempt, err: failure }, 'online refund attempt failed; will verify and retry');
    progress('waiting', failure);
  }

  /** Our own sale's PaymentInfo, when the booking was sold here; else the adapter reads the booking's Payments. */
  private ourPayment(bookingNumber: number): { payment?: NonNullable<ReturnType<BookingPaymentsRepository['of']>> } {
    const payment = this.deps.payments.of(bookingNumber);
    return payment ? { payment } : {};
  }

  /** The refund's tickets as the store has them now. */
  private ticketsOf(refund: RefundRow): TicketRow[] {
    const codes = ticketCodesOf(refund);
    return this.deps.bookings.tickets(refund.booking_number).filter((t) => codes.includes(t.ticket_code));
  }

  private async refundedCentrally(refund: RefundRow): Promise<boolean> {
    // By sequence number, from the members seed 003 §3.11 lists: all that a seed-strict central answers.
    const central = await this.deps.central.getBookingStatus(refund.booking_number);
    const sequences = this.ticketsOf(refund).map((t) => t.sequence);
    return (
      central !== null &&
      sequences.length === ticketCodesOf(refund).length &&
      sequences.every((n) => central.tickets.find((t) => t.sequence === n)?.refunded === 'yes')
    );
  }

  private settleRefunded(refund: RefundRow, actor: string): void {
    const { db, tickets, refunds, ledger } = this.deps;
    db.transaction(() => {
      const now = this.deps.now();
      const settled = this.ticketsOf(refund);
      tickets.settleOnlineRefund(
        refund.booking_number,
        settled.map((t) => t.ticket_code),
        now,
        {
          actor,
          terminalId: refund.terminal_id,
          details: {
            refundCode: refund.refund_code,
            tickets: ticketCodesOf(refund),
            amountCents: refund.ticket_cents + refund.booking_fee_cents,
          },
        },
      );
      for (const t of settled) {
        ledger.add({
          at: now,
          kind: 'refunded-online',
          booking_number: refund.booking_number,
          ticket_code: t.ticket_code,
          amount_cents: ticketRefundCents(t, refund.booking_fee_refunded === 1),
          actor: `staff:${refund.clerk}`,
          terminal_id: refund.terminal_id,
          refund_code: refund.refund_code,
        });
      }
      refunds.settle(refund.refund_id, 'refunded', now);
      this.deps.afterCentralRefund?.(refund);
    })();
  }

  private handOver(refund: RefundRow, error: string): void {
    this.deps.db.transaction(() => {
      this.deps.refunds.settle(refund.refund_id, 'needs-staff', this.deps.now(), error);
      this.deps.audit.append({
        actor: 'sync',
        terminalId: refund.terminal_id,
        action: 'refund.online-needs-staff',
        subject: `booking:${refund.booking_number}`,
        details: { refundCode: refund.refund_code, error },
      });
    })();
    this.deps.logger.error({ refundCode: refund.refund_code, err: error }, 'online refund handed over to staff');
  }

  private release(refund: RefundRow, actor: string): void {
    const { db, tickets, refunds } = this.deps;
    db.transaction(() => {
      const now = this.deps.now();
      const held = this.ticketsOf(refund).filter((t) => t.state === 'refunding');
      refunds.settle(refund.refund_id, 'released', now);
      tickets.releaseOnlineRefund(
        refund.booking_number,
        held.map((t) => t.ticket_code),
        now,
        { actor, terminalId: refund.terminal_id, details: { refundCode: refund.refund_code, tickets: ticketCodesOf(refund) } },
      );
    })();
  }
}
