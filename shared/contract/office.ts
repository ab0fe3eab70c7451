import { z } from 'zod';
import { ticketStates } from '../domain/ticket';
import { moneyBackWays } from '../domain/money-back';
import { approval, cents, isoTime, printNoInput, reasonText, staffRole, terminalId, ticketCode, username, withSession } from './common';
import { verifyCodeInput } from './common';

const ticketView = z.object({
  ticketCode: z.string(),
  sequence: z.number().int(),
  seatName: z.string(),
  priceCents: cents,
  serviceFeeCents: cents,
  state: z.enum(ticketStates),
  reprintCount: z.number().int(),
  printedAt: z.string().nullable(),
});
const refundView = z.object({
  refundCode: z.string(),
  kind: z.enum(['local', 'online']),
  state: z.enum(['pending', 'refunded', 'needs-staff', 'released']),
  bookingNumber: z.number().int(),
  ticketCodes: z.array(z.string()),
  ticketCents: cents,
  bookingFeeCents: cents,
  totalCents: cents,
  reason: z.string(),
  clerk: z.string(),
  supervisor: z.string().nullable(),
  terminalId: z.string(),
  createdAt: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
});
export type RefundView = z.infer<typeof refundView>;
/**
 * Where a refund's money goes back (shared/domain/money-back.ts, the slip's own decision): `alipay` to the
 * customer's Alipay (nothing paid at the counter), `cash` handed back in cash, `counter` paid back here (a
 * booking sold elsewhere), `original-payment` through the channel that sold it; `cents` is the amount.
 */
const moneyBackView = z.object({ way: z.enum(moneyBackWays), cents });
const bookingDetail = z.object({
  bookingNumber: z.number().int(),
  printNo: z.string(),
  cinemaName: z.string(),
  filmTitle: z.string(),
  screenName: z.string(),
  sessionAt: z.string(),
  sessionEpochMs: z.number(),
  cancelled: z.boolean(),
  /** Central could not be asked: this is the local copy. */
  stale: z.boolean(),
  tickets: z.array(ticketView),
  /**
   * The required ticket fields (shared/domain/complete-ticket.ts) a print of this booking was refused for, while
   * a ticket is left to print; empty when none was. Nothing of it can print here, at a kiosk or the counter.
   */
  missingTicketData: z.array(z.string()),
  /** Present when this store sold the booking: its refund goes back by that tender (the dialog says so before confirming). */
  soldHere: z.object({ tender: z.enum(['alipay', 'cash']) }).optional(),
  refunds: z.array(refundView),
  history: z.array(
    z.object({
      seq: z.number().int(),
      at: z.string(),
      actor: z.string(),
      terminalId: z.string().nullable(),
      action: z.string(),
      details: z.record(z.unknown()),
    }),
  ),
});
export type BookingDetail = z.infer<typeof bookingDetail>;
const reportFilter = { from: isoTime, to: isoTime, clerk: username.optional(), terminalId: terminalId.optional() };
const reportLine = z.object({
  actor: z.string(),
  terminalId: z.string(),
  printed: z.number().int(),
  reprinted: z.number().int(),
  refundedLocal: z.number().int(),
  refundedLocalCents: cents,
  refundedOnline: z.number().int(),
  refundedOnlineCents: cents,
  printedCents: cents,
  /** Unknown prints settled with a supervisor's approval: confirmed printed, or marked not printed. */
  printConfirmed: z.number().int(),
  printVoided: z.number().int(),
});
export type ShiftReportLine = z.infer<typeof reportLine>;

const countCents = z.object({ count: z.number().int(), cents: z.number().int() });
/**
 * The shift's sales by tender (orders paid in the range: Alipay at the kiosk or the counter, cash at the
 * counter), refunds of our own sales (the money back: through Alipay, or cash by the clerk's hand), and
 * the cash the drawer should hold for them: cash sales minus cash given back.
 */
const saleTotals = z.object({
  alipay: countCents,
  cash: countCents,
  refundedAlipay: countCents,
  refundedCash: countCents,
  cashExpectedCents: z.number().int(),
});
export type ShiftSaleTotals = z.infer<typeof saleTotals>;

/** The box office: clerks and supervisors at the counter. */
export const officeCalls = {
  /** The box office's reason lists and refund rules. */
  'office.settings': {
    input: withSession({}),
    output: z.object({
      refundReasons: z.array(z.string()),
      reprintReasons: z.array(z.string()),
      lateRefundMinutesBeforeStart: z.number(),
      bookingFeeRefund: z.enum(['always', 'never', 'when-on-time']),
      /** The central system refunds some tickets of a booking; false: only whole bookings (the dialog says so before confirming). */
      partialRefunds: z.boolean(),
      terminalId: z.string(),
      /** The cinema's IANA time zone: every time on the staff screens is shown in it. */
      timeZone: z.string().optional(),
      username: z.string(),
      role: staffRole,
    }),
  },
  /**
   * Finds a booking by what the customer shows: a pickup number (with or without its verify code),
   * a verify code, a scan of the customer's QR or of a printed ticket's QR, or a refund slip's code.
   */
  'office.find': {
    input: withSession({ query: z.string().trim().min(1).max(1024) }),
    output: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('booking'), booking: bookingDetail }),
      z.object({ kind: z.literal('refund'), refund: refundView, booking: bookingDetail }),
    ]),
  },
  /** A booking's tickets, refunds and history, fresh from the central system when it answers. */
  'office.booking': { input: withSession({ bookingNumber: z.number().int().positive() }), output: bookingDetail },
  /**
   * Refunds tickets of one booking: printed ones locally (slip printed, central told through the
   * outbox), unprinted ones online through RefundBooking (progress comes as events).
   */
  'office.refund': {
    input: withSession({
      bookingNumber: z.number().int().positive(),
      ticketCodes: z.array(ticketCode).min(1).max(64),
      reason: reasonText,
      approval: approval.optional(),
    }),
    output: refundView.extend({ slipPrinted: z.boolean().nullable(), moneyBack: moneyBackView }),
  },
  /** Prints a refund slip again (marked as a copy). */
  'office.refundSlip.print': { input: withSession({ refundCode: z.string().max(64) }), output: z.object({ printed: z.boolean() }) },
  /** Reprints one printed or unknown ticket with "REPRINT n": reason and a supervisor's approval required. */
  'office.reprint': {
    input: withSession({ ticketCode: ticketCode, reason: reasonText, approval: approval.optional() }),
    output: z.object({ printed: z.boolean(), reprintCount: z.number().int(), state: z.enum(ticketStates) }),
  },
  /** Unknown prints, online refunds that need staff, dead letters, reconciliation mismatches, and staff names locked by failed sign-ins (bookingNumber 0). */
  'office.attention.list': {
    input: withSession({}),
    output: z.object({
      items: z.array(
        z.object({
          id: z.string(),
          kind: z.string(),
          bookingNumber: z.number().int(),
          ticketCode: z.string().optional(),
          detail: z.string(),
          /** The detail's facts, for a screen to say it in its own language (the detail stays for scripts). */
          facts: z.record(z.union([z.string(), z.number()])).optional(),
          since: z.string(),
          actions: z.array(z.string()),
        }),
      ),
    }),
  },
  /** Resolves one item; settling an unknown print (printed or not) needs a supervisor's approval. */
  'office.attention.resolve': {
    input: withSession({ id: z.string().max(80), action: z.string().max(40), approval: approval.optional() }),
    output: z.object({ id: z.string(), action: z.string(), outcome: z.string() }),
  },
  /** Pickup numbers the kiosks may not try now (too many wrong verify codes), per terminal or for all. */
  'office.lockouts.list': {
    input: withSession({}),
    output: z.object({
      lockouts: z.array(
        z.object({ printNo: z.string(), bookingNumber: z.number().int(), terminalId: z.string().nullable(), until: z.string() }),
      ),
    }),
  },
  /** A supervisor, having seen the customer, lifts every kiosk lock of a pickup number (audited). */
  'office.lockouts.lift': {
    input: withSession({ printNo: printNoInput }),
    output: z.object({ printNo: z.string(), lifted: z.number().int() }),
  },
  /** Shift report over [from, to): per clerk or kiosk and terminal; clerks see their own. */
  'office.report': {
    input: withSession(reportFilter),
    output: z.object({
      from: z.string(),
      to: z.string(),
      lines: z.array(reportLine),
      totals: reportLine,
      /** Absent from a host without the sale. */
      sales: saleTotals.optional(),
      csv: z.string(),
    }),
  },
  'office.report.print': { input: withSession(reportFilter), output: z.object({ printed: z.boolean() }) },
  // Counter print (issue 12, item 11).
  /**
   * Prints an unprinted booking at the counter for the customer standing there: the kiosk's claim
   * (apply-print with the verify code the customer tells, one ticket per seat, print-result) as the
   * counter's own terminal, on the counter's ticket printer, audited with the clerk. `requestId` is
   * the dialog's idempotency key: the same request never prints twice.
   */
  'office.counterPrint': {
    input: withSession({ bookingNumber: z.number().int().positive(), verifyCode: verifyCodeInput, requestId: z.string().uuid() }),
    output: z.object({
      printNo: z.string(),
      bookingNumber: z.number().int(),
      total: z.number().int(),
      printed: z.number().int(),
      failed: z.number().int(),
      /** Tickets whose outcome the printer did not confirm: they go to the attention list, never printed again by themselves. */
      unknown: z.number().int(),
      ticketCodes: z.array(z.string()),
      requestId: z.string(),
      terminalId: z.string(),
    }),
  },
} as const;
