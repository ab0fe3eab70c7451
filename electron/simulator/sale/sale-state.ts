import type { CentralSimState, SimSession } from '../central-sim.state';
import { demoFilms } from '../demo-data';
import { demoHalls, hallOf, hallSeats, SeatStatus, SeatStyle, type DemoHall, type HallSeat } from './halls';
import {
  assignTickets,
  bestRun,
  isSellable,
  physicalName,
  priceTickets,
  seatKey,
  type PricedTicket,
  type SeatPosition,
  type SaleOutcome,
  type SimOrder,
  type TicketRequest,
} from './order-rules';
import { SimCompletions } from './completion-state';
import { SaleFaults } from './sale-faults';

/**
 * The simulated central side of a sale (seed 003 §3.3–§3.7): seat states per session, orders keyed
 * by UserSessionId, seat holds that expire, the sale cut-off and the "sold out" switch.
 *
 * Holds and cut-offs are decided on the sale's own clock (`now`, default Date.now) and checked
 * lazily on every call, so no timer runs. A seat held by an order, sold by another channel or
 * booked shows Status 1 to everyone: the seat plan has no per-order view (seed §3.4).
 */

export interface SaleOptions {
  /** How long AddTickets holds seats (default 15 minutes). */
  holdMs?: number;
  /** ATMTimeShowMovieAfterStart: minutes after its start a session still sells (default 15). */
  cutoffMinutes?: number;
  now?: () => number;
}

export interface AddTicketsRequest {
  userSessionId: string;
  session: SimSession;
  ticketTypes: TicketRequest[];
  /** null: the cinema picks the seats (seed §3.5: "如果传空系统会默认锁座"). */
  selectedSeats: (SeatPosition & { areaCategoryCode: string })[] | null;
  orderBookingFeeOverride: number | null;
}

/** Seed 003 §3.13, code 8 (the seed's typo "coulc" mended). */
export const SEATS_UNAVAILABLE =
  'The cinema refused the requested seats because the Session is sold out or selling out and the tickets requested could not be added';

export const DEFAULT_HOLD_MS = 15 * 60_000;
export const DEFAULT_CUTOFF_MINUTES = 15;

type SeatOwner = { kind: 'order'; userSessionId: string } | { kind: 'channel' };

interface SessionSeats {
  hall: DemoHall;
  seats: HallSeat[];
  owners: Map<string, SeatOwner>;
  soldOut: boolean;
}

export class SimSale {
  holdMs: number;
  cutoffMinutes: number;
  readonly now: () => number;
  /** StartExternalPayment and CompleteOrder's bookings (completion-state.ts). */
  readonly completions: SimCompletions;
  /** The CompleteOrder switch of `/__sim/sale-faults` (sale-faults.ts). */
  readonly faults = new SaleFaults();
  private readonly orders = new Map<string, SimOrder>();
  private readonly sessionSeats = new Map<string, SessionSeats>();

  constructor(
    private readonly central: CentralSimState,
    options: SaleOptions = {},
  ) {
    this.holdMs = options.holdMs ?? DEFAULT_HOLD_MS;
    this.cutoffMinutes = options.cutoffMinutes ?? DEFAULT_CUTOFF_MINUTES;
    this.now = options.now ?? Date.now;
    // Bookings made through the control API must not take a seat an order holds or another channel sold.
    central.seatUnavailable = (session, seat) => this.isOwned(session, seat);
    this.completions = new SimCompletions(this, central);
  }

  get cinemaId(): string {
    return this.central.cinema.id;
  }

  sessions(): SimSession[] {
    return this.central.sessions;
  }

  findSession(cinemaId: string, sessionId: string): SimSession | undefined {
    if (cinemaId !== this.cinemaId) return undefined;
    return this.central.sessions.find((s) => s.sessionId === sessionId);
  }

  hallOf(session: SimSession): DemoHall {
    return this.seatsOf(session).hall;
  }

  /** Sells until `cutoffMinutes` after the start (seed §2.2, ATMTimeShowMovieAfterStart). */
  saleClosesAtMs(session: SimSession): number {
    return session.showtimeMs + this.cutoffMinutes * 60_000;
  }

  onSale(session: SimSession): boolean {
    return this.now() < this.saleClosesAtMs(session);
  }

  isSoldOut(session: SimSession): boolean {
    return this.seatsOf(session).soldOut;
  }

  setSoldOut(session: SimSession, on: boolean): void {
    this.seatsOf(session).soldOut = on;
  }

  /** Every seat of the session with the status the seat plan shows now. */
  seatPlan(session: SimSession): { seat: HallSeat; status: number }[] {
    this.expireHolds();
    const seats = this.seatsOf(session);
    const booked = this.bookedSeatNames(session);
    return seats.seats.map((seat) => ({ seat, status: this.statusOf(seats, booked, seat) }));
  }

  availableSeatCount(session: SimSession): number {
    return this.seatPlan(session).filter((s) => isSellable(s.status)).length;
  }

  /** Another sales channel (the box office of the real cinema) sells these seats: all or none. */
  takeSeats(session: SimSession, positions: SeatPosition[]): SaleOutcome<HallSeat[]> {
    const picked = this.resolveSeats(session, positions);
    if ('error' in picked) return { ok: false, result: 4, error: picked.error };
    const plan = new Map(this.seatPlan(session).map((s) => [seatKey(s.seat), s.status]));
    const unavailable = picked.seats.filter((seat) => !isSellable(plan.get(seatKey(seat)) ?? SeatStatus.Sold));
    if (unavailable.length > 0) return { ok: false, result: 8, error: `not free: ${unavailable.map(physicalName).join(', ')}` };
    const owners = this.seatsOf(session).owners;
    for (const seat of picked.seats) owners.set(seatKey(seat), { kind: 'channel' });
    return { ok: true, value: picked.seats };
  }

  /** AddTickets: holds the seats for the order, replacing what it held; on any refusal the order is unchanged. */
  addTickets(request: AddTicketsRequest): SaleOutcome<SimOrder> {
    this.expireHolds();
    const existing = this.orders.get(request.userSessionId);
    if (existing?.state === 'completed') {
      return { ok: false, result: 56, error: 'Unable to edit the order as payments for the order have already been made' };
    }
    const hall = this.hallOf(request.session);
    const priced = priceTickets(hall, request.ticketTypes);
    if ('error' in priced) return { ok: false, result: 4, error: priced.error };
    if (!this.onSale(request.session) || this.isSoldOut(request.session)) return { ok: false, result: 8, error: SEATS_UNAVAILABLE };

    const ownedByThisOrder = (owner: SeatOwner | undefined) =>
      owner?.kind === 'order' && owner.userSessionId === request.userSessionId && existing?.state === 'held';
    const seats =
      request.selectedSeats === null
        ? this.allocate(request.session, priced.value, ownedByThisOrder)
        : this.checkSelected(request.session, request.selectedSeats, priced.value, ownedByThisOrder);
    if ('error' in seats) return { ok: false, result: seats.result, error: seats.error };

    if (existing?.state === 'held') this.release(existing);
    const owners = this.seatsOf(request.session).owners;
    for (const seat of seats.seats) owners.set(seatKey(seat), { kind: 'order', userSessionId: request.userSessionId });
    const tickets = assignTickets(priced.value, seats.seats);
    const ticketFees = tickets.reduce((sum, t) => sum + t.bookingFeeCents, 0);
    // Seed §3.5: an order-wide BookingFeeOverride wins over the per-ticket ones.
    const bookingFeeCents = request.orderBookingFeeOverride ?? ticketFees;
    const now = this.now();
    const order: SimOrder = {
      userSessionId: request.userSessionId,
      session: request.session,
      state: 'held',
      tickets,
      bookingFeeCents,
      totalValueCents: tickets.reduce((sum, t) => sum + t.ticketType.priceInCents, 0) + bookingFeeCents,
      heldUntilMs: now + this.holdMs,
      lastUpdatedMs: now,
    };
    this.orders.set(order.userSessionId, order);
    return { ok: true, value: order };
  }

  getOrder(userSessionId: string): SimOrder | undefined {
    this.expireHolds();
    return this.orders.get(userSessionId);
  }

  /** CancelOrder: a held order's seats go back; cancelling again, an expired or an unknown order changes nothing. */
  cancelOrder(userSessionId: string): SaleOutcome<SimOrder | undefined> {
    this.expireHolds();
    const order = this.orders.get(userSessionId);
    if (order?.state === 'completed') {
      return { ok: false, result: 56, error: 'Unable to edit the order as payments for the order have already been made' };
    }
    if (order?.state === 'held') {
      this.release(order);
      order.state = 'cancelled';
      order.lastUpdatedMs = this.now();
    }
    return { ok: true, value: order };
  }

  /**
   * CompleteOrder's state change, once its booking exists (completion-state.ts): the hold ends and
   * the seats stay sold through the booking (so a RefundBooking frees them); GetOrder answers the
   * emptied order.
   */
  markCompleted(userSessionId: string): SimOrder | undefined {
    const order = this.getOrder(userSessionId);
    if (order?.state !== 'held') return undefined;
    this.release(order);
    order.state = 'completed';
    order.lastUpdatedMs = this.now();
    return order;
  }

  allOrders(): SimOrder[] {
    this.expireHolds();
    return [...this.orders.values()];
  }

  /** A session `startsInMs` from now (negative: already started), for tests of the cut-off. */
  addSession(input: { startsInMs: number; screenName?: string; filmIndex?: number }): SimSession {
    const hall = demoHalls.find((h) => h.screenName === input.screenName) ?? demoHalls[0]!;
    const film = demoFilms[input.filmIndex ?? 0] ?? demoFilms[0];
    const session: SimSession = {
      sessionId: String(Math.max(...this.central.sessions.map((s) => Number(s.sessionId))) + 1),
      filmId: film.id,
      filmTitle: film.title,
      screenName: hall.screenName,
      showtimeMs: this.now() + input.startsInMs,
    };
    this.central.sessions.push(session);
    return session;
  }

  /** More shows today and tomorrow, so a customer has a choice of times and halls (demo only). */
  seedDemoSessions(): void {
    const quarter = 15 * 60_000;
    const hour = 3_600_000;
    const shows: [hours: number, filmIndex: number, screenName: string][] = [
      [3, 2, '3号厅'],
      [5, 0, '2号厅 IMAX'],
      [5.5, 1, '1号厅'],
      [7, 2, '2号厅 IMAX'],
      [22, 0, '1号厅'],
      [28, 1, '2号厅 IMAX'],
    ];
    const now = this.now();
    for (const [hours, filmIndex, screenName] of shows) {
      const at = Math.ceil((now + hours * hour) / quarter) * quarter;
      this.addSession({ startsInMs: at - now, filmIndex, screenName });
    }
  }

  /** Held by an order or sold by another channel, by physical name (as bookings name seats). */
  private isOwned(session: SimSession, name: { rowId: string; seatNumber: string }): boolean {
    this.expireHolds();
    const seats = this.seatsOf(session);
    const seat = seats.seats.find((s) => s.rowName === name.rowId && s.seatNumber === name.seatNumber);
    return seat !== undefined && seats.owners.has(seatKey(seat));
  }

  /** Positions (as the control API and SelectedSeats give them) to hall seats, or what is wrong. */
  resolveSeats(session: SimSession, positions: SeatPosition[]): { seats: HallSeat[] } | { error: string } {
    const byKey = new Map(this.seatsOf(session).seats.map((s) => [seatKey(s), s]));
    const seats: HallSeat[] = [];
    for (const p of positions) {
      const seat = byKey.get(seatKey(p));
      if (!seat) return { error: `No seat at AreaNumber ${p.areaNumber}, RowIndex ${p.rowIndex}, ColumnIndex ${p.columnIndex}` };
      if (seats.includes(seat)) return { error: `Seat ${physicalName(seat)} is selected twice` };
      seats.push(seat);
    }
    return { seats };
  }

  private checkSelected(
    session: SimSession,
    selected: (SeatPosition & { areaCategoryCode: string })[],
    priced: PricedTicket[],
    ownedByThisOrder: (owner: SeatOwner | undefined) => boolean,
  ): { seats: HallSeat[] } | { ok: false; result: number; error: string } {
    const resolved = this.resolveSeats(session, selected);
    if ('error' in resolved) return { ok: false, result: 4, error: resolved.error };
    const wrongArea = resolved.seats.findIndex((seat, i) => seat.areaCategoryCode !== selected[i]!.areaCategoryCode);
    if (wrongArea >= 0) {
      const seat = resolved.seats[wrongArea]!;
      const claimed = selected[wrongArea]!.areaCategoryCode;
      return { ok: false, result: 4, error: `Seat ${physicalName(seat)} is in area category ${seat.areaCategoryCode}, not ${claimed}` };
    }
    // Seed §3.4 note 2: the seats' area categories must match the ticket types' ones, ticket for ticket.
    for (const area of new Set([...priced.map((t) => t.type.areaCategoryCode), ...resolved.seats.map((s) => s.areaCategoryCode)])) {
      const tickets = priced.filter((t) => t.type.areaCategoryCode === area).reduce((sum, t) => sum + t.qty, 0);
      const seats = resolved.seats.filter((s) => s.areaCategoryCode === area).length;
      if (tickets !== seats) {
        return { ok: false, result: 4, error: `Area category ${area}: ${tickets} ticket(s) but ${seats} seat(s) selected` };
      }
    }
    const seats = this.seatsOf(session);
    const booked = this.bookedSeatNames(session);
    const taken = resolved.seats.some((seat) => {
      const owner = seats.owners.get(seatKey(seat));
      if (ownedByThisOrder(owner)) return false;
      return !isSellable(this.statusOf(seats, booked, seat));
    });
    if (taken) return { ok: false, result: 8, error: SEATS_UNAVAILABLE };
    return resolved;
  }

  /** No seats named: the best run of free ordinary seats side by side in one row, middle rows first. */
  private allocate(
    session: SimSession,
    priced: PricedTicket[],
    ownedByThisOrder: (owner: SeatOwner | undefined) => boolean,
  ): { seats: HallSeat[] } | { ok: false; result: number; error: string } {
    const seats = this.seatsOf(session);
    const booked = this.bookedSeatNames(session);
    const free = (seat: HallSeat) =>
      seat.seatStyle === SeatStyle.Normal &&
      (ownedByThisOrder(seats.owners.get(seatKey(seat))) || this.statusOf(seats, booked, seat) === SeatStatus.Empty);
    const chosen: HallSeat[] = [];
    for (const area of new Set(priced.map((t) => t.type.areaCategoryCode))) {
      const count = priced.filter((t) => t.type.areaCategoryCode === area).reduce((sum, t) => sum + t.qty, 0);
      const candidates = seats.seats.filter((s) => s.areaCategoryCode === area && free(s));
      if (candidates.length < count) return { ok: false, result: 8, error: SEATS_UNAVAILABLE };
      const run = bestRun(candidates, count);
      if (!run) return { ok: false, result: 31, error: 'The selected seats could not be automatically allocated in a single row' };
      chosen.push(...run);
    }
    return { seats: chosen };
  }

  private release(order: SimOrder): void {
    const owners = this.seatsOf(order.session).owners;
    for (const t of order.tickets) {
      const owner = owners.get(seatKey(t.seat));
      if (owner?.kind === 'order' && owner.userSessionId === order.userSessionId) owners.delete(seatKey(t.seat));
    }
  }

  private expireHolds(): void {
    const now = this.now();
    for (const order of this.orders.values()) {
      if (order.state === 'held' && order.heldUntilMs <= now) {
        this.release(order);
        order.state = 'expired';
        order.lastUpdatedMs = order.heldUntilMs;
      }
    }
  }

  private seatsOf(session: SimSession): SessionSeats {
    let seats = this.sessionSeats.get(session.sessionId);
    if (!seats) {
      const hall = hallOf(session.screenName);
      seats = { hall, seats: hallSeats(hall), owners: new Map(), soldOut: false };
      this.sessionSeats.set(session.sessionId, seats);
    }
    return seats;
  }

  /** Seats of the session's paid bookings (not refunded), by physical name: they are sold. */
  private bookedSeatNames(session: SimSession): Set<string> {
    const names = new Set<string>();
    for (const booking of this.central.bookings()) {
      if (booking.session.sessionId !== session.sessionId) continue;
      for (const t of booking.tickets) if (!t.refunded) names.add(`${t.rowId}排${t.seatNumber}座`);
    }
    return names;
  }

  private statusOf(seats: SessionSeats, booked: Set<string>, seat: HallSeat): number {
    if (seats.owners.has(seatKey(seat)) || booked.has(physicalName(seat))) return SeatStatus.Sold;
    return seat.baseStatus;
  }
}
