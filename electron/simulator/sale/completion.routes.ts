import type { SaleReply } from './catalogue.routes';
import { describeCode } from './sale-faults';
import type { Completion, PaymentInfo } from './completion-state';
import type { SimSale } from './sale-state';
import { checkClient, checkUserSessionId } from './ticketing.routes';

/**
 * RESTTicketing calls of seed 003 §3.8–§3.10: StartExternalPayment, CompleteOrder and
 * QueryOrderBookingStatus. Field names and casing as the seed's examples show them (CompleteOrder's
 * reply says `CinemaID`, the seed's `CinemalD`; QueryOrderBookingStatus's `OrderSummary` says
 * `CinemaId`, the seed's `Cinemald`).
 *
 * Our assumptions beyond the seed (./README.md):
 * - StartExternalPayment and CompleteOrder need the client information like AddTickets (Result 4).
 *   QueryOrderBookingStatus needs `UserSessionId` and `ClientId` (4 otherwise, the seed's text) but
 *   does not compare `ClientId`: the seed's own example sends `111.111.111`.
 * - CompleteOrder needs `PaymentInfo` with `CardNumber` (≤64), `CardType` and
 *   `PaymentTenderCategory` (≤10) and a whole `PaymentValueCents`, and `PerformPayment: false`
 *   (the simulated cinema takes no payment itself); otherwise Result 4. A `PaymentValueCents` other
 *   than the order's `TotalValueCents`: 27 (PaymentVoidSuccessPayTotalMismatch), the order stays
 *   held. An order expired, cancelled or never made: 62 (OrderDoesNotExist). CompleteOrder repeated
 *   for a completed order answers its booking again, whatever the repeat's payment says.
 * - StartExternalPayment is not required before CompleteOrder; on a completed order it answers 56
 *   (PaymentsProcessed), on an order gone 62.
 * - CompleteOrder's `VistaBookingNumber`, `VistaTransNumber` and `HistoryID` are strings and
 *   `PaymentInfoCollection` lists the payment taken, as in the seed's example reply;
 *   QueryOrderBookingStatus's `VistaBookingNumber` is a number, as in its example.
 * - QueryOrderBookingStatus answers 0 for a completed order (also once refunded: the booking still
 *   exists, GetSingleBooking shows it refunded) and 47 for any other; 61 never happens here (one
 *   order per UserSessionId).
 */
type Body = Record<string, unknown>;

export function startExternalPayment(sale: SimSale, body: Body, clientId: string): SaleReply {
  const problem = checkUserSessionId(body.UserSessionId) ?? checkClient(body, clientId);
  const outcome = problem
    ? { ok: false as const, result: 4, error: problem }
    : sale.completions.startExternalPayment(body.UserSessionId as string);
  return reply({
    ErrorDescription: outcome.ok ? null : outcome.error,
    Result: outcome.ok ? 0 : outcome.result,
    ExtendedResultCode: 0,
    PaymentRedirectUrl: null,
  });
}

export function completeOrder(sale: SimSale, body: Body, clientId: string): SaleReply {
  const problem = checkUserSessionId(body.UserSessionId) ?? checkClient(body, clientId) ?? checkPayment(body);
  if (typeof problem === 'string') return reply(completeOrderJson(sale, 4, problem, null));
  const outcome = sale.completions.complete(body.UserSessionId as string, problem.payment);
  if (!outcome.ok) return reply(completeOrderJson(sale, outcome.result, outcome.error, null));
  // The order is a booking now, whatever the switch makes of the answer.
  const fault = sale.faults.takeCompleteOrder();
  if (fault?.kind === 'lost-answer') return { status: 200, body: null, lost: true };
  if (fault?.kind === 'code') return reply(completeOrderJson(sale, fault.code, describeCode(fault.code), null));
  return reply(completeOrderJson(sale, 0, null, outcome.value));
}

export function queryOrderBookingStatus(sale: SimSale, body: Body): SaleReply {
  const userSessionId = body.UserSessionId;
  const clientId = body.ClientId;
  if (checkUserSessionId(userSessionId) !== null || typeof clientId !== 'string' || clientId === '') {
    return reply({ OrderSummary: null, ResponseCode: 4, ResponseDescription: 'The UserSessionId and ClientId parameters are required' });
  }
  const done = sale.completions.completion(userSessionId as string);
  if (!done) return reply({ OrderSummary: null, ResponseCode: 47, ResponseDescription: 'Booking does not exist at Cinema' });
  return reply({
    OrderSummary: {
      CinemaId: sale.cinemaId,
      TotalValueCents: done.payment.paymentValueCents,
      UserSessionId: done.userSessionId,
      VistaBookingId: done.booking.bookingId,
      VistaBookingNumber: done.booking.bookingNumber,
    },
    ResponseCode: 0,
    ResponseDescription: 'Booking exists at Cinema',
  });
}

/** Seed §3.9's reply; on a refusal the booking fields are null. */
function completeOrderJson(sale: SimSale, result: number, error: string | null, done: Completion | null) {
  return {
    BalanceList: null,
    CinemaID: sale.cinemaId,
    ErrorDescription: error,
    ExtendedResultCode: 0,
    HistoryID: done ? done.historyId : null,
    PassCollection: null,
    PaymentInfoCollection: done
      ? [
          {
            CardType: done.payment.cardType,
            PaymentTenderCategory: done.payment.paymentTenderCategory,
            PaymentValueCents: done.payment.paymentValueCents,
          },
        ]
      : null,
    PrintStream: '',
    PrintStreamCollection: null,
    Result: result,
    VistaBookingId: done ? done.booking.bookingId : null,
    VistaBookingNumber: done ? String(done.booking.bookingNumber) : null,
    VistaTransNumber: done ? String(done.transactionNumber) : null,
  };
}

function checkPayment(body: Body): { payment: PaymentInfo } | string {
  const info = body.PaymentInfo;
  if (typeof info !== 'object' || info === null || Array.isArray(info)) return 'The PaymentInfo parameter is required';
  const { CardNumber, CardType, PaymentValueCents, PaymentTenderCategory } = info as Body;
  if (typeof CardNumber !== 'string' || !/^[\x20-\x7e]{1,64}$/u.test(CardNumber))
    return 'PaymentInfo.CardNumber must be 1 to 64 printable characters';
  if (!isCode(CardType)) return 'PaymentInfo.CardType must be 1 to 10 printable characters';
  if (!isCode(PaymentTenderCategory)) return 'PaymentInfo.PaymentTenderCategory must be 1 to 10 printable characters';
  if (typeof PaymentValueCents !== 'number' || !Number.isInteger(PaymentValueCents) || PaymentValueCents < 0 || PaymentValueCents > 1e9) {
    return 'PaymentInfo.PaymentValueCents must be a whole number of cents';
  }
  if (body.PerformPayment !== false) return 'PerformPayment must be false: the cinema takes no payment for a third party';
  return {
    payment: {
      cardNumber: CardNumber,
      cardType: CardType,
      paymentValueCents: PaymentValueCents,
      paymentTenderCategory: PaymentTenderCategory,
    },
  };
}

function isCode(value: unknown): value is string {
  return typeof value === 'string' && /^[\x20-\x7e]{1,10}$/u.test(value);
}

function reply(body: Body): SaleReply {
  return { status: 200, body };
}
