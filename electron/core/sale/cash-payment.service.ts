import type { SalePayStatus } from '../../../shared/contract/sale';
import { cashTender } from '../../../shared/domain/cash';
import { fail, ok, type Result } from '../../../shared/errors';
import type { AuditLog } from '../audit/audit-log';
import type { Logger } from '../observability/logger';
import { payView, type OrderLedger } from './order-ledger';
import { payableOrder } from './payable-order';

/** What opening the drawer came to: the printer confirmed the pulse, was not ready, or did not answer. */
export type DrawerResult = 'opened' | 'not-ready' | 'unknown';

export type CashPaid = SalePayStatus & { changeCents: number; drawer: DrawerResult };

/**
 * Cash at the counter, one use case: the clerk types what the customer handed over (integer cents);
 * less than the total, or a typo far above it, is refused and changes nothing. Then the order goes
 * `paid` with tender `cash` in one step (no provider, no trade to settle, so nothing to resume after a
 * crash but the completion), the drawer opens through the receipt printer (ESC p) for the change, and
 * the completion and printing go on as for Alipay. If the completion fails, the money goes back by the
 * clerk's hand: the completion's refund step puts the order on the box office's list ("give back ¥X cash").
 */
export class CashPaymentService {
  constructor(
    private readonly deps: {
      ledger: OrderLedger;
      openDrawer: () => Promise<DrawerResult>;
      audit: AuditLog;
      now: () => number;
      logger: Logger;
      onPaid: (orderId: string) => void;
    },
  ) {}

  async pay(orderId: string, tenderedCents: number, actor: string): Promise<Result<CashPaid>> {
    const { ledger } = this.deps;
    const payable = payableOrder(ledger, orderId, this.deps.now());
    if (!payable.ok) return payable;
    const order = payable.value;
    const tender = cashTender(order.total_cents, tenderedCents);
    if (!tender.ok)
      return fail('VALIDATION', tender.reason === 'too-little' ? 'less than the total was handed over' : 'not an amount the drawer takes', {
        refusal: 'CASH_TENDER',
        reason: tender.reason,
        totalCents: order.total_cents,
        ...(tender.shortCents !== undefined ? { shortCents: tender.shortCents } : {}),
      });

    const paid = ledger.advance(orderId, 'paid', actor, {
      from: ['held'],
      fields: { tender: 'cash', paid_cents: order.total_cents, tendered_cents: tender.tenderedCents, payment_error: null },
      details: { tender: 'cash', amountCents: order.total_cents, tenderedCents: tender.tenderedCents, changeCents: tender.changeCents },
    });
    if (!paid) return fail('ORDER_CLOSED', 'this order moved on meanwhile', { state: ledger.byId(orderId)?.state });

    // The money is in the clerk's hand: the drawer opens for it and the change, whatever the completion does next.
    const drawer = await this.deps.openDrawer().catch((): DrawerResult => 'unknown');
    this.deps.audit.append({
      actor,
      terminalId: ledger.terminalId,
      action: drawer === 'opened' ? 'sale.drawer.opened' : 'sale.drawer.failed',
      subject: `order:${orderId}`,
      details: { outcome: drawer },
    });
    if (drawer !== 'opened') this.deps.logger.warn({ orderId, drawer }, 'the cash drawer did not open: open it by key');
    this.deps.onPaid(orderId);
    return ok({ ...payView(ledger.byId(orderId) ?? paid), changeCents: tender.changeCents, drawer });
  }
}
