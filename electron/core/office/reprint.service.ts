import { fail, ok, type Result } from '../../../shared/errors';
import type { TicketState } from '../../../shared/domain/ticket';
import type { AuditLog } from '../audit/audit-log';
import { toIsoWithOffset } from '../central/vista-date';
import type { TicketPrinter } from '../printing/ticket-printer';
import type { PrinterProfile } from '../config/config';
import { reasonOf } from '../refunds/refund-rules';
import { buildTicketBytes } from '../printing/ticket-layout';
import type { Db } from '../storage/database';
import type { BookingsRepository, TicketRow } from '../storage/repositories/bookings.repository';
import type { TicketStateMachine } from '../bookings/ticket-state-machine';
import type { LedgerRepository } from '../storage/repositories/ledger.repository';
import type { OutboxRepository } from '../storage/repositories/outbox.repository';
import type { DomainEvents } from '../observability/domain-events';

export interface ReprintRequest {
  ticketCode: string;
  reason: string;
  clerk: string;
  supervisor: string;
  terminalId: string;
}

const REPRINTABLE: ReadonlySet<TicketState> = new Set(['printed', 'unknown']);

/**
 * Reprint of a printed ticket (lost, jammed) or of one whose print outcome is unknown, with a
 * supervisor's approval. The count goes up and the ticket is `printing` before the first byte
 * leaves; the ticket shows "REPRINT n"; the printer's confirmation makes it printed again, and a
 * ticket that was unknown is then marked collected at the central side too.
 */
export class ReprintService {
  constructor(
    private readonly deps: {
      db: Db;
      bookings: BookingsRepository;
      tickets: TicketStateMachine;
      outbox: OutboxRepository;
      ledger: LedgerRepository;
      audit: AuditLog;
      printer: TicketPrinter;
      cinemaOffsetMinutes: number;
      now: () => number;
      /** Raises `outbox.work` after a commit that queued a status change. */
      events: Pick<DomainEvents, 'emit'>;
    },
  ) {}

  async reprint(request: ReprintRequest): Promise<Result<{ printed: boolean; reprintCount: number; state: TicketState }>> {
    const { db, bookings, tickets } = this.deps;
    const checked = reasonOf(request.reason);
    if (!checked.ok) return checked;
    const reason = checked.value;
    const ticket = bookings.ticketByCode(request.ticketCode);
    const booking = ticket && bookings.booking(ticket.booking_number);
    if (!ticket || !booking) return fail('NOT_FOUND', 'no such ticket here', { ticketCode: request.ticketCode });
    const refused = this.refusal(ticket);
    if (refused) return refused;

    const reprintCount = ticket.reprint_count + 1;
    const printedAt = toIsoWithOffset({ epochMs: this.deps.now(), offsetMinutes: this.deps.cinemaOffsetMinutes });
    const layout = (profile: PrinterProfile) =>
      buildTicketBytes(
        {
          ticketCode: ticket.ticket_code,
          cinemaName: booking.cinema_name,
          screenName: booking.screen_name,
          filmName: booking.film_title,
          sessionDateTime: booking.session_at,
          seatName: ticket.seat_name,
          priceCents: ticket.price_cents,
          serviceFeeCents: ticket.service_fee_cents,
          printFlag: 1,
          state: ticket.state,
          returnValue: 0,
          ticketInfoCode: ticket.ticket_info_code,
          cinemaCode: booking.cinema_code,
          reprintCount,
        },
        { terminalId: request.terminalId, printedAt, reprint: reprintCount },
        profile,
      );
    const details = { ticketCode: ticket.ticket_code, reprint: reprintCount, reason, supervisor: request.supervisor, was: ticket.state };
    let changedMeanwhile: Result<never> | undefined;
    const { outcome, status } = await this.deps.printer.printDocument(layout, () =>
      db.transaction(() => {
        // The printer was ready; the ticket must still be reprintable now that its first byte goes.
        changedMeanwhile = this.refusal(bookings.ticketByCode(ticket.ticket_code)!);
        if (changedMeanwhile) return false;
        tickets.beginReprint(ticket.ticket_code, this.deps.now(), {
          actor: `staff:${request.clerk}`,
          terminalId: request.terminalId,
          details,
        });
        return true;
      })(),
    );
    if (changedMeanwhile) return changedMeanwhile;
    if (outcome === 'not-ready') return fail('PRINTER_NOT_READY', status.detail ?? status.state, { state: status.state });

    const now = this.deps.now();
    const state: TicketState = outcome === 'printed' ? 'printed' : 'unknown';
    db.transaction(() => {
      tickets.finishReprint(ticket.ticket_code, state === 'printed' ? 'printed' : 'unknown', now, printedAt, {
        actor: `staff:${request.clerk}`,
        terminalId: request.terminalId,
        details,
      });
      if (state === 'printed') {
        this.deps.ledger.add({
          at: now,
          kind: 'reprinted',
          booking_number: ticket.booking_number,
          ticket_code: ticket.ticket_code,
          amount_cents: 0,
          actor: `staff:${request.clerk}`,
          terminal_id: request.terminalId,
          refund_code: null,
        });
        if (ticket.state === 'unknown') {
          this.deps.outbox.addMarkCollected(
            ticket.booking_number,
            [ticket],
            `collected:reprint:${ticket.ticket_code}:${reprintCount}`,
            now,
          );
        }
      }
    })();
    if (state === 'printed' && ticket.state === 'unknown') this.deps.events.emit('outbox.work');
    return ok({ printed: state === 'printed', reprintCount, state });
  }

  private refusal(ticket: TicketRow): Result<never> | undefined {
    if (REPRINTABLE.has(ticket.state)) return undefined;
    if (ticket.state === 'refunded' || ticket.state === 'refunding')
      return fail('REFUNDED', 'a refunded ticket is not reprinted', { state: ticket.state });
    return fail('VALIDATION', 'only printed tickets and tickets whose print is unknown are reprinted', { state: ticket.state });
  }
}

/**
 * At start: a ticket still `printing` was being reprinted when the host stopped. Nobody can say what
 * came out, so it becomes unknown and waits in the box office's list, like any interrupted print.
 */
export function markInterruptedReprintsUnknown(deps: {
  db: Db;
  bookings: BookingsRepository;
  tickets: TicketStateMachine;
  now: () => number;
}): number {
  return deps.db.transaction(() => {
    const stranded = deps.bookings.ticketsInState('printing');
    for (const t of stranded) deps.tickets.reprintInterrupted(t.ticket_code, deps.now());
    return stranded.length;
  })();
}
