import type { SaleReceiptInput } from '../../../shared/domain/sale-receipt';
import { cinemaClock } from '../../../shared/domain/cinema-time';
import { fail, type Result } from '../../../shared/errors';
import type { AuditLog } from '../audit/audit-log';
import type { Logger } from '../observability/logger';
import type { OrderSeat, OrderTicket, SaleOrderRow } from '../storage/repositories/sale-orders.repository';
import type { OrderLedger } from './order-ledger';
import { printNoOf } from '../../../shared/domain/print-no';

/** What the sale needs of the receipt printer and the mail outbox (built by the composition root). */
export interface ReceiptPort {
  printReceipt(receipt: SaleReceiptInput): Promise<Result<{ outcome: string }>>;
  queueReceiptMail(
    orderId: string,
    address: string,
    receipt: SaleReceiptInput,
  ): Result<{ mailId: number; state: 'pending' | 'sent' | 'dead'; queued: boolean }>;
}

/** Distinct e-mail addresses one order's receipt may be sent to. */
export const MAX_MAIL_ADDRESSES_PER_ORDER = 3;

/** A completed (or printed) order has a booking: its receipt and coupon exist from then on. */
const hasBooking = (o: SaleOrderRow): boolean =>
  (o.state === 'completed' || o.state === 'printed') && o.booking_number !== null && o.booking_id !== null && o.tender !== null;

/**
 * The payment receipt of a sale, built from the order's row (what was sold, what was paid and how,
 * central's booking as the control coupon): printed once the tickets have printed (or could not), and
 * e-mailed when the customer asks. A receipt that fails never undoes the sale: it is audited, and the
 * coupon on the screen and in the mail still collects the tickets.
 */
export class SaleReceiptService {
  constructor(
    private readonly deps: {
      ledger: OrderLedger;
      receipts: () => ReceiptPort | undefined;
      cinemaName: () => Promise<string>;
      /** When the order was paid (its `sale.order.paid` record), epoch ms. */
      paidAt: (orderId: string) => number | undefined;
      timeZone: () => string;
      /** The terminal the receipt names (the counter's for a clerk's sale); the order's own by default. */
      terminalOf?: (order: SaleOrderRow) => string;
      /** Addresses this order's receipt was queued to already (the mail outbox). */
      mailsQueued: (orderId: string) => string[];
      audit: AuditLog;
      logger: Logger;
    },
  ) {}

  /** The receipt of a completed order of this terminal, or undefined before completion. */
  async receiptOf(order: SaleOrderRow): Promise<SaleReceiptInput | undefined> {
    if (!hasBooking(order)) return undefined;
    const zone = this.deps.timeZone();
    const seats = JSON.parse(order.seats) as OrderSeat[];
    const tickets = JSON.parse(order.tickets) as OrderTicket[];
    const paid = order.paid_cents ?? order.total_cents;
    const tender: SaleReceiptInput['tender'] =
      order.tender === 'cash'
        ? { kind: 'cash', tenderedCents: order.tendered_cents ?? paid, changeCents: (order.tendered_cents ?? paid) - order.total_cents }
        : {
            kind: 'alipay',
            outTradeNo: order.out_trade_no ?? `S${order.order_id}`,
            ...(order.trade_no ? { tradeNo: order.trade_no } : {}),
          };
    return {
      orderId: order.order_id,
      cinemaName: (await this.deps.cinemaName()) || '-',
      filmTitle: order.film_title,
      showTime: cinemaClock(order.starts_epoch_ms, zone),
      hall: order.screen_name,
      seats: seats.map((s) => s.name),
      lines: tickets.map((t) => ({ description: t.description, qty: t.qty, unitCents: t.priceCents })),
      bookingFeeCents: order.booking_fee_cents,
      totalCents: order.total_cents,
      tender,
      terminalId: this.deps.terminalOf?.(order) ?? order.terminal_id,
      paidAt: cinemaClock(this.deps.paidAt(order.order_id) ?? order.updated_at, zone, { seconds: true }),
      coupon: { printNo: printNoOf(order.booking_number!), verifyCode: order.booking_id! },
    };
  }

  /** Prints the receipt on the slip printer after the tickets; a failure is audited and leaves the order as it is. */
  async print(orderId: string): Promise<void> {
    const order = this.deps.ledger.byId(orderId);
    const receipts = this.deps.receipts();
    if (!order || !receipts) return;
    const receipt = await this.receiptOf(order);
    if (!receipt) return;
    const result = await receipts.printReceipt(receipt);
    const outcome = result.ok ? result.value.outcome : 'failed';
    this.record(outcome === 'printed' ? 'sale.receipt.printed' : 'sale.receipt.failed', orderId, {
      outcome,
      ...(result.ok ? {} : { code: result.error.code }),
    });
    if (outcome !== 'printed')
      this.deps.logger.warn({ orderId, outcome }, 'a sale receipt did not print: the sale stands, the coupon collects the tickets');
  }

  /** Queues the receipt of a completed order of this terminal for e-mail to `address`. */
  async mail(orderId: string, address: string): Promise<Result<{ mailId: number; state: 'pending' | 'sent' | 'dead'; queued: boolean }>> {
    const order = this.deps.ledger.byId(orderId);
    if (!order || order.terminal_id !== this.deps.ledger.terminalId) return fail('NOT_FOUND', 'no such order on this terminal');
    const receipt = await this.receiptOf(order);
    if (!receipt)
      return fail('ORDER_CLOSED', 'only a completed sale has a receipt to mail', { reason: 'not-completed', state: order.state });
    const receipts = this.deps.receipts();
    if (!receipts) return fail('VALIDATION', 'no SMTP relay is set up on this kiosk', { reason: 'mail-not-configured' });
    // A kiosk is no open relay: a few addresses per order (a repeat of one already queued is answered as before).
    const queued = this.deps.mailsQueued(orderId);
    if (queued.length >= MAX_MAIL_ADDRESSES_PER_ORDER && !queued.includes(address.trim().toLowerCase()))
      return fail('VALIDATION', `a receipt goes to at most ${MAX_MAIL_ADDRESSES_PER_ORDER} addresses`, { reason: 'too-many-addresses' });
    return receipts.queueReceiptMail(orderId, address, receipt);
  }

  private record(action: string, orderId: string, details: Record<string, unknown>): void {
    this.deps.audit.append({ actor: 'sale', terminalId: this.deps.ledger.terminalId, action, subject: `order:${orderId}`, details });
  }
}
