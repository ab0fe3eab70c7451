import { formatYuan } from '../../../shared/domain/money';
import type { AuditLog } from '../audit/audit-log';
import type { Logger } from '../observability/logger';
import type { PaymentGateway } from '../payment/payment-gateway';
import type { Db } from '../storage/database';
import type { SaleOrderRow, SaleOrdersRepository } from '../storage/repositories/sale-orders.repository';
import type { SaleRefundRow, SaleRefundsRepository } from '../storage/repositories/sale-refunds.repository';
import { DueRowRunner } from '../sync/due-rows.runner';

/** A box-office refund central has just confirmed (RefundBooking, MarkAsRefundedOnly), or one just recorded at the counter. */
export interface ConfirmedRefund {
  refund_id: number;
  refund_code: string;
  booking_number: number;
  ticket_cents: number;
  booking_fee_cents: number;
  clerk: string;
  terminal_id: string;
}

/** The provider's idempotency key of a refund of a sold booking: one per box-office refund, never reused. */
export const ownRefundRequestNoOf = (refundId: number): string => `RB${refundId}`;

/**
 * The tender a refund of this sale goes back by, or undefined when it has no money-back of ours (not paid,
 * or another tender): the worker's rule, which the box office's booking view also tells the dialog.
 */
export function ownSaleTenderOf(order: SaleOrderRow | undefined): 'alipay' | 'cash' | undefined {
  if (!order || order.paid_cents === null) return undefined;
  return order.tender === 'alipay' || order.tender === 'cash' ? order.tender : undefined;
}

/**
 * The money-back of a refund of a booking we sold (seed 003 §2.4: central only marks the tickets
 * refunded; the seller pays back). `enqueue` runs inside the transaction in which the box office
 * settles an online refund with central's confirmation, or records a counter refund of printed
 * tickets: a booking whose order this store sold gets its `sale_refunds` row there, so a crash
 * before the provider's refund only delays it. Alipay: the
 * worker sends `alipay.trade.refund` under the row's `out_request_no` (repeated, the same refund)
 * until the provider answers; a refusal goes to staff. Cash: given back at the counter, the row is
 * `done` at once (the shift report counts it as a cash refund). Audited on the order: `sale.refund.*`.
 */
export class OwnSaleRefundWorker {
  private readonly runner: DueRowRunner<SaleRefundRow>;

  constructor(
    private readonly deps: {
      db: Db;
      rows: SaleRefundsRepository;
      orders: Pick<SaleOrdersRepository, 'byId' | 'ofBooking' | 'flagForStaff'>;
      gateway: () => PaymentGateway | undefined;
      audit: AuditLog;
      logger: Logger;
      now: () => number;
    },
    private readonly settings: () => { pollMs: number; retryMs: number; maxAttempts: number },
  ) {
    this.runner = new DueRowRunner(
      { due: () => this.deps.rows.due(this.deps.now()), handle: (row) => this.attempt(row) },
      { name: 'own-sale refund', logger: deps.logger, pollMs: () => this.settings().pollMs },
    );
  }

  /** In the caller's transaction: the money-back of a refund of our own sale (confirmed online, or at the counter), written once. */
  enqueue(refund: ConfirmedRefund): void {
    const order = this.deps.orders.ofBooking(refund.booking_number);
    const tender = ownSaleTenderOf(order);
    if (!order || !tender || order.paid_cents === null) return;
    const room = order.paid_cents - this.deps.rows.committedCents(order.order_id);
    const amount = Math.min(refund.ticket_cents + refund.booking_fee_cents, room);
    if (amount <= 0) return;
    const now = this.deps.now();
    const cash = tender === 'cash';
    const outRequestNo = ownRefundRequestNoOf(refund.refund_id);
    const written = this.deps.rows.insert({
      refund_id: refund.refund_id,
      order_id: order.order_id,
      tender,
      out_request_no: outRequestNo,
      amount_cents: amount,
      state: cash ? 'done' : 'pending',
      next_attempt_at: now,
      created_at: now,
      done_at: cash ? now : null,
    });
    if (!written) return;
    this.record(`staff:${refund.clerk}`, cash ? 'sale.refund.done' : 'sale.refund.queued', order.order_id, refund.terminal_id, {
      refundCode: refund.refund_code,
      bookingNumber: refund.booking_number,
      tender,
      amountCents: amount,
      ...(cash ? { paidBack: 'cash at the counter' } : { outRequestNo }),
    });
    if (!cash) setImmediate(() => this.kick());
  }

  start(): void {
    this.runner.start();
  }

  async stop(): Promise<void> {
    await this.runner.stop();
  }

  kick(): void {
    this.runner.wake();
  }

  private async attempt(row: SaleRefundRow): Promise<void> {
    const { rows, now } = this.deps;
    const { retryMs, maxAttempts } = this.settings();
    const gateway = this.deps.gateway();
    const order = this.deps.orders.byId(row.order_id);
    if (!order?.out_trade_no || order.paid_cents === null) {
      this.handOver(row, 'the sale has no trade to refund');
      return;
    }
    if (!gateway) {
      rows.recordAttempt(row.refund_id, now() + retryMs, 'no payment provider is set up');
      return;
    }
    // Counted before the call leaves: the same out_request_no is sent again after a crash.
    rows.recordAttempt(row.refund_id, now() + retryMs, row.last_error);
    const answer = await gateway.refund({
      outTradeNo: order.out_trade_no,
      tradeAmountCents: order.paid_cents,
      amountCents: row.amount_cents,
      refundRequestNo: row.out_request_no,
      reason: 'ticket refund',
    });
    if (answer.outcome === 'refunded') {
      this.deps.db.transaction(() => {
        if (rows.settle(row.refund_id, 'done', now()))
          this.record('sale', 'sale.refund.done', row.order_id, order.terminal_id, {
            tender: 'alipay',
            amountCents: row.amount_cents,
            outRequestNo: row.out_request_no,
            totalRefundedCents: answer.totalRefundedCents,
            repeat: !answer.moved,
          });
      })();
      return;
    }
    if (answer.outcome === 'declined' || answer.outcome === 'refused') {
      this.handOver(row, `refund refused (${answer.outcome === 'declined' ? answer.reason : answer.code}): pay the customer back by hand`);
      return;
    }
    if (row.attempts + 1 >= maxAttempts) {
      this.handOver(row, `no answer from the provider after ${row.attempts + 1} attempts: check the trade`);
      return;
    }
    this.deps.logger.warn(
      { orderId: row.order_id, attempt: row.attempts + 1 },
      'own-sale refund unanswered: sent again later, same number',
    );
  }

  private handOver(row: SaleRefundRow, why: string): void {
    this.deps.db.transaction(() => {
      if (!this.deps.rows.settle(row.refund_id, 'needs-staff', this.deps.now(), why)) return;
      // Not a state change (the sale stays completed): the order goes on the box office's list with the reason.
      this.deps.orders.flagForStaff(row.order_id, `refund ${row.out_request_no} of ¥${formatYuan(row.amount_cents)}: ${why}`.slice(0, 500));
      this.record('sale', 'sale.refund.needs-staff', row.order_id, null, {
        amountCents: row.amount_cents,
        outRequestNo: row.out_request_no,
        why,
      });
    })();
    this.deps.logger.error({ orderId: row.order_id, why }, 'own-sale refund handed over to staff');
  }

  private record(actor: string, action: string, orderId: string, terminalId: string | null, details: Record<string, unknown>): void {
    this.deps.audit.append({ actor, terminalId, action, subject: `order:${orderId}`, details });
  }
}
