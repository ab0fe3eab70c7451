import type { AuditLog } from '../audit/audit-log';
import type { IncompleteTicketsRepository } from '../storage/repositories/incomplete-tickets.repository';
import type { RequiredTicketField } from '../../../shared/domain/complete-ticket';

/**
 * Records a booking the print service refused to print because a ticket lacked required data
 * (shared/domain/complete-ticket.ts): kept for the box office's attention list and audited. The
 * audit gets a record when the booking is first refused, refused again after staff dismissed it, or
 * lacks other fields than before; repeated identical refusals only count up, so a customer pressing
 * Print again does not fill the audit trail. Called inside the caller's transaction.
 */
export class IncompleteTickets {
  constructor(private readonly deps: { repository: IncompleteTicketsRepository; audit: AuditLog }) {}

  record(bookingNumber: number, missing: RequiredTicketField[], by: { terminalId: string }, now: number): void {
    const before = this.deps.repository.get(bookingNumber);
    this.deps.repository.record(bookingNumber, missing, now);
    if (before && before.dismissed_at === null && before.missing === JSON.stringify(missing)) return;
    this.deps.audit.append({
      actor: `terminal:${by.terminalId}`,
      terminalId: by.terminalId,
      action: 'tickets.incomplete-refused',
      subject: `booking:${bookingNumber}`,
      details: { missing, reopened: before !== undefined },
    });
  }
}
