/**
 * The simulator in seed-strict mode (`startCentralSim({ strictSeed: true })`, `npm run sim -- --strict-seed`,
 * `npm run headless -- --demo --strict-seed`): the Vista paths answer only what seed 003 shows, so that
 * the core is tried against a central system that knows none of our extensions.
 *
 * - GetSingleBooking (§3.11) answers the fields of the seed's example and table, no more: no seat, hall,
 *   ticket code, national QR, service fee or cinema national id. Names, order and types as the example
 *   (WCF writes members in alphabetical order and escapes `/` as `\/`, dates as `\/Date(ms+0800)\/`).
 *   The request is checked as the table says: `ReturnTransactionStatusInfoIfSingleBookingMatch` true,
 *   `CinemaId`, `OptionalClientId`, and `BookingId` or `BookingNumber`; otherwise ResultCode 4.
 * - RefundBooking (§3.12) requires what the table marks not nullable, `MarkAsRefundedOnly` true (fixed
 *   for third parties) and `PaymentInfo` equal to the booking's payment ("as at CompleteOrder");
 *   otherwise ResultCode 4 with an ErrorDescription naming the field. The seed has no ticket list, so a
 *   refund is of the whole booking (a `TicketSequenceNumbers` member is ignored, as WCF ignores unknown
 *   members). The fee rule: `RefundAmount` is the total, less the booking fee when `RefundBookingFee`
 *   is false.
 * - MarkBookingAsCollected is not in the seed: its path answers as an unknown path does.
 *
 * Assumptions beyond the seed, written down here and in electron/simulator/README.md:
 * - The seed never shows a `Payments` element. Its members are taken from §3.12's `PaymentInfo`
 *   (`CardNumber`, `CardType`, `PaymentTenderCategory`, `PaymentValueCents`), one payment per booking.
 *   A payment recorded with `recordPayment` (a CompleteOrder's) is the booking's; otherwise the booking
 *   is paid by one payment of its total with §3.9's defaults for third parties (`CardNumber`
 *   9999999999999999, `CardType` and `PaymentTenderCategory` CreditCard); `MaskedBookingCardNumber` masks
 *   it as the seed's `123456..9012` does.
 * - `TotalValueCents` is the tickets' prices plus the booking fee; `PriceInCents` is a ticket's price
 *   without it (the booking fee is the booking's, §3.12: "订单总金额-定位费").
 * - An unknown booking answers `{"Booking":null,"ResultCode":47,...}` as the default mode does.
 */
import type { ServerResponse } from 'node:http';
import type { CentralSimState, SimBooking } from './central-sim.state';
import { demoPricing } from './demo-data';
import { formatVistaDate } from '../core/central/vista-date';

type Handler = (body: Record<string, unknown>, state: CentralSimState) => unknown;

const CINEMA_OFFSET_MINUTES = 480;

/** The route table of strict mode, made from the default one: GetSingleBooking and RefundBooking replaced, markcollected gone. */
export function strictSeedRoutes(defaults: Record<string, Handler>): Record<string, Handler> {
  const routes: Record<string, Handler> = { ...defaults };
  delete routes['POST restbooking.svc/booking/markcollected'];
  routes['POST restbooking.svc/booking'] = getSingleBooking;
  routes['POST restbooking.svc/booking/refund'] = refundBooking;
  return routes;
}

/** JSON as WCF writes it: `/` escaped as `\/` (it only ever occurs inside strings, so this changes no structure). */
export function sendWcfJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body).replace(/\//gu, '\\/');
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
    'cache-control': 'no-store',
  });
  res.end(payload);
}

export interface SeedPayment {
  CardNumber: string;
  CardType: string;
  PaymentTenderCategory: string;
  PaymentValueCents: number;
}

const recordedPayments = new WeakMap<SimBooking, SeedPayment>();

/** Records the payment a CompleteOrder carried for this booking; RefundBooking must then send it back as PaymentInfo. */
export function recordPayment(b: SimBooking, payment: SeedPayment): void {
  recordedPayments.set(b, { ...payment });
}

/** The booking's one payment: the one recorded, else one derived from the booking (see the header). */
export function paymentOf(b: SimBooking): SeedPayment {
  const recorded = recordedPayments.get(b);
  if (recorded) return recorded;
  return {
    CardNumber: '9999999999999999',
    CardType: 'CreditCard',
    PaymentTenderCategory: 'CreditCard',
    PaymentValueCents: totalCents(b),
  };
}

const totalCents = (b: SimBooking): number => b.tickets.reduce((s, t) => s + t.priceCents + t.serviceFeeCents, 0);

function invalid(description: string) {
  return { Booking: null, ErrorDescription: description, ResultCode: 4 };
}

function getSingleBooking(body: Record<string, unknown>, state: CentralSimState): unknown {
  if (body.ReturnTransactionStatusInfoIfSingleBookingMatch !== true)
    return invalid('ReturnTransactionStatusInfoIfSingleBookingMatch must be true');
  if (typeof body.CinemaId !== 'string') return invalid('CinemaId is required');
  if (typeof body.OptionalClientId !== 'string') return invalid('OptionalClientId is required');
  const number = body.BookingNumber;
  const id = body.BookingId;
  if (number !== undefined && !Number.isSafeInteger(number)) return invalid('BookingNumber must be an integer');
  if (id !== undefined && id !== null && typeof id !== 'string') return invalid('BookingId must be a string');
  if (!number && !id) return invalid('BookingId or BookingNumber is required');
  const booking =
    body.CinemaId === state.cinema.id ? state.findBooking((number as number) || undefined, (id as string | null) ?? undefined) : undefined;
  if (!booking) return { Booking: null, ErrorDescription: 'Booking does not exist', ResultCode: 47 };
  return { Booking: seedBooking(booking, state), ResultCode: 0 };
}

/** A booking with exactly the members of seed 003 §3.11, in WCF's alphabetical order. */
export function seedBooking(b: SimBooking, state: CentralSimState) {
  const payment = paymentOf(b);
  const sessionDate = formatVistaDate(b.session.showtimeMs, CINEMA_OFFSET_MINUTES);
  return {
    BookingDate: formatVistaDate(b.bookingDateMs, CINEMA_OFFSET_MINUTES),
    BookingId: b.bookingId,
    BookingNumber: b.bookingNumber,
    BookingRef: `${state.cinema.name}-${b.bookingNumber}, ${localStamp(b.bookingDateMs)}`,
    CancelledStatus: b.cancelled ? '1' : '0',
    CinemaId: state.cinema.id,
    CinemaName: state.cinema.name,
    ClientId: state.cinema.clientId,
    MaskedBookingCardNumber: `${payment.CardNumber.slice(0, 6)}..${payment.CardNumber.slice(-4)}`,
    Payments: [payment],
    Phone: '',
    PickupName: '',
    Tickets: b.tickets.map((t) => ({
      CollectedStatus: t.collected ? '1' : '0',
      Description: 'web ticket',
      DescriptionAlt: '',
      MovieName: b.session.filmTitle,
      MovieNameAlt: '',
      PriceInCents: t.priceCents,
      RefundedStatus: t.refunded ? '1' : '0',
      SessionDateTime: sessionDate,
      SessionId: Number(b.session.sessionId),
      TicketSequenceNumber: t.sequence,
      TicketTypeCode: demoPricing.ticketTypeCode,
    })),
    TotalValueCents: totalCents(b),
    UserSessionId: `SIM${b.bookingNumber}`,
    VistaTransactionId: 375975 + b.bookingNumber,
  };
}

function refundBooking(body: Record<string, unknown>, state: CentralSimState): unknown {
  const refused = (description: string) => ({ ErrorDescription: description, ResultCode: 4 });
  const required: [string, (v: unknown) => boolean, string][] = [
    ['CinemaId', (v) => typeof v === 'string', 'a string'],
    ['BookingNumber', (v) => Number.isSafeInteger(v), 'an integer'],
    ['RefundReason', (v) => typeof v === 'string' && v.length <= 400, 'a string of at most 400 characters'],
    ['RefundAmount', (v) => Number.isSafeInteger(v) && (v as number) >= 0, 'an integer number of cents'],
    ['RefundBookingFee', (v) => typeof v === 'boolean', 'true or false'],
    ['OptionalClientId', (v) => typeof v === 'string', 'a string'],
  ];
  for (const [name, ok, what] of required) if (!ok(body[name])) return refused(`${name} is required and must be ${what}`);
  if (body.RefundConcessions !== undefined && typeof body.RefundConcessions !== 'boolean')
    return refused('RefundConcessions must be true or false');
  if (body.MarkAsRefundedOnly !== true)
    return refused('MarkAsRefundedOnly must be true: third-party refunds only mark the booking refunded');
  const info = body.PaymentInfo;
  if (info === null || typeof info !== 'object' || Array.isArray(info))
    return refused('PaymentInfo is required, as sent with CompleteOrder');
  const given = info as Record<string, unknown>;
  for (const [name, type] of [
    ['CardNumber', 'string'],
    ['CardType', 'string'],
    ['PaymentValueCents', 'number'],
    ['PaymentTenderCategory', 'string'],
  ] as const)
    if (typeof given[name] !== type) return refused(`PaymentInfo.${name} is required`);

  const booking = body.CinemaId === state.cinema.id ? state.findBooking(body.BookingNumber as number, undefined) : undefined;
  if (!booking) return { ErrorDescription: 'Booking does not exist', ResultCode: 47 };
  const payment = paymentOf(booking);
  const mismatch = (Object.keys(payment) as (keyof SeedPayment)[]).find((k) => given[k] !== payment[k]);
  if (mismatch) return refused(`PaymentInfo.${mismatch} does not match the booking's payment`);
  const outcome = state.refund(booking, {
    sequences: undefined,
    markAsRefundedOnly: true,
    amountCents: body.RefundAmount as number,
    refundBookingFee: body.RefundBookingFee as boolean,
  });
  return { ErrorDescription: outcome.error, ResultCode: outcome.result };
}

/** `2015/08/06 10:11` in the cinema's time, as the seed's BookingRef shows. */
function localStamp(epochMs: number): string {
  const iso = new Date(epochMs + CINEMA_OFFSET_MINUTES * 60_000).toISOString();
  return `${iso.slice(0, 10).replace(/-/gu, '/')} ${iso.slice(11, 16)}`;
}
