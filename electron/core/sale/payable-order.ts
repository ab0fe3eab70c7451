import { fail, ok, type Result } from '../../../shared/errors';
import { isOrderAmount, type PaymentGateway } from '../payment/payment-gateway';
import type { OrderTicket, SaleOrderRow } from '../storage/repositories/sale-orders.repository';
import type { OrderLedger } from './order-ledger';

/**
 * The checks every tender makes before it asks for money (payment code, QR, cash): the order is this
 * terminal's, `held`, within its hold, and its total adds up (tickets × prices + booking fee = central's
 * AddTickets total, a sane amount). One function, so that no tender can skip one. A refusal changes
 * nothing and calls nobody.
 */
export function payableOrder(ledger: OrderLedger, orderId: string, now: number): Result<SaleOrderRow> {
  const order = ledger.byId(orderId);
  if (!order || order.terminal_id !== ledger.terminalId) return fail('NOT_FOUND', 'no such order on this terminal');
  if (order.state === 'paying' || order.state === 'payment-unknown')
    return fail('ORDER_CLOSED', 'a payment of this order is under way', { refusal: 'PAYMENT_IN_PROGRESS', state: order.state });
  if (order.state !== 'held') return fail('ORDER_CLOSED', 'this order is not waiting for payment', { state: order.state });
  if (order.held_until === null || order.held_until <= now)
    return fail('ORDER_CLOSED', 'the hold of these seats has run out: hold them again', { state: order.state });
  const amount = expectedTotal(order);
  if (amount === null || amount !== order.total_cents || !isOrderAmount(order.total_cents))
    return fail('VALIDATION', 'the order total does not add up: nothing was charged', {
      refusal: 'AMOUNT_MISMATCH',
      totalCents: order.total_cents,
    });
  return ok(order);
}

/** The payment provider, or the refusal a terminal without one gives (cash needs none). */
export function paymentProvider(gateway: PaymentGateway | undefined): Result<PaymentGateway> {
  return gateway
    ? ok(gateway)
    : fail('VALIDATION', 'this terminal takes no payment: no provider is set up', { refusal: 'PAYMENT_UNAVAILABLE' });
}

/**
 * The start of a payment through the provider, after every check: the order moves `held → paying` with
 * its one trade number (kept if it has one), the provider and the method, committed with its audit record
 * before the first call. The paying row and the provider, or the refusal (nothing changed).
 */
export function startPaying(
  ledger: OrderLedger,
  orderId: string,
  at: { now: number; gateway: PaymentGateway | undefined; actor: string; method: 'code' | 'qr' },
): Result<{ order: SaleOrderRow; gateway: PaymentGateway }> {
  const payable = payableOrder(ledger, orderId, at.now);
  if (!payable.ok) return payable;
  const provider = paymentProvider(at.gateway);
  if (!provider.ok) return provider;
  const { total_cents: amountCents } = payable.value;
  const gateway = provider.value;
  const outTradeNo = payable.value.out_trade_no ?? outTradeNoOf(orderId);
  const paying = ledger.advance(orderId, 'paying', at.actor, {
    from: ['held'],
    fields: { out_trade_no: outTradeNo, tender: gateway.provider, payment_error: null, pay_method: at.method },
    details: { outTradeNo, amountCents, provider: gateway.provider, method: at.method },
  });
  if (!paying) return fail('ORDER_CLOSED', 'this order moved on meanwhile', { state: ledger.byId(orderId)?.state });
  return ok({ order: paying, gateway });
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

/** The order's one trade number: derived from its id, so a crash between the store and the call cannot make a second. */
export const outTradeNoOf = (orderId: string): string => `S${orderId}`;

/** What the customer's wallet shows: the film and the show, printable and short. */
export const subjectOf = (order: SaleOrderRow): string =>
  `${order.film_title} ${order.starts_at.slice(0, 16).replace('T', ' ')}`.slice(0, 120);
