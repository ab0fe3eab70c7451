import type { SalePayStatus } from '../../../shared/contract/sale';
import { fail, ok, type Result } from '../../../shared/errors';
import type { Logger } from '../observability/logger';
import type { PaymentGateway, PayOutcome } from '../payment/payment-gateway';
import type { SaleOrderRow } from '../storage/repositories/sale-orders.repository';
import { payView, type OrderLedger } from './order-ledger';
import { refusedPayment } from './payment-refusal';
import { startPaying, subjectOf } from './payable-order';
import type { TradeSettlement } from './trade-settlement';

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
  constructor(
    private readonly deps: {
      ledger: OrderLedger;
      gateway: () => PaymentGateway | undefined;
      settlement: TradeSettlement;
      now: () => number;
      logger: Logger;
    },
  ) {}

  async pay(orderId: string, paymentCode: string, actor: string): Promise<Result<SalePayStatus>> {
    const started = startPaying(this.deps.ledger, orderId, { now: this.deps.now(), gateway: this.deps.gateway(), actor, method: 'code' });
    if (!started.ok) return started;
    const { order, gateway } = started.value;
    const outcome = await gateway.payByCode({
      outTradeNo: order.out_trade_no!,
      amountCents: order.total_cents,
      subject: subjectOf(order),
      paymentCode,
    });
    return this.afterPay(order, outcome, actor);
  }

  /** The order as stored (the screens poll it while a payment settles). */
  status(orderId: string): Result<SalePayStatus> {
    const order = this.deps.ledger.byId(orderId);
    if (!order || order.terminal_id !== this.deps.ledger.terminalId) return fail('NOT_FOUND', 'no such order on this terminal');
    return ok(payView(order));
  }

  private async afterPay(order: SaleOrderRow, outcome: PayOutcome, actor: string): Promise<Result<SalePayStatus>> {
    const { ledger } = this.deps;
    const orderId = order.order_id;
    switch (outcome.outcome) {
      case 'paid':
        return ok(payView(this.deps.settlement.paid(orderId, outcome.trade.tradeNo, outcome.trade.amountCents) ?? ledger.byId(orderId)!));
      case 'user-paying':
      case 'unknown': {
        const reason = outcome.outcome === 'unknown' ? outcome.reason : 'user-paying';
        this.deps.logger.info({ orderId, reason }, 'payment not settled yet: querying the trade within the hold');
        this.deps.settlement.watch(orderId);
        return ok(payView(ledger.byId(orderId)!));
      }
      case 'refused':
      case 'declined':
        return refusedPayment(ledger, orderId, outcome, actor);
    }
  }
}
