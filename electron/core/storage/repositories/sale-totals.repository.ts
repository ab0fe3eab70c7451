import type { Db } from '../database';

/** One audited step of a sale order with its tender: a payment, a refund through the provider, cash to give back. */
export interface SaleMoneyRow {
  action: string;
  tender: string | null;
  paid_cents: number | null;
  details: string;
}

/**
 * The money steps of this store's sale orders between two instants, read from the audit trail (the
 * one record each step commits with its state, `order-ledger.ts`), scoped to the clerk or kiosk that
 * took the order and its terminal: what the shift report counts by tender.
 */
export class SaleTotalsRepository {
  constructor(private readonly db: Db) {}

  moneySteps(fromMs: number, toMs: number, scope: { actor?: string; terminalId?: string } = {}): SaleMoneyRow[] {
    return this.db
      .prepare(
        `SELECT a.action, o.tender, o.paid_cents, a.details
           FROM audit_log a JOIN sale_orders o ON a.subject = 'order:' || o.order_id
          WHERE a.action IN ('sale.order.paid', 'sale.order.refunded', 'sale.order.needs-staff', 'sale.refund.done')
            AND a.at >= ? AND a.at < ?
            AND (? IS NULL OR o.actor = ?) AND (? IS NULL OR o.terminal_id = ?)
          ORDER BY a.seq`,
      )
      .all(
        new Date(fromMs).toISOString(),
        new Date(toMs).toISOString(),
        scope.actor ?? null,
        scope.actor ?? null,
        scope.terminalId ?? null,
        scope.terminalId ?? null,
      ) as SaleMoneyRow[];
  }
}
