import type { SalePayStatus } from '../../../shared/contract/sale';
import { fail, ok, type Result } from '../../../shared/errors';
import type { Logger } from '../observability/logger';
import type { PaymentGateway } from '../payment/payment-gateway';
import type { SaleOrderRow } from '../storage/repositories/sale-orders.repository';
import { payView, type OrderLedger } from './order-ledger';
import { paymentProvider, startPaying, subjectOf } from './payable-order';
import { refusedPayment } from './payment-refusal';
import type { TradeSettlement } from './trade-settlement';

/**
 * Takes the payment for a held order by a QR the customer scans with the wallet app (Alipay
 * `trade.precreate`), one use case; the alternative to the payment code the scanner reads. Rules:
 * - The same checks as every tender first (`payable-order.ts`); a refusal calls nobody.
 * - The order's one `out_trade_no` is written with `paying` (method `qr`) before `precreate`; the QR's
 *   content is stored once on the order, so a screen asking again (after a restart too) gets the same
 *   QR and no second trade. A precreate whose answer was lost is asked again under the same number
 *   (Alipay answers the same trade's QR).
 * - Then the trade is queried until paid (→ `paid`, the completion starts), closed (→ annulled) or the
 *   hold ends (→ `payment-unknown`, `trade.cancel`, annulled): `trade-settlement.ts`, as for a code.
 * - The customer gives up while the QR shows: `payment-unknown`, then `trade.cancel` (closes the trade,
 *   or refunds it in full if they paid at that moment) and the order is annulled; the seats go back.
 */
export class SaleQrPaymentService {
  constructor(
    private readonly deps: {
      ledger: OrderLedger;
      gateway: () => PaymentGateway | undefined;
      settlement: TradeSettlement;
      now: () => number;
      logger: Logger;
    },
  ) {}

  /** The order's QR: made once (`paying`, then precreate), the stored one on every later ask. */
  async payQr(orderId: string, actor: string): Promise<Result<SalePayStatus>> {
    const { ledger } = this.deps;
    const current = ledger.byId(orderId);
    if (current && current.terminal_id === ledger.terminalId && current.state === 'paying' && current.pay_method === 'qr') {
      if (current.qr_code !== null) return ok(payView(current));
      const provider = paymentProvider(this.deps.gateway());
      return provider.ok ? this.precreate(current, provider.value, actor) : provider;
    }
    const started = startPaying(ledger, orderId, { now: this.deps.now(), gateway: this.deps.gateway(), actor, method: 'qr' });
    if (!started.ok) return started;
    return this.precreate(started.value.order, started.value.gateway, actor);
  }

  /**
   * The customer gives up while the QR shows: `payment-unknown` first (the query loop stops there),
   * then `trade.cancel` in the background and the order annulled. Asked again: the order as it is.
   */
  abandon(orderId: string, actor: string): Result<SalePayStatus> {
    const { ledger } = this.deps;
    const order = ledger.byId(orderId);
    if (!order || order.terminal_id !== ledger.terminalId) return fail('NOT_FOUND', 'no such order on this terminal');
    if (order.state === 'payment-unknown' || order.state === 'cancelling' || order.state === 'cancelled' || order.state === 'expired')
      return ok(payView(order));
    if (order.state !== 'paying' || order.pay_method !== 'qr')
      return fail('ORDER_CLOSED', 'no QR payment of this order is waiting', { state: order.state });
    const unknown = ledger.advance(orderId, 'payment-unknown', actor, {
      from: ['paying'],
      fields: { payment_error: 'abandoned' },
      details: { why: 'the customer gave up the QR payment' },
    });
    if (!unknown) return ok(payView(ledger.byId(orderId)!));
    void this.deps.settlement.reverseAfterCurrent(orderId);
    return ok(payView(unknown));
  }

  private async precreate(order: SaleOrderRow, gateway: PaymentGateway, actor: string): Promise<Result<SalePayStatus>> {
    const { ledger } = this.deps;
    const orderId = order.order_id;
    const outcome = await gateway.createQr({ outTradeNo: order.out_trade_no!, amountCents: order.total_cents, subject: subjectOf(order) });
    switch (outcome.outcome) {
      case 'created':
        // False when the customer gave up meanwhile (the reversal closes the trade) or a second ask stored it first.
        if (ledger.showQr(orderId, outcome.qrCode, actor)) this.deps.settlement.watch(orderId);
        return ok(payView(ledger.byId(orderId)!));
      case 'unknown':
        // The trade may exist: the order stays `paying` under its number (asking again gets its QR), and the
        // query loop reverses it when the hold ends, as for a code payment whose answer was lost.
        this.deps.logger.warn({ orderId, reason: outcome.reason }, 'a QR was asked for and no answer came: ask again or give up');
        this.deps.settlement.watch(orderId);
        return fail('VALIDATION', 'the QR could not be made just now: try again', {
          refusal: 'PAYMENT_UNAVAILABLE',
          reason: 'qr-not-created',
        });
      case 'refused':
      case 'declined':
        return refusedPayment(ledger, orderId, outcome, actor);
    }
  }
}
