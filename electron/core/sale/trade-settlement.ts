import type { Logger } from '../observability/logger';
import type { PaymentGateway } from '../payment/payment-gateway';
import type { SaleOrderRow } from '../storage/repositories/sale-orders.repository';
import { reversalRefund, type OrderLedger } from './order-ledger';

export interface SalePaymentSettings {
  /** `trade.query` this often while the customer confirms (10003), scans the QR, or the answer was lost. */
  payPollMs: number;
  /** A reversal whose answer is unknown: tried again this often, this many times. */
  paymentRetryMs: number;
  paymentRetryAttempts: number;
}

export interface TradeSettlementDeps {
  ledger: OrderLedger;
  gateway: () => PaymentGateway | undefined;
  settings: () => SalePaymentSettings;
  now: () => number;
  logger: Logger;
  onPaid: (orderId: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * What happens to an order's one trade after it was asked for, by payment code or by QR: `trade.query`
 * within the hold until it is paid (→ `paid`, the completion starts) or closed (→ annulled); not settled
 * when the hold ends, or given up by the customer: `payment-unknown`, then `trade.cancel` (closes the
 * trade, or refunds it in full if the money moved) and the order is annulled. Shared by the payment
 * code's and the QR's use cases; one background task per order at a time, so that a reversal never
 * races a query of the same trade.
 */
export class TradeSettlement {
  private readonly running = new Map<string, Promise<void>>();
  /** Ends the query loop's pause of an order at once (the customer gave up: the reversal need not wait a poll). */
  private readonly wakers = new Map<string, () => void>();
  private stopped = false;

  constructor(private readonly deps: TradeSettlementDeps) {}

  /** Queries the trade in the background until it settles or the hold ends (then the reversal). */
  watch(orderId: string): void {
    this.inBackground(orderId, () => this.settle(orderId));
  }

  /**
   * The reversal after the order's background task (a query in flight) ended: the customer gave up, or
   * the trade could not be made. The order must be `payment-unknown` already; the query loop stops there.
   */
  reverseAfterCurrent(orderId: string): Promise<void> {
    const current = this.running.get(orderId) ?? Promise.resolve();
    this.wakers.get(orderId)?.();
    const task = current
      .then(() => this.reverse(orderId))
      .catch((error: unknown) => this.deps.logger.error({ orderId, err: (error as Error).message }, 'a payment reversal failed'))
      .finally(() => {
        if (this.running.get(orderId) === task) this.running.delete(orderId);
      });
    this.running.set(orderId, task);
    return task;
  }

  /** After a restart: `paying` settles by query (then reversal), `payment-unknown` is reversed. Never a second trade. */
  resume(order: SaleOrderRow): void {
    if (order.state === 'paying') this.inBackground(order.order_id, () => this.settle(order.order_id, true));
    else if (order.state === 'payment-unknown') this.inBackground(order.order_id, () => this.reverse(order.order_id));
  }

  /** `paid` with the provider's trade (only from `paying`: a trade given up is reversed, never booked); undefined when the order moved on. */
  paid(orderId: string, tradeNo: string, amountCents: number): SaleOrderRow | undefined {
    const moved = this.deps.ledger.advance(orderId, 'paid', 'sale', {
      from: ['paying'],
      fields: { trade_no: tradeNo, paid_cents: amountCents, payment_error: null },
      details: { tradeNo, amountCents },
    });
    if (moved) this.deps.onPaid(orderId);
    return moved;
  }

  /** Waits for the background steps (tests, stop). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  stop(): void {
    this.stopped = true;
  }

  /**
   * Queries the trade until it settles or the hold ends; then the reversal. After a restart, a code
   * payment's trade the provider does not know is reversed at once: our pay call died with the process,
   * and `trade.cancel` closes the number so that nothing sent before can still charge. (A QR's trade
   * exists from its precreate on: one the provider does not know was never shown to anyone.)
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
        if (answer.outcome === 'not-found' && resumed && (order.pay_method !== 'qr' || order.qr_code === null)) break;
      }
      if (order.held_until === null || now() + this.deps.settings().payPollMs >= order.held_until) break;
      await this.pause(orderId, this.deps.settings().payPollMs);
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
      .finally(() => {
        if (this.running.get(orderId) === task) this.running.delete(orderId);
      });
    this.running.set(orderId, task);
  }

  /** The query loop's wait between two queries of an order, cut short by `reverseAfterCurrent`. */
  private pause(orderId: string, ms: number): Promise<void> {
    if (this.deps.sleep) return this.deps.sleep(ms);
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakers.delete(orderId);
        resolve();
      };
      const timer = setTimeout(done, ms).unref();
      this.wakers.set(orderId, done);
    });
  }

  private sleep(ms: number): Promise<void> {
    return this.deps.sleep ? this.deps.sleep(ms) : new Promise((resolve) => setTimeout(resolve, ms).unref());
  }
}
