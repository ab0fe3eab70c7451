/**
 * The payment port: what the sale needs from a payment provider, in integer cents and the core's own
 * outcomes. A provider's codes, amounts as strings and trade states stay inside its adapter.
 *
 * Every method answers; none throws. An outcome the kiosk cannot trust (no answer, a busy gateway, an
 * answer whose signature, amount or trade number is wrong) is `unknown` with a stable reason: the money
 * may or may not have moved, and the caller finds out with `query` (and reverses with `cancel`).
 */
export interface PaymentGateway {
  /** Which provider this is (`alipay`), for audit records and receipts. */
  readonly provider: string;
  /** Takes the payment code the customer's phone shows (Alipay: trade.pay, scene bar_code). */
  payByCode(request: PayByCodeRequest): Promise<PayOutcome>;
  /** A QR the customer scans with the wallet app (Alipay: trade.precreate); then `query` until paid. */
  createQr(request: TradeRequest): Promise<CreateQrOutcome>;
  /** The trade as the provider has it now; `expectedCents` is the order's total, checked against it. */
  query(outTradeNo: string, expectedCents: number): Promise<QueryOutcome>;
  /** Reverses a trade whose outcome is in doubt: closes it unpaid, or refunds it in full if it was paid. */
  cancel(outTradeNo: string): Promise<CancelOutcome>;
  /** Closes a trade nobody paid (a QR the customer walked away from). */
  close(outTradeNo: string): Promise<CloseOutcome>;
  /** Gives money back; the same `refundRequestNo` again is the same refund, never a second one. */
  refund(request: RefundRequest): Promise<RefundOutcome>;
}

export interface TradeRequest {
  /** Ours, one per order, written to the store before the first call: letters, digits, `_` and `-`, at most 64. */
  outTradeNo: string;
  amountCents: number;
  /** What the customer's wallet shows (film and show). */
  subject: string;
}

export interface PayByCodeRequest extends TradeRequest {
  /** The code the customer's phone shows: used for this call only, never stored, logged or audited. */
  paymentCode: string;
}

export interface RefundRequest {
  outTradeNo: string;
  /** The trade's total, checked against what the provider says. */
  tradeAmountCents: number;
  /** This refund's amount. */
  amountCents: number;
  /** The idempotency key of this refund (letters, digits, `_`, `-`; at most 64). */
  refundRequestNo: string;
  reason: string;
}

/** The trade, in our terms. */
export interface TradeView {
  tradeNo: string;
  outTradeNo: string;
  status: 'waiting' | 'paid' | 'closed' | 'finished';
  amountCents: number;
}

/** No call was made: the request was not one this kiosk may send. */
export interface Refused {
  outcome: 'refused';
  code: 'WALLET_NOT_ACCEPTED' | 'NOT_A_PAYMENT_CODE' | 'INVALID_AMOUNT' | 'INVALID_REQUEST' | 'NOT_CONFIGURED';
  message: string;
  /** For the customer's screen, where the refusal is theirs to act on (a code from another wallet). */
  customerMessage?: { 'zh-CN': string; en: string };
}

/** Why an outcome is unknown; stable, for the state machine, the audit and the technician. */
export type UnknownReason =
  /** The gateway said it is busy (Alipay 20000) or failed (HTTP status). */
  | 'gateway-busy'
  /** No answer: timeout, refused connection, reset. */
  | 'no-answer'
  /** The answer's signature does not verify with the provider's public key. */
  | 'answer-signature-invalid'
  /** The answer is not the provider's format. */
  | 'answer-malformed'
  /** The answer names another trade than the one asked about. */
  | 'answer-trade-mismatch'
  /** The answer's amount is not the order's. */
  | 'answer-amount-mismatch'
  /** The answer carries control or bidi characters in a field we would keep or show. */
  | 'answer-unsafe-text';

export interface Unknown {
  outcome: 'unknown';
  reason: UnknownReason;
}

/** The provider said no, with its reason in our terms and its own code for the technician. */
export interface Declined {
  outcome: 'declined';
  reason: DeclineReason;
  /** The provider's own code (Alipay's sub_code), for logs and the technician; never shown to a customer. */
  providerCode: string;
}

export type DeclineReason =
  /** The payment code is expired or not recognised: the customer refreshes it. */
  | 'payment-code-invalid'
  | 'balance-not-enough'
  /** The trade is closed (cancelled, timed out): this order needs a new attempt from staff. */
  | 'trade-closed'
  /** The same out_trade_no with another amount or subject. */
  | 'trade-inconsistent'
  | 'trade-not-found'
  /** The trade is in a state that does not allow this call (close a paid trade, cancel after a refund). */
  | 'trade-state'
  /** Past the refund period, or more than was paid. */
  | 'refund-not-allowed'
  /** The same refund request number with another amount. */
  | 'refund-inconsistent'
  /** The kiosk's credentials or request were refused (app id, signature, parameters): a technician's matter. */
  | 'merchant-setup'
  | 'other';

export type PayOutcome =
  | { outcome: 'paid'; trade: TradeView }
  /** The customer confirms on the phone (a password, a large amount): query until it settles. */
  | { outcome: 'user-paying'; tradeNo: string }
  | Unknown
  | Declined
  | Refused;

export type CreateQrOutcome = { outcome: 'created'; qrCode: string } | Unknown | Declined | Refused;
export type QueryOutcome = { outcome: 'found'; trade: TradeView } | { outcome: 'not-found' } | Unknown | Declined | Refused;
/** `closed`: nobody had paid; `refunded`: it was paid and all of it goes back. */
export type CancelOutcome = { outcome: 'cancelled'; action: 'closed' | 'refunded' } | Unknown | Declined | Refused;
export type CloseOutcome = { outcome: 'closed' } | Unknown | Declined | Refused;
/** `totalRefundedCents`: everything refunded on the trade so far; `moved`: false when this was a repeat. */
export type RefundOutcome = { outcome: 'refunded'; totalRefundedCents: number; moved: boolean } | Unknown | Declined | Refused;

/** The largest single order a kiosk takes; more is a typo or an attack. */
export const MAX_ORDER_CENTS = 10_000_000;

/** Whether an amount is whole cents, positive, and not beyond a cinema order. */
export const isOrderAmount = (cents: number): boolean => Number.isSafeInteger(cents) && cents >= 1 && cents <= MAX_ORDER_CENTS;

/** Our trade and refund numbers: what Alipay accepts, and nothing that could carry markup or controls. */
export const TRADE_NUMBER = /^[A-Za-z0-9_-]{1,64}$/u;
