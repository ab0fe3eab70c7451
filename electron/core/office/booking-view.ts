import type { BookingDetail, RefundView } from '../../../shared/contract/ui';
import type { AuditRow } from '../storage/repositories/audit.repository';
import type { BookingRow, TicketRow } from '../storage/repositories/bookings.repository';
import { ticketCodesOf, type RefundRow } from '../storage/repositories/refunds.repository';

export function refundViewOf(r: RefundRow): RefundView {
  return {
    refundCode: r.refund_code,
    kind: r.kind,
    state: r.state,
    bookingNumber: r.booking_number,
    ticketCodes: ticketCodesOf(r),
    ticketCents: r.ticket_cents,
    bookingFeeCents: r.booking_fee_cents,
    totalCents: r.ticket_cents + r.booking_fee_cents,
    reason: r.reason,
    clerk: r.clerk,
    supervisor: r.supervisor,
    terminalId: r.terminal_id,
    createdAt: new Date(r.created_at).toISOString(),
    attempts: r.attempts,
    lastError: r.last_error,
  };
}

/** A booking as the box office sees it: tickets, refunds, and its history from the audit log. */
export function bookingDetailOf(
  booking: BookingRow,
  tickets: TicketRow[],
  refunds: RefundRow[],
  history: AuditRow[],
  stale: boolean,
  missingTicketData: string[] = [],
  soldHere?: BookingDetail['soldHere'],
): BookingDetail {
  return {
    bookingNumber: booking.booking_number,
    printNo: String(booking.booking_number).padStart(16, '0'),
    cinemaName: booking.cinema_name,
    filmTitle: booking.film_title,
    screenName: booking.screen_name,
    sessionAt: booking.session_at,
    sessionEpochMs: booking.session_epoch_ms,
    cancelled: booking.cancelled === 1,
    stale,
    tickets: tickets.map((t) => ({
      ticketCode: t.ticket_code,
      sequence: t.sequence,
      seatName: t.seat_name,
      priceCents: t.price_cents,
      serviceFeeCents: t.service_fee_cents,
      state: t.state,
      reprintCount: t.reprint_count,
      printedAt: t.printed_at,
    })),
    missingTicketData,
    ...(soldHere ? { soldHere } : {}),
    refunds: refunds.map(refundViewOf),
    history: history.map((h) => ({
      seq: h.seq,
      at: h.at,
      actor: h.actor,
      terminalId: h.terminal_id,
      action: h.action,
      details: JSON.parse(h.details) as Record<string, unknown>,
    })),
  };
}
