import type { UiOutput } from '../../../shared/contract/ui';
import type { Result } from '../../../shared/errors';
import type { Logger } from '../observability/logger';
import { UNPRINTED_AFTER_STOP } from '../../../shared/domain/sale-order';
import { printNoOf } from '../../../shared/domain/print-no';
import type { OrderLedger } from './order-ledger';
import type { SaleOrderRow } from '../storage/repositories/sale-orders.repository';

/** The collection's print path (apply-print, the tickets, print-result), as the kiosk's customer uses it. */
export type CollectPrint = (input: {
  printNo: string;
  verifyCode: string;
  requestId?: string;
}) => Promise<Result<UiOutput<'kiosk.collect'>>>;

/**
 * Prints a completed sale at once, through the same path as a collection: apply-print with the new
 * booking's print number and the MD5 of its verify code (the 取票码), each ticket, print-result. Every
 * ticket printed: `printed`. Otherwise the order stays `completed` with the print number it tried
 * (`sale.print.failed`; the pay status's `printFailed`): the tickets not printed are
 * collected later at any kiosk with the same print number and verify code (what the customer's screen
 * shows), and a ticket whose outcome is unknown goes to the box office as a collection's does.
 * A sale made at the counter (channel `staff`) prints as the counter's own terminal, as the box
 * office's counter print does: the tickets, the print journal and the ledger say the counter, not the
 * kiosk terminal of the host it runs on.
 */
export class SalePrintService {
  constructor(
    private readonly deps: {
      ledger: OrderLedger;
      /** The print path of the order's channel: the kiosk's terminal, or the counter's for a clerk's sale. */
      collect: (channel: SaleOrderRow['channel']) => CollectPrint | undefined;
      logger: Logger;
    },
  ) {}

  async print(orderId: string): Promise<void> {
    const order = this.deps.ledger.byId(orderId);
    if (!order || order.state !== 'completed' || order.booking_number === null || order.booking_id === null) return;
    const collect = this.deps.collect(order.channel);
    if (!collect) return;
    const printNo = printNoOf(order.booking_number);
    const result = await collect({ printNo, verifyCode: order.booking_id, requestId: `sale-${orderId}` });
    if (!result.ok) {
      this.deps.logger.warn({ orderId, code: result.error.code }, 'a completed sale did not print: it can be collected later');
      this.failed(orderId, printNo, { refusal: result.error.code });
      return;
    }
    const { total, printed, failed, unknown } = result.value;
    if (printed === total && total > 0) {
      this.deps.ledger.advance(orderId, 'printed', 'sale', {
        from: ['completed'],
        fields: { print_no: printNo },
        details: { printNo, tickets: printed },
      });
      return;
    }
    this.deps.logger.warn(
      { orderId, total, printed, failed, unknown },
      'a completed sale printed only in part: the rest can be collected later',
    );
    this.failed(orderId, printNo, { total, printed, failed, unknown });
  }

  /**
   * At start, before anything resumes: a booked order whose print never reported (the terminal stopped
   * after CompleteOrder, before or while printing) goes on the box office's list with its pickup number,
   * so a clerk can print it for the customer. Never printed by itself: the customer may have gone, and
   * a ticket the stop caught mid-print is already `unknown` there. Each with its audit record.
   */
  listUnprintedAtStart(): number {
    const orders = this.deps.ledger.completedUnprinted();
    for (const order of orders) {
      this.deps.ledger.note(
        order.order_id,
        'completed',
        'sale',
        'sale.print.unprinted-after-stop',
        { needs_staff_reason: UNPRINTED_AFTER_STOP },
        { bookingNumber: order.booking_number },
      );
    }
    if (orders.length > 0)
      this.deps.logger.warn({ orders: orders.length }, 'booked sales whose tickets never printed before a stop: listed for the box office');
    return orders.length;
  }

  /** Booked, not (all) printed: stored with the print number tried, so the pay status says so (`printFailed`). */
  private failed(orderId: string, printNo: string, details: Record<string, unknown>): void {
    this.deps.ledger.note(orderId, 'completed', 'sale', 'sale.print.failed', { print_no: printNo }, { printNo, ...details });
  }
}
