/**
 * The cinema's refund rules, shared by the core (which decides) and the office screen (which shows the
 * quote before the clerk confirms). Money is integer cents. The booking fee is the ticket's service
 * fee: RefundBooking's `RefundBookingFee` says whether it goes back, and `RefundAmount` is then the
 * ticket prices plus, only if so, the fees (seed 003 §3.12).
 */
export type BookingFeePolicy = 'always' | 'never' | 'when-on-time';

export interface RefundRuleSettings {
  /** A refund this close to the show (or after it started) is late: it needs a supervisor. */
  lateMinutesBeforeStart: number;
  bookingFeePolicy: BookingFeePolicy;
}

export interface RefundableTicket {
  priceCents: number;
  serviceFeeCents: number;
}

export interface RefundQuote {
  started: boolean;
  late: boolean;
  approvalRequired: boolean;
  refundBookingFee: boolean;
  ticketCents: number;
  bookingFeeCents: number;
  totalCents: number;
}

export function refundTiming(sessionEpochMs: number, now: number, lateMinutesBeforeStart: number): { started: boolean; late: boolean } {
  const started = now >= sessionEpochMs;
  return { started, late: started || now >= sessionEpochMs - lateMinutesBeforeStart * 60_000 };
}

export function refundsBookingFee(policy: BookingFeePolicy, late: boolean): boolean {
  return policy === 'always' || (policy === 'when-on-time' && !late);
}

/** What goes back to the customer for these tickets. */
export function refundAmount(
  tickets: readonly RefundableTicket[],
  refundBookingFee: boolean,
): Pick<RefundQuote, 'ticketCents' | 'bookingFeeCents' | 'totalCents'> {
  const ticketCents = tickets.reduce((sum, t) => sum + t.priceCents, 0);
  const bookingFeeCents = refundBookingFee ? tickets.reduce((sum, t) => sum + t.serviceFeeCents, 0) : 0;
  return { ticketCents, bookingFeeCents, totalCents: ticketCents + bookingFeeCents };
}

export function refundQuote(
  tickets: readonly RefundableTicket[],
  sessionEpochMs: number,
  now: number,
  settings: RefundRuleSettings,
): RefundQuote {
  const { started, late } = refundTiming(sessionEpochMs, now, settings.lateMinutesBeforeStart);
  const refundBookingFee = refundsBookingFee(settings.bookingFeePolicy, late);
  return { started, late, approvalRequired: late, refundBookingFee, ...refundAmount(tickets, refundBookingFee) };
}

/**
 * Seed 003 §3.12's RefundBooking refunds a whole booking; a ticket list is our extension, which only
 * some central systems take (configuration `central.partialRefunds`). Without it a refund must take
 * every ticket not yet refunded, all printed (refunded at the counter) or all unprinted (online).
 */
export interface WholeBookingRefusal {
  /** `whole-booking-only`: some tickets were chosen; `mixed`: the rest of the booking cannot go back in one refund. */
  reason: 'whole-booking-only' | 'mixed';
  /** The tickets a refund would have to take: every one not yet refunded. */
  wouldGoBack: string[];
}

export function wholeBookingRefusal(
  tickets: readonly { ticketCode: string; state: string }[],
  chosen: readonly string[],
  partialRefunds: boolean,
): WholeBookingRefusal | null {
  if (partialRefunds) return null;
  const open = tickets.filter((t) => t.state !== 'refunded' && t.state !== 'refunding');
  const wouldGoBack = open.map((t) => t.ticketCode);
  const states = new Set(open.map((t) => t.state));
  if (states.size > 1 || open.some((t) => t.state !== 'printed' && t.state !== 'unprinted')) return { reason: 'mixed', wouldGoBack };
  const whole = wouldGoBack.length === new Set(chosen).size && wouldGoBack.every((code) => chosen.includes(code));
  return whole ? null : { reason: 'whole-booking-only', wouldGoBack };
}
