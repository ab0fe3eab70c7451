import { ok, type Result } from '../../../shared/errors';
import type { RefundRuleSettings } from '../../../shared/domain/refund-rules';
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../storage/database';
import type { BookingsRepository } from '../storage/repositories/bookings.repository';
import type { TicketStateMachine } from '../bookings/ticket-state-machine';
import type { LedgerRepository } from '../storage/repositories/ledger.repository';
import type { OutboxRepository } from '../storage/repositories/outbox.repository';
import type { RefundRow, RefundsRepository } from '../storage/repositories/refunds.repository';
import { checkRefund, ticketRefundCents, type RefundRequest } from './refund-rules';
import type { DomainEvents } from '../observability/domain-events';

export interface RefundDeps {
  db: Db;
  bookings: BookingsRepository;
  /** Every ticket state change goes through it. */
  tickets: TicketStateMachine;
  refunds: RefundsRepository;
  outbox: OutboxRepository;
  ledger: LedgerRepository;
  audit: AuditLog;
  rules: () => RefundRuleSettings;
  /** Central takes a ticket list with RefundBooking (its adapter's capability); otherwise only whole bookings are refunded. */
  partialRefunds: () => boolean;
  codeOf: (cinemaCode: string, refundId: number) => string;
  now: () => number;
  /** Raises `outbox.work` after a commit that queued a status change, so the outbox worker sends it now. */
  events: Pick<DomainEvents, 'emit'>;
  /**
   * Called inside the transaction that records a refund at the counter: a booking this store sold gets
   * its money-back (by the sale's tender) written there, so a crash after the commit never loses it.
   */
  afterLocalRefund?: (refund: RefundRow) => void;
}

/**
 * Refund of printed tickets at the cinema (Chinese rules: a printed ticket is refunded only at the
 * counter). The tickets' state, the refund row, the ledger, the outbox event (RefundBooking with
 * MarkAsRefundedOnly) and the audit record commit together; the central system hears of it through
 * the outbox. The slip is printed after the commit: the money has gone back whatever the printer does.
 * A booking this store sold also gets its money-back in that transaction (`afterLocalRefund`).
 */
export class LocalRefundService {
  constructor(private readonly deps: RefundDeps) {}

  refundPrinted(request: RefundRequest): Result<RefundRow> {
    const { db, tickets, refunds, outbox, ledger } = this.deps;
    const outcome = db.transaction((): Result<RefundRow> => {
      const now = this.deps.now();
      const checked = checkRefund('local', request, this.deps, now);
      if (!checked.ok) return checked;
      const { booking, chosen, quote, row } = checked.value;
      const refund = refunds.insert({ ...row, state: 'refunded', next_attempt_at: null, settled_at: now }, (id) =>
        this.deps.codeOf(booking.cinema_code, id),
      );
      const codes = chosen.map((t) => t.ticket_code);
      for (const t of chosen) {
        ledger.add({
          at: now,
          kind: 'refunded-local',
          booking_number: request.bookingNumber,
          ticket_code: t.ticket_code,
          amount_cents: ticketRefundCents(t, quote.refundBookingFee),
          actor: `staff:${request.clerk}`,
          terminal_id: request.terminalId,
          refund_code: refund.refund_code,
        });
      }
      outbox.add(
        {
          kind: 'refund-local',
          bookingNumber: request.bookingNumber,
          payload: {
            bookingNumber: request.bookingNumber,
            ticketSequenceNumbers: chosen.map((t) => t.sequence),
            ticketCodes: codes,
            amountCents: quote.totalCents,
            refundBookingFee: quote.refundBookingFee,
            reason: row.reason,
          },
          idempotencyKey: `refund:${refund.refund_code}`,
        },
        now,
      );
      tickets.refundLocally(request.bookingNumber, codes, now, {
        actor: `staff:${request.clerk}`,
        terminalId: request.terminalId,
        details: {
          refundCode: refund.refund_code,
          tickets: codes,
          amountCents: quote.totalCents,
          bookingFeeRefunded: quote.refundBookingFee,
          reason: row.reason,
          supervisor: request.supervisor,
          late: quote.late,
        },
      });
      this.deps.afterLocalRefund?.(refund);
      return ok(refund);
    })();
    if (outcome.ok) this.deps.events.emit('outbox.work');
    return outcome;
  }
}
