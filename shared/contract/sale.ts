import { z } from 'zod';
import { cancelReasons, saleOrderStates } from '../domain/sale-order';
import { seatPlan, seatRef } from '../domain/seat-plan';
import { cents, isoTime, withSession } from './common';

/**
 * The walk-up sale up to a held order: catalogue (films, sessions, ticket types, seat plan), hold and
 * cancel. The kiosk calls `sale.*` (no session, the terminal's own identity); the counter calls
 * `office.sale.*` with a clerk's or supervisor's session. Same inputs (plus `session`), same outputs.
 * Refusals: VALIDATION (details.problems: SelectionProblem[]), SEAT_TAKEN (details.seats: the taken
 * seats with their names), SALE_CLOSED (past the cut-off), SOLD_OUT, PRICE_CHANGED (ticket types
 * moved on: read them again), ORDER_CLOSED, NOT_FOUND, CENTRAL_UNREACHABLE.
 */

/** How old the shown data is: from the cache when central is down or slow (`stale`). */
export const freshness = z.object({
  /** When central last answered this data. */
  fetchedAt: isoTime,
  ageSeconds: z.number().int(),
  /** The last refresh failed (timeout, error or empty answer): this is the cached copy. */
  stale: z.boolean(),
});
export type Freshness = z.infer<typeof freshness>;

const filmSummary = z.object({
  filmId: z.string(),
  title: z.string(),
  /** Minutes; null when central gives none. */
  runtimeMinutes: z.number().int().nullable(),
  /** Sessions still on sale today and tomorrow. */
  sessionCount: z.number().int(),
  /** The first of them. */
  nextStartsAt: isoTime.nullable(),
});
export type FilmSummary = z.infer<typeof filmSummary>;

const sessionSummary = z.object({
  sessionId: z.string(),
  filmId: z.string(),
  filmTitle: z.string(),
  startsAt: isoTime,
  /** In the cinema's time zone. */
  day: z.enum(['today', 'tomorrow']),
  screenName: z.string(),
  screenNumber: z.number().int().nullable(),
  /** Session attributes as central names them (`3D`, `IMAX`, …). */
  attributes: z.array(z.string()),
  /** The lowest walk-up ticket price known from the cache; null when the session's ticket types were never read. */
  priceFromCents: cents.nullable(),
  /** Sales stop this long after the start (seed: ATMTimeShowMovieAfterStart). */
  saleEndsAt: isoTime,
});
export type SessionSummary = z.infer<typeof sessionSummary>;

/** A ticket type a walk-up customer may buy (shared/domain/ticket-type.ts: vouchers, packages and member types are left out). */
const ticketType = z.object({
  ticketTypeCode: z.string(),
  /** Central's name, shown as it is. */
  description: z.string(),
  /** Central's name in its other language, for the English screens; empty or absent when central gives none. */
  descriptionAlt: z.string().optional(),
  priceCents: cents,
  /** Seats of this area category only (seed §3.4). */
  areaCategoryCode: z.string(),
});
export type TicketType = z.infer<typeof ticketType>;

const orderView = z.object({
  orderId: z.string(),
  state: z.enum(saleOrderStates),
  /** Why it was annulled, when it was. */
  cancelReason: z.enum(cancelReasons).nullable(),
  sessionId: z.string(),
  filmTitle: z.string(),
  startsAt: isoTime,
  screenName: z.string(),
  seats: z.array(seatRef.extend({ name: z.string(), areaCategoryCode: z.string() })),
  tickets: z.array(z.object({ ticketTypeCode: z.string(), description: z.string(), qty: z.number().int(), priceCents: cents })),
  /** Central's total (tickets and booking fee). */
  totalCents: cents,
  bookingFeeCents: cents,
  /** When central releases the seats unless paid; null unless held. */
  heldUntil: isoTime.nullable(),
  updatedAt: isoTime,
});
export type SaleOrderView = z.infer<typeof orderView>;

/** An order's payment and completion as the customer's screen follows it (`sale.pay`, `sale.payStatus`). */
const payStatus = orderView.extend({
  /** The provider's trade, once it named one, and what was taken. */
  tradeNo: z.string().nullable(),
  paidCents: cents.nullable(),
  /** Why the last payment attempt failed (a stable reason: `payment-code-invalid`, `balance-not-enough`, …). */
  paymentError: z.string().nullable(),
  /** The booking once completed: 取票码 and 验证码, for the collection and the receipt. */
  bookingId: z.string().nullable(),
  verifyCode: z.string().nullable(),
  /**
   * The money went back under this reference: our refund number when the sale could not complete, or
   * the trade's number when a payment that had moved was reversed (`trade.cancel`, the order annulled).
   */
  refundReference: z.string().nullable(),
  refundedCents: cents.nullable(),
  /** Booked (`completed`) but the print at completion failed: the tickets are collected later with the coupon. */
  printFailed: z.boolean(),
  /**
   * The control coupon once the sale completed (absent or null before): pickup number (16 digits) and
   * verify code, and the QR text a phone keeps (`printNo|verifyCode`) to collect at any kiosk later.
   */
  coupon: z.object({ printNo: z.string(), verifyCode: z.string(), payload: z.string() }).nullable().optional(),
  /**
   * While the order waits for the customer to scan our QR (`sale.payQr`): the QR's content as the
   * provider made it (an https link, shown large as a QR code); null or absent otherwise.
   */
  qrCode: z.string().max(1024).startsWith('https://').nullable().optional(),
});
export type SalePayStatus = z.infer<typeof payStatus>;

const sessionIdInput = z.string().regex(/^[\w-]{1,32}$/u, 'session id: 1 to 32 letters, digits, "_" or "-"');
const filmIdInput = z.string().regex(/^[\w-]{1,32}$/u, 'film id: 1 to 32 letters, digits, "_" or "-"');
const orderIdInput = z.string().regex(/^[A-Za-z0-9]{8,32}$/u, 'order id: 8 to 32 letters or digits');

const shapes = {
  films: { input: {}, output: z.object({ cinemaId: z.string(), cinemaName: z.string(), films: z.array(filmSummary), freshness }) },
  sessions: {
    input: { filmId: filmIdInput.optional() },
    output: z.object({ sessions: z.array(sessionSummary), freshness }),
  },
  ticketTypes: {
    input: { sessionId: sessionIdInput },
    output: z.object({ sessionId: z.string(), ticketTypes: z.array(ticketType), freshness }),
  },
  seatPlan: {
    input: { sessionId: sessionIdInput },
    /** `refreshSeconds`: how often a screen showing the map reads it again (0: never); absent from older hosts. */
    output: z.object({ sessionId: z.string(), plan: seatPlan, freshness, refreshSeconds: z.number().min(0).optional() }),
  },
  hold: {
    input: {
      sessionId: sessionIdInput,
      tickets: z
        .array(z.object({ ticketTypeCode: z.string().regex(/^\w{1,10}$/u), qty: z.number().int().min(1).max(10) }).strict())
        .min(1)
        .max(10),
      seats: z.array(seatRef).min(1).max(10),
      /** An open order of this terminal whose seats this hold replaces (same UserSessionId at central). */
      orderId: orderIdInput.optional(),
    },
    output: orderView,
  },
  cancel: {
    input: { orderId: orderIdInput, reason: z.enum(['customer', 'left', 'timeout']) },
    output: orderView,
  },
  order: { input: { orderId: orderIdInput }, output: orderView },
  pay: {
    input: {
      orderId: orderIdInput,
      /** The payment code the customer's phone shows (付款码), as the scanner read it: used for one call, never stored. */
      paymentCode: z.string().regex(/^\d{10,32}$/u, 'payment code: 10 to 32 digits'),
    },
    output: payStatus,
  },
  payStatus: { input: { orderId: orderIdInput }, output: payStatus },
  payQr: { input: { orderId: orderIdInput }, output: payStatus },
  abandonPay: { input: { orderId: orderIdInput }, output: payStatus },
  payCash: {
    input: {
      orderId: orderIdInput,
      /** What the customer handed over, in integer cents (the clerk types yuan; `shared/domain/cash.ts`). */
      tenderedCents: z.number().int().min(0).max(100_000_000),
    },
    output: payStatus.extend({ changeCents: cents, drawer: z.enum(['opened', 'not-ready', 'unknown']) }),
  },
  mailReceipt: {
    input: { orderId: orderIdInput, address: z.string().max(320) },
    output: z.object({ mailId: z.number().int(), state: z.enum(['pending', 'sent', 'dead']), queued: z.boolean() }),
  },
} as const;

/** The customer's sale at the kiosk. */
export const saleCalls = {
  /** Films now showing with sessions on sale today or tomorrow, from the cache (refreshed in the background). */
  'sale.films': { input: z.object(shapes.films.input).strict(), output: shapes.films.output },
  /** Today's and tomorrow's sessions still on sale, of one film or of all, soonest first. */
  'sale.sessions': { input: z.object(shapes.sessions.input).strict(), output: shapes.sessions.output },
  /** A session's ticket types (per area category); asked three times on timeout, then the last good answer. */
  'sale.ticketTypes': { input: z.object(shapes.ticketTypes.input).strict(), output: shapes.ticketTypes.output },
  /** The seat plan, read fresh from central (the cached one, marked stale, when central is down). SOLD_OUT, NOT_FOUND. */
  'sale.seatPlan': { input: z.object(shapes.seatPlan.input).strict(), output: shapes.seatPlan.output },
  /** Hold the seats for the tickets (AddTickets). Replaces the seats of `orderId` when given. SEAT_TAKEN names the taken seats. */
  'sale.hold': { input: z.object(shapes.hold.input).strict(), output: shapes.hold.output },
  /** Annul an unpaid order: the seats go back (CancelOrder through the outbox, retried until central confirms). */
  'sale.cancel': { input: z.object(shapes.cancel.input).strict(), output: shapes.cancel.output },
  /** An order of this terminal as stored. */
  'sale.order': { input: z.object(shapes.order.input).strict(), output: shapes.order.output },
  /**
   * Pay a held order by the payment code the customer shows (Alipay trade.pay, bar_code). Answers once
   * the provider answered: `paid` (the completion goes on: follow `sale.payStatus`), `paying` (the customer
   * confirms on the phone, or the answer was lost: settles within the hold). Refusals name themselves in
   * `details.refusal`: VALIDATION with PAYMENT_DECLINED (`details.reason`; nothing charged, the order stays
   * held: try again), WALLET_NOT_ACCEPTED / NOT_A_PAYMENT_CODE, PAYMENT_UNAVAILABLE, AMOUNT_MISMATCH;
   * ORDER_CLOSED (not held, hold over, or PAYMENT_IN_PROGRESS).
   */
  'sale.pay': { input: z.object(shapes.pay.input).strict(), output: shapes.pay.output },
  /**
   * Pay a held order by a QR the customer scans with Alipay (trade.precreate): `paying` with `qrCode`
   * to show, then follow `sale.payStatus` (paid, then the completion; or annulled when the hold ends).
   * Asked again, the same QR (one trade per order). Refusals as `sale.pay`; VALIDATION with
   * PAYMENT_UNAVAILABLE and `details.reason` `qr-not-created` when the provider did not answer (ask again).
   */
  'sale.payQr': { input: z.object(shapes.payQr.input).strict(), output: shapes.payQr.output },
  /**
   * The customer gives up the QR payment: the trade is cancelled (closed, or refunded in full if it was
   * paid that moment) and the order annulled; answers `payment-unknown` while that happens, then follow
   * `sale.payStatus`. ORDER_CLOSED when no QR payment waits (paid already, or a code payment).
   */
  'sale.abandonPay': { input: z.object(shapes.abandonPay.input).strict(), output: shapes.abandonPay.output },
  /** The order's payment and completion as stored now. */
  'sale.payStatus': { input: z.object(shapes.payStatus.input).strict(), output: shapes.payStatus.output },
  /**
   * E-mail the receipt of a completed sale of this terminal (one message per order and address, sent
   * through the outbox). VALIDATION with `details.reason` `mail-address-<why>`, `mail-not-configured` or `too-many-addresses`;
   * ORDER_CLOSED (`not-completed`) before the sale completed; NOT_FOUND for another terminal's order.
   */
  'sale.mailReceipt': { input: z.object(shapes.mailReceipt.input).strict(), output: shapes.mailReceipt.output },
} as const;

/** The same sale at the counter, for clerks and supervisors (the order's audit names the clerk). */
export const officeSaleCalls = {
  /** As `sale.films`. */
  'office.sale.films': { input: withSession(shapes.films.input), output: shapes.films.output },
  /** As `sale.sessions`. */
  'office.sale.sessions': { input: withSession(shapes.sessions.input), output: shapes.sessions.output },
  /** As `sale.ticketTypes`. */
  'office.sale.ticketTypes': { input: withSession(shapes.ticketTypes.input), output: shapes.ticketTypes.output },
  /** As `sale.seatPlan`. */
  'office.sale.seatPlan': { input: withSession(shapes.seatPlan.input), output: shapes.seatPlan.output },
  /** As `sale.hold`. */
  'office.sale.hold': { input: withSession(shapes.hold.input), output: shapes.hold.output },
  /** As `sale.cancel` (`reason` as the clerk chose: the customer changed their mind, or left). */
  'office.sale.cancel': { input: withSession(shapes.cancel.input), output: shapes.cancel.output },
  /** As `sale.order`. */
  'office.sale.order': { input: withSession(shapes.order.input), output: shapes.order.output },
  /** As `sale.pay` (the counter's scanner reads the customer's code; the order's audit names the clerk). */
  'office.sale.pay': { input: withSession(shapes.pay.input), output: shapes.pay.output },
  /** As `sale.payQr` (the counter's screen shows the QR to the customer). */
  'office.sale.payQr': { input: withSession(shapes.payQr.input), output: shapes.payQr.output },
  /** As `sale.abandonPay`. */
  'office.sale.abandonPay': { input: withSession(shapes.abandonPay.input), output: shapes.abandonPay.output },
  /** As `sale.payStatus`. */
  'office.sale.payStatus': { input: withSession(shapes.payStatus.input), output: shapes.payStatus.output },
  /**
   * Cash at the counter: the order goes paid (tender `cash`), the drawer opens (`drawer` says whether the
   * printer confirmed the pulse), then completion and printing as for Alipay; `changeCents` is due.
   * VALIDATION with `details.refusal` CASH_TENDER (`reason` too-little with `shortCents`, too-much,
   * not-cents) or AMOUNT_MISMATCH; ORDER_CLOSED as `sale.pay`. Nothing changes on a refusal.
   */
  'office.sale.payCash': { input: withSession(shapes.payCash.input), output: shapes.payCash.output },
} as const;

/** An order's state changed (held, hold replaced, cancelling, cancelled, expired): drives the countdown and its end. */
export const saleOrderEvent = z.object({
  type: z.literal('sale.order'),
  orderId: z.string(),
  state: z.enum(saleOrderStates),
  heldUntil: isoTime.nullable(),
  cancelReason: z.enum(cancelReasons).nullable(),
});
