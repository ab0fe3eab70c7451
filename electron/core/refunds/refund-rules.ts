import { refundQuote, wholeBookingRefusal, type RefundQuote, type RefundRuleSettings } from '../../../shared/domain/refund-rules';
import { fail, ok, type Result } from '../../../shared/errors';
import type { BookingRow, BookingsRepository, TicketRow } from '../storage/repositories/bookings.repository';
import type { NewRefund, RefundKind } from '../storage/repositories/refunds.repository';

export interface RefundRequest {
  bookingNumber: number;
  ticketCodes: string[];
  reason: string;
  /** The signed-in clerk (or supervisor) doing it. */
  clerk: string;
  /** A supervisor whose approval was checked, or null. */
  supervisor: string | null;
  terminalId: string;
}

/** A refund's or reprint's reason, trimmed: 2 to 400 characters (RefundBooking's RefundReason holds 400). */
export function reasonOf(text: string): Result<string> {
  const reason = text.trim();
  return reason.length < 2 || reason.length > 400
    ? fail('VALIDATION', 'a reason of 2 to 400 characters is required', { field: 'reason' })
    : ok(reason);
}

/** What a refund is checked against, read at each check: the bookings kept here, the cinema's rules, central's capability. */
export interface RefundSources {
  bookings: Pick<BookingsRepository, 'booking' | 'tickets'>;
  rules: () => RefundRuleSettings;
  /** Central takes a ticket list with RefundBooking; otherwise only whole bookings are refunded. */
  partialRefunds: () => boolean;
}

/**
 * The checks both kinds of refund share, inside their transaction: the tickets belong to the
 * booking and are all in the state this kind refunds, they are the whole booking where central
 * refunds only whole bookings (`partialRefunds` false), and a late refund carries an approval.
 */
export function checkRefund(
  kind: RefundKind,
  request: RefundRequest,
  here: RefundSources,
  now: number,
): Result<{
  booking: BookingRow;
  chosen: TicketRow[];
  quote: RefundQuote;
  row: Omit<NewRefund, 'state' | 'next_attempt_at' | 'settled_at'>;
}> {
  const reason = reasonOf(request.reason);
  if (!reason.ok) return reason;
  const booking = here.bookings.booking(request.bookingNumber);
  if (!booking) return fail('NOT_FOUND', 'no such booking here', { bookingNumber: request.bookingNumber });
  const tickets = here.bookings.tickets(request.bookingNumber);
  const rules = here.rules();
  const partialRefunds = here.partialRefunds();
  const chosen = tickets.filter((t) => request.ticketCodes.includes(t.ticket_code));
  if (chosen.length === 0 || chosen.length !== new Set(request.ticketCodes).size)
    return fail('VALIDATION', 'not tickets of this booking', { field: 'ticketCodes' });
  const wanted = kind === 'local' ? 'printed' : 'unprinted';
  const wrong = chosen.filter((t) => t.state !== wanted);
  if (wrong.length > 0) {
    const code = wrong.every((t) => t.state === 'refunded' || t.state === 'refunding') ? 'REFUNDED' : 'VALIDATION';
    return fail(
      code,
      kind === 'local' ? 'only printed tickets are refunded at the counter' : 'only unprinted tickets are refunded online',
      { tickets: wrong.map((t) => `${t.ticket_code}:${t.state}`) },
    );
  }
  const whole = wholeBookingRefusal(
    tickets.map((t) => ({ ticketCode: t.ticket_code, state: t.state })),
    request.ticketCodes,
    partialRefunds,
  );
  if (whole) {
    return fail(
      'PARTIAL_REFUND_UNSUPPORTED',
      whole.reason === 'mixed'
        ? 'the central system refunds only whole bookings, and the rest of this booking is not all printed or all unprinted: print (or settle) the other tickets first, then refund the whole booking at the counter'
        : 'the central system refunds only whole bookings: every ticket not yet refunded goes back together',
      { reason: whole.reason, wouldGoBack: whole.wouldGoBack },
    );
  }
  const quote = refundQuote(
    chosen.map((t) => ({ priceCents: t.price_cents, serviceFeeCents: t.service_fee_cents })),
    booking.session_epoch_ms,
    now,
    rules,
  );
  if (quote.approvalRequired && !request.supervisor) {
    return fail(
      'APPROVAL_REQUIRED',
      quote.started
        ? 'the show has started: a supervisor must approve this refund'
        : "the refund is late by the cinema's rule: a supervisor must approve it",
      { started: quote.started },
    );
  }
  return ok({
    booking,
    chosen,
    quote,
    row: {
      kind,
      booking_number: request.bookingNumber,
      ticket_codes: JSON.stringify(chosen.map((t) => t.ticket_code)),
      ticket_cents: quote.ticketCents,
      booking_fee_cents: quote.bookingFeeCents,
      booking_fee_refunded: quote.refundBookingFee ? 1 : 0,
      reason: reason.value,
      clerk: request.clerk,
      supervisor: request.supervisor,
      terminal_id: request.terminalId,
      created_at: now,
    },
  });
}

/** What one ticket of a refund gives back: its price, and its fee when the fee goes back. */
export const ticketRefundCents = (t: TicketRow, refundBookingFee: boolean): number =>
  t.price_cents + (refundBookingFee ? t.service_fee_cents : 0);
