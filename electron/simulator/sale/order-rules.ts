import type { SimSession } from '../central-sim.state';
import { SeatStatus, type DemoHall, type DemoTicketType, type HallSeat } from './halls';

/** The sale's pure rules: prices of seed 003 §3.5, which ticket goes to which seat, seats side by side, seat names. */

export type OrderState = 'held' | 'cancelled' | 'expired' | 'completed';

export interface SimOrder {
  userSessionId: string;
  session: SimSession;
  state: OrderState;
  tickets: SimOrderTicket[];
  bookingFeeCents: number;
  totalValueCents: number;
  heldUntilMs: number;
  lastUpdatedMs: number;
}

export type SaleOutcome<T> = { ok: true; value: T } | { ok: false; result: number; error: string };

export interface SimOrderTicket {
  ticketType: DemoTicketType;
  bookingFeeCents: number;
  seat: HallSeat;
}

export interface SeatPosition {
  areaNumber: number;
  rowIndex: number;
  columnIndex: number;
}

export interface TicketRequest {
  ticketTypeCode: string;
  qty: number;
  priceInCents: number;
  bookingFeeOverride: number | null;
}

export interface PricedTicket {
  type: DemoTicketType;
  qty: number;
  bookingFeeCents: number;
}

/** Seed §3.5 note 2: the price sent must be the ticket type's price, else Result 4 with this text. */
export function priceTickets(hall: DemoHall, requests: TicketRequest[]): { value: PricedTicket[] } | { error: string } {
  if (requests.length === 0) return { error: 'At least one ticket type is required' };
  const priced: PricedTicket[] = [];
  for (const r of requests) {
    const type = hall.ticketTypes.find((t) => t.ticketTypeCode === r.ticketTypeCode);
    if (!type) return { error: `Ticket type ${r.ticketTypeCode} is not available for this session` };
    if (r.priceInCents !== type.priceInCents) {
      return {
        error:
          `Ticket type ${type.ticketTypeCode} could not be added to the order because ticket price overrides are not allowed. ` +
          `Either provide the correct price in cents, ${type.priceInCents}, or enable the AllowTicketPriceOverride security behaviour for your profile.`,
      };
    }
    priced.push({ type, qty: r.qty, bookingFeeCents: r.bookingFeeOverride ?? 0 });
  }
  return { value: priced };
}

/** Seats go to ticket types of their area, in the order both were given. */
export function assignTickets(priced: PricedTicket[], seats: HallSeat[]): SimOrderTicket[] {
  const left = [...seats];
  const tickets: SimOrderTicket[] = [];
  for (const p of priced) {
    for (let i = 0; i < p.qty; i += 1) {
      const index = left.findIndex((s) => s.areaCategoryCode === p.type.areaCategoryCode);
      const [seat] = left.splice(index, 1);
      tickets.push({ ticketType: p.type, bookingFeeCents: p.bookingFeeCents, seat: seat! });
    }
  }
  return tickets;
}

export function bestRun(candidates: HallSeat[], count: number): HallSeat[] | undefined {
  const rows = new Map<string, HallSeat[]>();
  for (const seat of candidates) {
    const key = `${seat.areaNumber}:${seat.rowIndex}`;
    rows.set(key, [...(rows.get(key) ?? []), seat]);
  }
  const rowIndexes = candidates.map((s) => s.rowIndex);
  const middle = (Math.min(...rowIndexes) + Math.max(...rowIndexes)) / 2;
  const ordered = [...rows.values()].sort((a, b) => Math.abs(a[0]!.rowIndex - middle) - Math.abs(b[0]!.rowIndex - middle));
  for (const row of ordered) {
    const sorted = row.sort((a, b) => a.columnIndex - b.columnIndex);
    for (let start = 0; start + count <= sorted.length; start += 1) {
      const run = sorted.slice(start, start + count);
      if (run.every((s, i) => i === 0 || s.columnIndex === run[i - 1]!.columnIndex + 1)) return run;
    }
  }
  return undefined;
}

export function isSellable(status: number): boolean {
  return status === SeatStatus.Empty || status === SeatStatus.Wheelchair;
}

export function seatKey(p: SeatPosition): string {
  return `${p.areaNumber}:${p.rowIndex}:${p.columnIndex}`;
}

export function physicalName(seat: HallSeat): string {
  return `${seat.rowName}排${seat.seatNumber}座`;
}
