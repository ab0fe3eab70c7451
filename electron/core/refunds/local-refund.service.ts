import { fail, ok, type Result } from '../../../shared/errors';
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../storage/database';
import type { BookingsRepository } from '../storage/repositories/bookings.repository';
import type { OutboxRepository } from '../storage/repositories/outbox.repository';

export interface LocalRefundRequest {
  bookingNumber: number;
  ticketCodes: string[];
  reason: string;
  actor: string;
  terminalId: string;
}

/**
 * Refund of printed tickets at the cinema (Chinese rules: a printed ticket is refunded only at the
 * counter). The local state change, its outbox event (RefundBooking with MarkAsRefundedOnly) and
 * the audit record commit together; the central system hears of it through the outbox. The counter
 * UI, approvals and the refund slip come with the box office.
 */
export class LocalRefundService {
  constructor(private readonly deps: { db: Db; bookings: BookingsRepository; outbox: OutboxRepository; audit: AuditLog; now: () => number; kick: () => void }) {}

  refundPrinted(request: LocalRefundRequest): Result<{ refunded: string[]; amountCents: number }> {
    const reason = request.reason.trim();
    if (reason.length < 2 || reason.length > 400) return fail('VALIDATION', 'a reason of 2 to 400 characters is required', { field: 'reason' });
    const outcome = this.deps.db.transaction((): Result<{ refunded: string[]; amountCents: number }> => {
      const tickets = this.deps.bookings.tickets(request.bookingNumber);
      const chosen = tickets.filter((t) => request.ticketCodes.includes(t.ticket_code));
      if (chosen.length === 0 || chosen.length !== new Set(request.ticketCodes).size) return fail('VALIDATION', 'not tickets of this booking', { field: 'ticketCodes' });
      const notPrinted = chosen.filter((t) => t.state !== 'printed');
      if (notPrinted.length > 0) return fail(notPrinted.every((t) => t.state === 'refunded') ? 'REFUNDED' : 'VALIDATION', 'only printed tickets are refunded at the counter', { tickets: notPrinted.map((t) => `${t.ticket_code}:${t.state}`) });
      const now = this.deps.now();
      const amountCents = chosen.reduce((sum, t) => sum + t.price_cents + t.service_fee_cents, 0);
      for (const t of chosen) this.deps.bookings.setState(t.ticket_code, 'refunded', t.claim_id, now);
      const codes = chosen.map((t) => t.ticket_code);
      this.deps.outbox.add(
        { kind: 'refund-local', bookingNumber: request.bookingNumber, payload: { bookingNumber: request.bookingNumber, ticketSequenceNumbers: chosen.map((t) => t.sequence), ticketCodes: codes, amountCents, reason }, idempotencyKey: `refund:${request.bookingNumber}:${codes.join(',')}` },
        now,
      );
      this.deps.audit.append({ actor: request.actor, terminalId: request.terminalId, action: 'tickets.refunded-locally', subject: `booking:${request.bookingNumber}`, details: { tickets: codes, amountCents, reason } });
      return ok({ refunded: codes, amountCents });
    })();
    if (outcome.ok) this.deps.kick();
    return outcome;
  }
}
