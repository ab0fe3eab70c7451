import type { SaleOrderView } from '../../../shared/contract/sale';
import { isOpenOrder, type CancelReason } from '../../../shared/domain/sale-order';
import { fail, ok, type Result } from '../../../shared/errors';
import type { Logger } from '../observability/logger';
import type { SaleOrdersRepository } from '../storage/repositories/sale-orders.repository';
import { orderView, type OrderLedger } from './order-ledger';

/**
 * Annuls unpaid orders (seeds 000 and 002): when the customer cancels or walks away, when the hold
 * runs out, and at start for every open order a crash left behind. Each goes `cancelling` with its
 * CancelOrder in the outbox (one transaction); the outbox worker repeats it until central confirms.
 */
export class OrderCancelService {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      ledger: OrderLedger;
      orders: SaleOrdersRepository;
      now: () => number;
      logger: Logger;
      expiryCheckMs: () => number;
    },
  ) {}

  /** The customer (or the clerk for them) cancels, or leaves: idempotent, an order annulled already is answered as it is. */
  cancel(orderId: string, reason: CancelReason, actor: string): Result<SaleOrderView> {
    const order = this.deps.ledger.byId(orderId);
    if (!order || order.terminal_id !== this.deps.ledger.terminalId) return fail('NOT_FOUND', 'no such order on this terminal');
    if (isOpenOrder(order.state)) this.deps.ledger.cancel(orderId, reason, actor);
    return ok(orderView(this.deps.ledger.byId(orderId)!));
  }

  /** An order of this terminal as stored. */
  order(orderId: string): Result<SaleOrderView> {
    const order = this.deps.ledger.byId(orderId);
    if (!order || order.terminal_id !== this.deps.ledger.terminalId) return fail('NOT_FOUND', 'no such order on this terminal');
    return ok(orderView(order));
  }

  /** Held orders whose time ran out go `cancelling` (reason `timeout`, `expired` once central confirms). */
  expireDue(): number {
    let expired = 0;
    for (const order of this.deps.orders.heldPast(this.deps.now())) {
      if (order.terminal_id !== this.deps.ledger.terminalId) continue;
      if (this.deps.ledger.cancel(order.order_id, 'timeout', 'sale')) expired += 1;
    }
    return expired;
  }

  /** At start, before anything serves: every open order of this terminal is annulled (a dead kiosk holds no seat). */
  cancelOpenAtStart(): number {
    const open = this.deps.orders.open(this.deps.ledger.terminalId);
    for (const order of open) this.deps.ledger.cancel(order.order_id, 'restart', 'sale', { state: order.state });
    if (open.length > 0) this.deps.logger.warn({ orders: open.length }, 'open sale orders found at start: their seats are being released');
    return open.length;
  }

  start(): void {
    const tick = (): void => {
      try {
        this.expireDue();
      } catch (error) {
        this.deps.logger.error({ err: (error as Error).message }, 'sale hold expiry check failed');
      }
      this.timer = setTimeout(tick, this.deps.expiryCheckMs());
      this.timer.unref();
    };
    tick();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
