import { fail, type Result } from '../../../shared/errors';
import type { Declined, Refused } from '../payment/payment-gateway';
import type { OrderLedger } from './order-ledger';

/**
 * A payment (code or QR) the provider refused or declined, settled on the order, as the screens hear it.
 * Nothing was charged. Declined without a trade, or refused before any call: back to `held`, the
 * reason kept; the customer may try again under the same `out_trade_no`. Declined because the trade
 * under our number is closed or inconsistent: Alipay never pays a closed `out_trade_no` again, so the
 * order is annulled and the customer holds seats again (a new order, a new number).
 */
export function refusedPayment(ledger: OrderLedger, orderId: string, outcome: Refused | Declined, actor: string): Result<never> {
  if (outcome.outcome === 'refused') {
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
  }
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
