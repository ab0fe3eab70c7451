/**
 * The CompleteOrder switch of the control API (`POST /__sim/sale-faults`), not Vista: CompleteOrder
 * does its work (the order becomes a booking) and then loses its answer or answers a code, so a
 * client's recovery of seed 003 §2.2 ("the answer was lost but the booking exists") can be driven.
 * A refusal that books nothing is a plain fault: `POST /__sim/faults {path: 'order/payment', result: N}`.
 */
export type CompleteOrderFault = { kind: 'lost-answer' } | { kind: 'code'; code: number };

export interface SaleFaultsView {
  completeOrder: string | null;
  /** Calls left before the switch turns itself off; null: until cleared. */
  times: number | null;
  hits: number;
}

/** Seed §3.13's descriptions of the codes a CompleteOrder may answer; others get a generic text. */
const DESCRIPTIONS: Record<number, string> = {
  1: 'An unexpected error was encountered. Service log files should be consulted to identify the location and cause of the issue.',
  2: 'An unexpected error occured connecting to, reading or writing to the Web Client database',
  5: 'The service could not access the requested Cinema server system. The Cinema may be unavailable for ticketing.',
  11: 'Before performing payment the Order is prepared for commit. This process includes calculation of Taxes and Booking Fees and validating the order content. If an unexpected error occurs during this process the PrepareOrderForCompleteError is returned. In these cases a retry of the OrderComplete method may be possible.',
  12: 'If the Vista is processing payments and Payment is declined by the authorisation service the PaymentDeclined result returned',
  13: 'If the Vista is processing payments and the Payment system encounters an unexpected error PaymentSystemError result is returned',
  14: 'AFTER payment has been authorised it is possible that final commit of the Order into the Cinema system may fail with an unexpected error. In these cases the PostChargeCommitError is returned. It is important that the customer is notified that they have been charged, and that they should contact the Cinema directly to confirm the status of the booking using any references that might identify the order. These references may include the Vista Booking Number, Customer Name, Card Number, Phone, Email etc. This also results if payments could not be voided.',
  25: 'At least one payment method succeeded, but circumstances have forced the order to be voided. In this case, the order has already been committed to history and will not accept any further attempts.',
  26: 'At least one payment method succeeded, but circumstances have forced the order to be voided. In this case, the order has not been committed to history and retries are allowed.',
  57: 'An error occured prior to payments being processed. In this case, the order has not been committed to history and retries are allowed.',
};

export function describeCode(code: number): string {
  return DESCRIPTIONS[code] ?? `injected result ${code}`;
}

export class SaleFaults {
  private fault: CompleteOrderFault | null = null;
  private times: number | null = null;
  private hits = 0;

  /** Parses the control API's body; answers what is wrong, or null once set. `completeOrder: null` clears. */
  set(body: Record<string, unknown>): string | null {
    const raw = body.completeOrder;
    const times = body.times;
    if (times !== undefined && !(typeof times === 'number' && Number.isInteger(times) && times >= 1)) {
      return 'times must be a whole number of calls, 1 or more';
    }
    if (raw === null) {
      this.fault = null;
      this.times = null;
      this.hits = 0;
      return null;
    }
    const code = typeof raw === 'string' ? /^code:(\d{1,3})$/u.exec(raw) : null;
    if (raw !== 'lost-answer' && !(code && Number(code[1]) > 0)) {
      return "completeOrder must be 'lost-answer', 'code:N' (N from 1 to 999) or null";
    }
    this.fault = code ? { kind: 'code', code: Number(code[1]) } : { kind: 'lost-answer' };
    this.times = typeof times === 'number' ? times : null;
    this.hits = 0;
    return null;
  }

  /** The fault hitting this CompleteOrder, counting the hit. */
  takeCompleteOrder(): CompleteOrderFault | null {
    if (!this.fault) return null;
    if (this.times !== null && this.hits >= this.times) return null;
    this.hits += 1;
    return this.fault;
  }

  view(): SaleFaultsView {
    const name = this.fault ? (this.fault.kind === 'code' ? `code:${this.fault.code}` : 'lost-answer') : null;
    return { completeOrder: name, times: this.times, hits: this.hits };
  }
}
