import { formatYuan } from '../../../shared/domain/money';
import { CentralError } from '../central/central-api';
import type { CompletedBooking, CompletionPayment, SaleCompletionCentral } from '../central/sale-api';
import type { Logger } from '../observability/logger';
import type { PaymentGateway } from '../payment/payment-gateway';
import type { BookingPaymentsRepository } from '../storage/repositories/booking-payments.repository';
import type { SaleOrderRow } from '../storage/repositories/sale-orders.repository';
import type { OrderLedger } from './order-ledger';

export interface SaleCompletionSettings {
  /** CompleteOrder's PaymentInfo as the cinema told us; the amount is the order's AddTickets total. */
  completionPaymentInfo: { cardNumber: string; cardType: string; tenderCategory: string };
  /** Seed §2.2: QueryOrderBookingStatus this many times (15), this far apart (1 minute). */
  bookingStatusAttempts: number;
  bookingStatusIntervalMs: number;
  /** A refund whose answer is unknown: tried again this often, this many times. */
  paymentRetryMs: number;
  paymentRetryAttempts: number;
}

/** The order's one refund number (`out_request_no`): derived from its id, so a refund repeated is the same refund. */
export const refundRequestNoOf = (orderId: string): string => `R${orderId}`;

type Attempt = { booking: CompletedBooking } | { failure: string };

/**
 * Turns a paid order into a booking at central, one use case: StartExternalPayment, then CompleteOrder
 * (PaymentInfo as configured, PaymentValueCents = the AddTickets total, PerformPayment false). A
 * CompleteOrder that does not answer 0 runs seed 003 §2.2's tree exactly:
 * - GetOrder. CinemaId not null ("AddTickets done, CompleteOrder not"): CompleteOrder again; 0: done;
 *   otherwise QueryOrderBookingStatus up to N times, I apart. CinemaId null ("CompleteOrder called"):
 *   the same query loop. Found: done. Not found after N: CancelOrder; CancelOrder failing: RefundBooking.
 * - GetOrder failing (2.3, "other cases"): CancelOrder, and RefundBooking when that fails (as 2.2's
 *   branches do: a booking may exist, and a refunded customer must leave none behind). No answer at
 *   all (unreachable, timeout) is asked again, N times I apart, before it counts as a failure.
 * Done: `completed` with the booking's 取票码 / 验证码 / VistaTransNumber, and booking_payments gets the
 * PaymentInfo sent (a later RefundBooking sends it back), in one transaction. Not done: `refunding`
 * (its `out_request_no` written first), the provider's refund, `refunded`, and the order on the box
 * office's list (`needs_staff_reason`). A refund the provider refuses: `needs-staff`.
 */
export class SaleCompletionService {
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly deps: {
      ledger: OrderLedger;
      central: SaleCompletionCentral;
      gateway: () => PaymentGateway | undefined;
      payments: Pick<BookingPaymentsRepository, 'record' | 'of'>;
      settings: () => SaleCompletionSettings;
      now: () => number;
      logger: Logger;
      /** After `completed` is stored: the tickets print at once. */
      onCompleted?: (orderId: string) => void;
      sleep?: (ms: number) => Promise<void>;
    },
  ) {}

  /** A paid order (or one a restart left `completing` or `refunding`) goes on in the background. */
  continue(orderId: string): void {
    if (this.running.has(orderId) || this.stopped) return;
    const task = this.run(orderId)
      .catch((error: unknown) => this.deps.logger.error({ orderId, err: (error as Error).message }, 'a completion step failed'))
      .finally(() => this.running.delete(orderId));
    this.running.set(orderId, task);
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  stop(): void {
    this.stopped = true;
  }

  private async run(orderId: string): Promise<void> {
    const order = this.deps.ledger.byId(orderId);
    if (!order) return;
    if (order.state === 'paid') return this.complete(order);
    // A restart between CompleteOrder's call and its answer: its outcome is unknown, which is the tree's case.
    if (order.state === 'completing') return this.recover(order, 'resumed after a stop');
    if (order.state === 'refunding') return this.refund(orderId);
  }

  private async complete(order: SaleOrderRow): Promise<void> {
    const { ledger, central } = this.deps;
    if (order.paid_cents !== order.total_cents) {
      // Never ask central to book what the customer did not pay for in full.
      return this.startRefund(order, `paid ${order.paid_cents ?? 0} of ${order.total_cents} cents`);
    }
    const completing = ledger.advance(order.order_id, 'completing', 'sale', { from: ['paid'] });
    if (!completing) return;
    let started: string;
    try {
      const answer = await central.startExternalPayment(order.order_id);
      started = answer.kind === 'started' ? 'started' : `refused ${answer.code}`;
    } catch (error) {
      started = failureOf(error);
    }
    // Central does not need it for CompleteOrder (the simulator's and the seed's flow go on either way).
    this.deps.logger.info({ orderId: order.order_id, startExternalPayment: started }, 'payment started at central');
    const first = await this.tryComplete(completing);
    if ('booking' in first) return this.finish(completing, first.booking, 'CompleteOrder');
    return this.recover(completing, first.failure);
  }

  /** Seed §2.2 from ⑩: GetOrder decides. */
  private async recover(order: SaleOrderRow, why: string): Promise<void> {
    this.deps.logger.warn({ orderId: order.order_id, why }, 'CompleteOrder did not answer 0: seed §2.2 recovery');
    let atCentral;
    const { bookingStatusAttempts, bookingStatusIntervalMs } = this.deps.settings();
    for (let attempt = 1; ; attempt += 1) {
      try {
        atCentral = await this.deps.central.getOrder(order.order_id);
        break;
      } catch (error) {
        // Central unreachable or silent is no answer yet: asked again before the tree's "other cases".
        const transport = error instanceof CentralError && (error.failure === 'unreachable' || error.failure === 'unknown-outcome');
        if (!transport || attempt >= bookingStatusAttempts || this.stopped)
          return this.cancelThenRefund(order, `GetOrder failed (${failureOf(error)}) after CompleteOrder: ${why}`);
        await this.sleep(bookingStatusIntervalMs);
      }
    }
    if (atCentral.kind === 'open') {
      // 2.2.1: "AddTickets done, CompleteOrder not": CompleteOrder again.
      const again = await this.tryComplete(order);
      if ('booking' in again) return this.finish(order, again.booking, 'CompleteOrder again');
      return this.queryLoop(order, `CompleteOrder again: ${again.failure}`);
    }
    if (atCentral.kind === 'completed') return this.queryLoop(order, why);
    return this.cancelThenRefund(order, `GetOrder knows no such order after CompleteOrder: ${why}`);
  }

  /** ⑫: QueryOrderBookingStatus N times, I apart; found: done; else ⑬ CancelOrder. */
  private async queryLoop(order: SaleOrderRow, why: string): Promise<void> {
    const { bookingStatusAttempts, bookingStatusIntervalMs } = this.deps.settings();
    let last = 'not found';
    for (let attempt = 1; attempt <= bookingStatusAttempts; attempt += 1) {
      if (this.stopped) return;
      try {
        const status = await this.deps.central.queryBookingStatus(order.order_id);
        if (status.kind === 'exists') return this.finish(order, status, `QueryOrderBookingStatus (try ${attempt})`);
        last = 'not found';
      } catch (error) {
        last = failureOf(error);
      }
      if (attempt < bookingStatusAttempts) await this.sleep(bookingStatusIntervalMs);
    }
    return this.cancelThenRefund(order, `no booking after ${bookingStatusAttempts} status queries (${last}); ${why}`);
  }

  /** ⑬–⑮: CancelOrder; when it fails, RefundBooking of whatever central booked. Then the money goes back. */
  private async cancelThenRefund(order: SaleOrderRow, why: string): Promise<void> {
    if (this.stopped) return;
    try {
      await this.deps.central.cancelOrder(order.order_id);
      return this.startRefund(order, `${why}; CancelOrder confirmed`);
    } catch (error) {
      const cancelFailure = failureOf(error);
      const booking = await this.findBooking(order);
      if (!booking)
        return this.startRefund(order, `${why}; CancelOrder failed (${cancelFailure}) and no booking could be found: check central`);
      try {
        const refunded = await this.deps.central.refundCompletedBooking({
          bookingNumber: booking.bookingNumber,
          payment: this.paymentInfo(order),
          reason: 'order could not be completed; the customer was refunded',
        });
        return this.startRefund(
          order,
          `${why}; CancelOrder failed (${cancelFailure}); RefundBooking ${booking.bookingNumber}: ${refunded}`,
          booking,
        );
      } catch (refundError) {
        return this.startRefund(
          order,
          `${why}; CancelOrder failed (${cancelFailure}); RefundBooking ${booking.bookingNumber} failed (${failureOf(refundError)}): refund it at central`,
          booking,
        );
      }
    }
  }

  /** The booking central made of this order, if a status query says so (a few tries: it decides a RefundBooking). */
  private async findBooking(order: SaleOrderRow): Promise<CompletedBooking | null> {
    const { paymentRetryAttempts, paymentRetryMs } = this.deps.settings();
    for (let attempt = 1; attempt <= Math.min(3, paymentRetryAttempts); attempt += 1) {
      try {
        const status = await this.deps.central.queryBookingStatus(order.order_id);
        return status.kind === 'exists' ? status : null;
      } catch {
        if (this.stopped) return null;
        await this.sleep(paymentRetryMs);
      }
    }
    return null;
  }

  private async tryComplete(order: SaleOrderRow): Promise<Attempt> {
    try {
      const answer = await this.deps.central.completeOrder(order.order_id, this.paymentInfo(order));
      return answer.kind === 'completed' ? { booking: answer } : { failure: `CompleteOrder ${answer.code}` };
    } catch (error) {
      return { failure: `CompleteOrder ${failureOf(error)}` };
    }
  }

  private paymentInfo(order: SaleOrderRow): CompletionPayment {
    return { ...this.deps.settings().completionPaymentInfo, valueCents: order.total_cents };
  }

  private finish(order: SaleOrderRow, booking: CompletedBooking, how: string): void {
    const payment = this.paymentInfo(order);
    const completed = this.deps.ledger.advance(order.order_id, 'completed', 'sale', {
      from: ['completing'],
      fields: { booking_id: booking.bookingId, booking_number: booking.bookingNumber, trans_number: booking.transNumber },
      details: { bookingNumber: booking.bookingNumber, how },
      with: () => {
        // RefundBooking of this booking later sends back what CompleteOrder was given (seed §3.12).
        if (!this.deps.payments.of(booking.bookingNumber)) this.deps.payments.record(booking.bookingNumber, payment, this.deps.now());
      },
    });
    if (completed) this.deps.onCompleted?.(order.order_id);
  }

  /** `refunding` with the refund's number written first, then the provider's refund. */
  private async startRefund(order: SaleOrderRow, why: string, booking?: CompletedBooking): Promise<void> {
    const refunding = this.deps.ledger.advance(order.order_id, 'refunding', 'sale', {
      from: ['paid', 'completing'],
      fields: {
        refund_request_no: order.refund_request_no ?? refundRequestNoOf(order.order_id),
        needs_staff_reason: why.slice(0, 500),
        ...(booking ? { booking_id: booking.bookingId, booking_number: booking.bookingNumber } : {}),
      },
      details: { why: why.slice(0, 500) },
    });
    if (refunding) await this.refund(order.order_id);
  }

  /** The provider's refund of the whole payment, by the order's one `out_request_no`: repeated, it is the same refund. */
  private async refund(orderId: string): Promise<void> {
    const { ledger } = this.deps;
    const { paymentRetryAttempts, paymentRetryMs } = this.deps.settings();
    for (let attempt = 1; attempt <= paymentRetryAttempts && !this.stopped; attempt += 1) {
      const order = ledger.byId(orderId);
      if (!order || order.state !== 'refunding') return;
      if (order.tender === 'cash') {
        // Cash has no provider to refund through: the clerk hands it back, from the box office's list.
        const paid = order.paid_cents ?? 0;
        ledger.advance(orderId, 'needs-staff', 'sale', {
          fields: {
            needs_staff_reason: `give back ¥${formatYuan(paid)} cash: ${order.needs_staff_reason ?? 'the order could not complete'}`.slice(
              0,
              500,
            ),
          },
          details: { refund: 'cash-by-hand', amountCents: paid },
        });
        return;
      }
      const gateway = this.deps.gateway();
      const paid = order.paid_cents ?? 0;
      const answer = gateway
        ? await gateway.refund({
            outTradeNo: order.out_trade_no!,
            tradeAmountCents: paid,
            amountCents: paid,
            refundRequestNo: order.refund_request_no!,
            reason: 'ticket order could not be completed',
          })
        : undefined;
      if (answer?.outcome === 'refunded') {
        ledger.advance(orderId, 'refunded', 'sale', {
          fields: { refunded_cents: answer.totalRefundedCents },
          details: { refundRequestNo: order.refund_request_no, refundedCents: answer.totalRefundedCents, repeat: !answer.moved },
        });
        return;
      }
      if (answer?.outcome === 'declined' || answer?.outcome === 'refused') {
        ledger.advance(orderId, 'needs-staff', 'sale', {
          fields: {
            needs_staff_reason:
              `refund refused (${answer.outcome === 'declined' ? answer.reason : answer.code}): pay the customer back. ${order.needs_staff_reason ?? ''}`.slice(
                0,
                500,
              ),
          },
          details: { refund: answer.outcome },
        });
        return;
      }
      await this.sleep(paymentRetryMs);
    }
    this.deps.logger.warn({ orderId }, 'a sale refund is still unanswered: tried again at the next start');
  }

  private sleep(ms: number): Promise<void> {
    return this.deps.sleep ? this.deps.sleep(ms) : new Promise((resolve) => setTimeout(resolve, ms).unref());
  }
}

const failureOf = (error: unknown): string =>
  error instanceof CentralError
    ? `${error.failure}${error.vistaCode !== undefined ? ` ${error.vistaCode}` : ''}`
    : (error as Error).message;
