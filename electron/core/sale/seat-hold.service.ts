import { randomBytes } from 'node:crypto';
import type { SaleOrderView } from '../../../shared/contract/sale';
import { findSeat, isSelectable, selectionProblems, type SeatPlan, type SeatRef } from '../../../shared/domain/seat-plan';
import { isOpenOrder } from '../../../shared/domain/sale-order';
import { fail, ok, type Result } from '../../../shared/errors';
import { CentralError } from '../central/central-api';
import type { AddTicketsAnswer, SaleCentral } from '../central/sale-api';
import type { Logger } from '../observability/logger';
import type { OrderSeat, OrderTicket } from '../storage/repositories/sale-orders.repository';
import { centralRefusal } from './central-refusal';
import { orderView, type OrderLedger } from './order-ledger';
import type { SaleCatalogueService } from './sale-catalogue.service';

export interface HoldRequest {
  sessionId: string;
  tickets: { ticketTypeCode: string; qty: number }[];
  seats: SeatRef[];
  /** An open order of this terminal whose seats this hold replaces. */
  orderId?: string | undefined;
}

/** A UserSessionId: 32 hex digits, unique per order (seed §3.5: varchar(32), 32 位唯一值). */
export const newOrderId = (): string => randomBytes(16).toString('hex');

/**
 * Holds seats for a customer (AddTickets, seed §2.2 and §3.5). Ticket types and the seat plan are read
 * fresh first and the selection checked against them; the order is stored (`holding`, with its
 * UserSessionId) before AddTickets leaves, so a crash cannot strand a hold. A refused hold annuls the
 * order (CancelOrder through the outbox releases whatever central may hold): the customer holds again
 * with a new order. Result 8 before the cut-off names the seats taken, read from a fresh seat plan;
 * past the cut-off it is SALE_CLOSED.
 */
export class SeatHoldService {
  constructor(
    private readonly deps: {
      central: SaleCentral;
      catalogue: SaleCatalogueService;
      ledger: OrderLedger;
      holdSeconds: () => number;
      now: () => number;
      logger: Logger;
    },
  ) {}

  async hold(request: HoldRequest, actor: string): Promise<Result<SaleOrderView>> {
    const { catalogue, ledger } = this.deps;
    const previous = request.orderId ? ledger.byId(request.orderId) : undefined;
    if (request.orderId) {
      if (!previous || previous.terminal_id !== ledger.terminalId) return fail('NOT_FOUND', 'no such order on this terminal');
      if (!isOpenOrder(previous.state) || previous.session_id !== request.sessionId)
        return fail('ORDER_CLOSED', 'this order is no longer open: hold the seats again', { state: previous.state });
    }
    const session = await catalogue.session(request.sessionId);
    if (!session) return fail('NOT_FOUND', 'no such session on sale');
    if (this.deps.now() >= session.saleEndsEpochMs) return fail('SALE_CLOSED', 'this session no longer sells tickets');

    // Fresh before every hold (seed §2.1): prices and seats as central has them now.
    const types = await catalogue.ticketTypes(request.sessionId, { force: true });
    if (!types.ok) return types;
    const planned = await catalogue.seatPlan(request.sessionId);
    if (!planned.ok) return planned;
    const plan = planned.value.plan;

    const tickets: OrderTicket[] = [];
    const ticketsByArea: Record<string, number> = {};
    for (const wanted of request.tickets) {
      const type = types.value.ticketTypes.find((t) => t.ticketTypeCode === wanted.ticketTypeCode);
      // Unknown, or not for a walk-up customer (a voucher, package or member type: shared/domain/ticket-type.ts).
      if (!type) return fail('VALIDATION', 'not a ticket type on sale for this session', { ticketTypeCode: wanted.ticketTypeCode });
      const same = tickets.find((t) => t.ticketTypeCode === type.ticketTypeCode);
      if (same) same.qty += wanted.qty;
      else
        tickets.push({ ticketTypeCode: type.ticketTypeCode, description: type.description, qty: wanted.qty, priceCents: type.priceCents });
      ticketsByArea[type.areaCategoryCode] = (ticketsByArea[type.areaCategoryCode] ?? 0) + wanted.qty;
    }
    const problems = selectionProblems(plan, request.seats, ticketsByArea);
    const gone = problems.filter((p) => p.kind === 'not-available');
    if (gone.length > 0)
      return seatsTaken(
        plan,
        gone.map((p) => p.seat),
        false,
      );
    if (problems.length > 0) return fail('VALIDATION', 'these seats do not fit these tickets', { problems });

    const seats: OrderSeat[] = request.seats.map((ref) => {
      const seat = findSeat(plan, ref)!;
      return {
        areaNumber: seat.areaNumber,
        rowIndex: seat.rowIndex,
        columnIndex: seat.columnIndex,
        name: seat.name,
        areaCategoryCode: seat.areaCategoryCode,
      };
    });
    const orderId = previous?.order_id ?? newOrderId();
    if (previous) {
      if (!ledger.replace(orderId, seats, tickets, actor))
        return fail('ORDER_CLOSED', 'this order is no longer open: hold the seats again');
    } else {
      ledger.open(
        {
          order_id: orderId,
          channel: actor === 'kiosk' ? 'kiosk' : 'staff',
          actor,
          session_id: request.sessionId,
          film_title: session.filmTitle,
          starts_at: session.startsAt,
          starts_epoch_ms: session.startsEpochMs,
          screen_name: session.screenName,
          seats: JSON.stringify(seats),
          tickets: JSON.stringify(tickets),
        },
        actor,
      );
    }

    let answer: AddTicketsAnswer;
    try {
      answer = await this.deps.central.addTickets({
        userSessionId: orderId,
        sessionId: request.sessionId,
        tickets: tickets.map((t) => ({ ticketTypeCode: t.ticketTypeCode, qty: t.qty, priceCents: t.priceCents })),
        seats: seats.map((s) => ({
          areaCategoryCode: s.areaCategoryCode,
          areaNumber: s.areaNumber,
          rowIndex: s.rowIndex,
          columnIndex: s.columnIndex,
        })),
      });
    } catch (error) {
      // Lost or refused in transit: central may hold the seats; CancelOrder (through the outbox) makes sure it does not.
      ledger.cancel(orderId, 'refused', 'sale', { addTickets: (error as Error).message });
      if (error instanceof CentralError) return centralRefusal(error);
      throw error;
    }
    if (answer.kind === 'held') {
      const held = ledger.held(orderId, answer, this.deps.now() + this.deps.holdSeconds() * 1000, actor);
      if (!held || held.state !== 'held') return fail('ORDER_CLOSED', 'the order was annulled while central held its seats');
      return ok(orderView(held));
    }
    ledger.cancel(orderId, 'refused', 'sale', { addTickets: answer.kind, message: answer.message });
    if (answer.kind === 'price-mismatch')
      return fail('PRICE_CHANGED', 'ticket prices changed: choose the ticket types again', { central: answer.message });
    if (answer.kind === 'refused')
      return fail('VALIDATION', 'central refused the hold', { vistaCode: answer.code, central: answer.message });
    // Result 8 (seed §2.2): past the cut-off, stop; before it, read the seat plan again and say which seats went.
    if (this.deps.now() >= session.saleEndsEpochMs) return fail('SALE_CLOSED', 'this session no longer sells tickets');
    const again = await catalogue.seatPlan(request.sessionId);
    if (!again.ok) return seatsTaken(plan, [], true);
    const taken = request.seats.filter((ref) => {
      const seat = findSeat(again.value.plan, ref);
      return !seat || !isSelectable(seat);
    });
    return seatsTaken(again.value.plan, taken, true);
  }
}

/** SEAT_TAKEN naming the seats (all of them unknown when the plan could not be read again). */
function seatsTaken(plan: SeatPlan, refs: SeatRef[], orderClosed: boolean): Result<never> {
  const seats = refs.map((ref) => ({ ...ref, name: findSeat(plan, ref)?.name ?? '' }));
  const names = seats.map((s) => s.name).filter(Boolean);
  return fail('SEAT_TAKEN', names.length > 0 ? `taken by someone else: ${names.join(', ')}` : 'a chosen seat was taken by someone else', {
    seats,
    orderClosed,
  });
}
