import type { SalePayStatus } from '../../../shared/contract/sale';
import { fail, ok, type Result } from '../../../shared/errors';
import type { Logger } from '../observability/logger';
import { isOrderAmount, type PaymentGateway, type PayOutcome } from '../payment/payment-gateway';
import type { OrderTicket, SaleOrderRow } from '../storage/repositories/sale-orders.repository';
import { payView, reversalRefund, type OrderLedger } from './order-ledger';

export interface SalePaymentSettings {
  /** `trade.query` this often while the customer confirms (10003) or the answer was lost. */
  payPollMs: number;
  /** A reversal whose answer is unknown: tried again this often, this many times. */
  paymentRetryMs: number;
  paymentRetryAttempts: number;
}

/** The order's one trade number: derived from its id, so a crash between the store and the call cannot make a second. */
export const outTradeNoOf = (orderId: string): string => `S${orderId}`;

/**
 * Takes the payment for a held order by the payment code the customer's phone shows (Alipay
 * `trade.pay`, scene bar_code), one use case. Rules (issue 15, seed 001):
 * - The amount is checked against the order (tickets × prices + booking fee = central's AddTickets
 *   total) before any call; a mismatch calls nobody.
 * - The order's `out_trade_no` is written (state `paying`) before the first call and never changes:
 *   there is one trade per order, whatever happens.
 * - `user-paying` or `unknown`: `trade.query` every `payPollMs` until the hold ends; still not settled:
 *   `payment-unknown` and `trade.cancel` (closes the trade, or refunds it in full if the money moved),
 *   then the order is annulled (CancelOrder through the outbox).
 * - Declined without a trade (payment code invalid or expired, balance not enough): back to `held`,
 *   the reason kept; the customer may try again with a fresh code under the same `out_trade_no`, which
 *   Alipay allows while no trade under it is closed or paid (a repeat of a paid one answers
 *   ACQ.TRADE_HAS_SUCCESS, never a second charge). Declined because the trade under our number is
 *   closed or inconsistent: Alipay never pays a closed `out_trade_no` again, so the order is annulled
 *   and the customer holds seats again (a new order, a new number).
 * - Paid: `paid` with the trade number and amount; `onPaid` starts the completion.
 */
export class SalePaymentService {
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly deps: {
      ledger: OrderLedger;
      gateway: () => PaymentGateway | undefined;
      settings: () => SalePaymentSettings;
      now: () => number;
      logger: Logger;
      onPaid: (orderId: string) => void;
      sleep?: (ms: number) => Promise<void>;
    },
  ) {}

  async pay(orderId: string, paymentCode: string, actor: string): Promise<Result<SalePayStatus>> {
    const { ledger, now } = this.deps;
    const order = ledger.byId(orderId);
    if (!order || order.terminal_id !== ledger.terminalId) return fail('NOT_FOUND', 'no such order on this terminal');
    if (order.state === 'paying' || order.state === 'payment-unknown')
      return fail('ORDER_CLOSED', 'a payment of this order is under way', { refusal: 'PAYMENT_IN_PROGRESS', state: order.state });
    if (order.state !== 'held') return fail('ORDER_CLOSED', 'this order is not waiting for payment', { state: order.state });
    if (order.held_until === null || order.held_until <= now())
      return fail('ORDER_CLOSED', 'the hold of these seats has run out: hold them again', { state: order.state });
    const amount = expectedTotal(order);
    if (amount === null || amount !== order.total_cents || !isOrderAmount(order.total_cents))
      return fail('VALIDATION', 'the order total does not add up: nothing was charged', {
        refusal: 'AMOUNT_MISMATCH',
        totalCents: order.total_cents,
      });
    const gateway = this.deps.gateway();
    if (!gateway) return fail('VALIDATION', 'this terminal takes no payment: no provider is set up', { refusal: 'PAYMENT_UNAVAILABLE' });

    const outTradeNo = order.out_trade_no ?? outTradeNoOf(orderId);
    const paying = ledger.advance(orderId, 'paying', actor, {
      from: ['held'],
      fields: { out_trade_no: outTradeNo, tender: gateway.provider, payment_error: null },
      details: { outTradeNo, amountCents: order.total_cents, provider: gateway.provider },
    });
    if (!paying) return fail('ORDER_CLOSED', 'this order moved on meanwhile', { state: ledger.byId(orderId)?.state });

    const outcome = await gateway.payByCode({ outTradeNo, amountCents: order.total_cents, subject: subjectOf(order), paymentCode });
    return this.afterPay(paying, outcome, actor);
  }

  /** The order as stored (the screens poll it while a payment settles). */
  status(orderId: string): Result<SalePayStatus> {
    const order = this.deps.ledger.byId(orderId);
    if (!order || order.terminal_id !== this.deps.ledger.terminalId) return fail('NOT_FOUND', 'no such order on this terminal');
    return ok(payView(order));
  }

  /** After a restart: `paying` settles by query (then reversal), `payment-unknown` is reversed. Never a second trade. */
  resume(order: SaleOrderRow): void {
    if (order.state === 'paying') this.inBackground(order.order_id, () => this.settle(order.order_id, true));
    else if (order.state === 'payment-unknown') this.inBackground(order.order_id, () => this.reverse(order.order_id));
  }

  /** Waits for the background steps (tests, stop). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  stop(): void {
    this.stopped = true;
  }

  private async afterPay(order: SaleOrderRow, outcome: PayOutcome, actor: string): Promise<Result<SalePayStatus>> {
    const { ledger } = this.deps;
    const orderId = order.order_id;
    switch (outcome.outcome) {
      case 'paid':
        return ok(payView(this.paid(orderId, outcome.trade.tradeNo, outcome.trade.amountCents) ?? ledger.byId(orderId)!));
      case 'user-paying':
      case 'unknown': {
        const reason = outcome.outcome === 'unknown' ? outcome.reason : 'user-paying';
        this.deps.logger.info({ orderId, reason }, 'payment not settled yet: querying the trade within the hold');
        this.inBackground(orderId, () => this.settle(orderId));
        return ok(payView(ledger.byId(orderId)!));
      }
      case 'refused':
        // No call was made: the order is held as before.
        ledger.advance(orderId, 'held', actor, {
          from: ['paying'],
          fields: { payment_error: outcome.code },
          details: { refused: outcome.code },
        });
        return fail('VALIDATION', outcome.message, {
          refusal: outcome.code,
          ...(outcome.customerMessage ? { customerMessage: outcome.customerMessage } : {}),
        });
      case 'declined': {
        const deadTrade = outcome.reason === 'trade-closed' || outcome.reason === 'trade-inconsistent' || outcome.reason === 'trade-state';
        if (deadTrade) {
          // Alipay never pays a closed out_trade_no again: this order cannot be paid; its seats go back.
          ledger.cancel(orderId, 'payment', 'sale', { declined: outcome.reason, providerCode: outcome.providerCode });
          return fail('ORDER_CLOSED', 'this order can no longer be paid: hold the seats again', {
            refusal: 'PAYMENT_DECLINED',
            reason: outcome.reason,
          });
        }
        ledger.advance(orderId, 'held', actor, {
          from: ['paying'],
          fields: { payment_error: outcome.reason },
          details: { declined: outcome.reason, providerCode: outcome.providerCode },
        });
        if (outcome.reason === 'merchant-setup')
          return fail('VALIDATION', 'the payment provider refused this terminal: a technician must check its settings', {
            refusal: 'PAYMENT_UNAVAILABLE',
          });
        return fail('VALIDATION', 'the payment was declined: nothing was charged', { refusal: 'PAYMENT_DECLINED', reason: outcome.reason });
      }
    }
  }

  /** `paid` with the provider's trade; false amount or a state moved meanwhile: undefined. */
  private paid(orderId: string, tradeNo: string, amountCents: number): SaleOrderRow | undefined {
    const moved = this.deps.ledger.advance(orderId, 'paid', 'sale', {
      from: ['paying', 'payment-unknown'],
      fields: { trade_no: tradeNo, paid_cents: amountCents, payment_error: null },
      details: { tradeNo, amountCents },
    });
    if (moved) this.deps.onPaid(orderId);
    return moved;
  }

  /**
   * Queries the trade until it settles or the hold ends; then the reversal. After a restart a trade the
   * provider does not know is reversed at once: our pay call died with the process, and `trade.cancel`
   * closes the number so that nothing sent before can still charge.
   */
  private async settle(orderId: string, resumed = false): Promise<void> {
    const { ledger, now } = this.deps;
    for (;;) {
      const order = ledger.byId(orderId);
      if (!order || order.state !== 'paying' || this.stopped) return;
      const gateway = this.deps.gateway();
      if (gateway) {
        const answer = await gateway.query(order.out_trade_no!, order.total_cents);
        if (answer.outcome === 'found') {
          const trade = answer.trade;
          if (trade.status === 'paid' || trade.status === 'finished') {
            this.paid(orderId, trade.tradeNo, trade.amountCents);
            return;
          }
          if (trade.status === 'closed') {
            ledger.cancel(orderId, 'payment', 'sale', { trade: 'closed', tradeNo: trade.tradeNo });
            return;
          }
        }
        if (answer.outcome === 'not-found' && resumed) break;
      }
      if (order.held_until === null || now() + this.deps.settings().payPollMs >= order.held_until) break;
      await this.sleep(this.deps.settings().payPollMs);
    }
    const unknown = ledger.advance(orderId, 'payment-unknown', 'sale', {
      from: ['paying'],
      fields: { payment_error: 'not-settled' },
      details: { why: 'the payment did not settle within the hold' },
    });
    if (unknown) await this.reverse(orderId);
  }

  /**
   * `trade.cancel`: closes the trade (nobody paid) or refunds it in full (the money had moved). Either
   * way the order is annulled. An unknown answer is tried again; a refusal goes to staff.
   */
  private async reverse(orderId: string): Promise<void> {
    const { ledger } = this.deps;
    const { paymentRetryAttempts, paymentRetryMs } = this.deps.settings();
    for (let attempt = 1; attempt <= paymentRetryAttempts && !this.stopped; attempt += 1) {
      const order = ledger.byId(orderId);
      if (!order || order.state !== 'payment-unknown') return;
      const gateway = this.deps.gateway();
      const answer = gateway ? await gateway.cancel(order.out_trade_no!) : undefined;
      if (answer?.outcome === 'cancelled') {
        // Money that had moved went back in full under the trade: the customer gets its number, the box office the order.
        const refunded = answer.action === 'refunded' ? reversalRefund(order) : {};
        ledger.cancel(orderId, 'payment', 'sale', { reversal: answer.action, outTradeNo: order.out_trade_no }, refunded);
        return;
      }
      if (answer?.outcome === 'declined' || answer?.outcome === 'refused') {
        ledger.advance(orderId, 'needs-staff', 'sale', {
          fields: { needs_staff_reason: `payment reversal refused: ${answer.outcome === 'declined' ? answer.reason : answer.code}` },
          details: { reversal: answer.outcome },
        });
        return;
      }
      await this.sleep(paymentRetryMs);
    }
    this.deps.logger.warn({ orderId }, 'a payment reversal is still unanswered: tried again at the next start');
  }

  private inBackground(orderId: string, work: () => Promise<void>): void {
    if (this.running.has(orderId)) return;
    const task = work()
      .catch((error: unknown) => this.deps.logger.error({ orderId, err: (error as Error).message }, 'a payment step failed'))
      .finally(() => this.running.delete(orderId));
    this.running.set(orderId, task);
  }

  private sleep(ms: number): Promise<void> {
    return this.deps.sleep ? this.deps.sleep(ms) : new Promise((resolve) => setTimeout(resolve, ms).unref());
  }
}

/** Tickets × prices + booking fee, as AddTickets totals an order; null when the stored tickets do not read. */
export function expectedTotal(order: SaleOrderRow): number | null {
  try {
    const tickets = JSON.parse(order.tickets) as OrderTicket[];
    let sum = order.booking_fee_cents;
    for (const t of tickets) {
      if (!Number.isSafeInteger(t.qty) || !Number.isSafeInteger(t.priceCents) || t.qty < 1 || t.priceCents < 0) return null;
      sum += t.qty * t.priceCents;
    }
    return sum;
  } catch {
    return null;
  }
}

/** What the customer's wallet shows: the film and the show, printable and short. */
const subjectOf = (order: SaleOrderRow): string => `${order.film_title} ${order.starts_at.slice(0, 16).replace('T', ' ')}`.slice(0, 120);
