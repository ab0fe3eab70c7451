import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { demoCinema, demoFilms, demoPricing, demoScreens } from './demo-data';
import { randomBookingId, seededRandom } from './seeded-random';

/** The simulated central booking system's state: sessions, bookings and per-ticket flags. */
export interface SimSession {
  sessionId: string;
  filmId: string;
  filmTitle: string;
  screenName: string;
  showtimeMs: number;
}

export interface SimTicket {
  sequence: number;
  rowId: string;
  seatNumber: string;
  priceCents: number;
  serviceFeeCents: number;
  ticketCode: string;
  ticketInfoCode: string;
  collected: boolean;
  refunded: boolean;
}

export interface SimBooking {
  bookingId: string;
  bookingNumber: number;
  session: SimSession;
  bookingDateMs: number;
  cancelled: boolean;
  tickets: SimTicket[];
  note: string;
  calls: { markcollected: number; refund: number };
  effects: { collected: number; refunded: number; refundedCents: number };
}

export type DemoState = 'unprinted' | 'printed' | 'refunded' | 'session-over' | 'qr-pending';

export interface DemoBooking {
  printNo: string;
  verifyCode: string;
  bookingId: string;
  bookingNumber: number;
  ticketCount: number;
  state: DemoState;
  note: string;
}

export interface CreateBookingInput {
  sessionId?: string;
  ticketCount?: number;
  seats?: { rowId: string; seatNumber: string }[];
  collected?: boolean;
  refunded?: boolean;
  qrPending?: boolean;
  note?: string;
}

export class CentralSimState {
  readonly cinema = demoCinema;
  readonly sessions: SimSession[];
  private readonly bookingsByNumber = new Map<number, SimBooking>();
  private readonly bookingIds = new Set<string>();
  private readonly random: () => number;
  private readonly signingKey: KeyObject;
  readonly publicKeyPem: string;
  private nextBookingNumber = 111972;
  private nextTicketSerial = 1;
  private readonly seatsTaken = new Set<string>();
  /** Seats another part of the simulator holds or sold (the sale, sale/sale-state.ts): new bookings never take them. */
  seatUnavailable: (session: SimSession, seat: { rowId: string; seatNumber: string }) => boolean = () => false;
  /** Where bookings without a named session go: the first show, then each show opened when the last one filled. */
  private openSession: SimSession;

  constructor(options: { seed?: number; now?: number } = {}) {
    this.random = seededRandom(options.seed ?? 1);
    const now = options.now ?? Date.now();
    const keys = generateKeyPairSync('rsa', { modulusLength: 1024 });
    this.signingKey = keys.privateKey;
    this.publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const hour = 3_600_000;
    const roundToQuarter = (ms: number) => Math.ceil(ms / (15 * 60_000)) * 15 * 60_000;
    this.sessions = [
      session('29617', 0, 0, roundToQuarter(now + 2 * hour)),
      session('29618', 1, 1, roundToQuarter(now + 4 * hour)),
      session('29619', 2, 2, roundToQuarter(now + 26 * hour)),
      // Started three hours ago: its collection window has closed.
      session('29601', 0, 2, roundToQuarter(now - 3 * hour)),
    ];
    this.openSession = this.sessions[0]!;
  }

  bookings(): SimBooking[] {
    return [...this.bookingsByNumber.values()];
  }

  findBooking(bookingNumber: number | undefined, bookingId: string | undefined): SimBooking | undefined {
    if (bookingNumber) return this.bookingsByNumber.get(bookingNumber);
    if (bookingId) return this.bookings().find((b) => b.bookingId === bookingId);
    return undefined;
  }

  /** Creates a paid booking as CompleteOrder would have left it. Without a session named, a full house opens another show. */
  createBooking(input: CreateBookingInput = {}): SimBooking {
    let session = this.sessions.find((s) => s.sessionId === input.sessionId) ?? this.openSession;
    let seats = input.seats ?? this.allocateSeats(session, input.ticketCount ?? 1);
    if (!seats && !input.sessionId) {
      session = this.addSession(session);
      this.openSession = session;
      seats = this.allocateSeats(session, input.ticketCount ?? 1);
    }
    if (!seats) throw new Error(`session ${session.sessionId} has no ${input.ticketCount ?? 1} seats together`);
    const bookingNumber = this.nextBookingNumber;
    this.nextBookingNumber += 1 + Math.floor(this.random() * 3);
    const tickets = seats.map((seat, i) => this.makeTicket(session, seat, i + 1, input));
    const booking: SimBooking = {
      bookingId: this.uniqueBookingId(),
      bookingNumber,
      session,
      bookingDateMs: Date.now(),
      cancelled: false,
      tickets,
      note: input.note ?? '',
      calls: { markcollected: 0, refund: 0 },
      effects: { collected: 0, refunded: 0, refundedCents: 0 },
    };
    this.bookingsByNumber.set(bookingNumber, booking);
    this.bookingIds.add(booking.bookingId);
    return booking;
  }

  /** The demo set: several 1- and 4-ticket unprinted bookings, one of 12, and one of every other state. */
  seedDemo(): void {
    for (let i = 0; i < 6; i += 1) this.createBooking({ ticketCount: 1, note: 'one ticket, ready to collect' });
    for (let i = 0; i < 6; i += 1) this.createBooking({ ticketCount: 4, note: 'four tickets, ready to collect' });
    this.createBooking({ ticketCount: 2, sessionId: '29618', note: 'two tickets, ready to collect' });
    this.createBooking({ ticketCount: 2, collected: true, note: 'already printed' });
    this.createBooking({ ticketCount: 2, refunded: true, note: 'refunded online' });
    this.createBooking({ ticketCount: 1, sessionId: '29601', note: 'session started three hours ago' });
    this.createBooking({ ticketCount: 1, sessionId: '29619', qrPending: true, note: 'ticket QR not issued yet' });
    // Last, so every booking above keeps its number and code: the largest party the kiosk's ticket screen must fit.
    this.createBooking({ ticketCount: 12, note: 'twelve tickets, ready to collect' });
  }

  demoBookings(bookings: SimBooking[] = this.bookings()): DemoBooking[] {
    return bookings.map((b) => ({
      printNo: String(b.bookingNumber).padStart(16, '0'),
      verifyCode: b.bookingId,
      bookingId: b.bookingId,
      bookingNumber: b.bookingNumber,
      ticketCount: b.tickets.length,
      state: demoStateOf(b, Date.now()),
      note: b.note,
    }));
  }

  /** MarkBookingAsCollected: sets the flag; marking a collected ticket again changes nothing. */
  markCollected(booking: SimBooking, sequences: number[] | undefined): { result: number; error: string | null } {
    booking.calls.markcollected += 1;
    const tickets = selectTickets(booking, sequences);
    if (!tickets) return { result: 4, error: 'Unknown TicketSequenceNumbers' };
    if (booking.cancelled || tickets.some((t) => t.refunded)) return { result: 63, error: 'The order has been refunded' };
    for (const t of tickets) {
      if (!t.collected) {
        t.collected = true;
        booking.effects.collected += 1;
      }
    }
    return { result: 0, error: null };
  }

  /** RefundBooking: each ticket is refunded at most once, whatever is asked. */
  refund(
    booking: SimBooking,
    request: { sequences: number[] | undefined; markAsRefundedOnly: boolean; amountCents: number; refundBookingFee: boolean },
  ): { result: number; error: string | null } {
    booking.calls.refund += 1;
    const tickets = selectTickets(booking, request.sequences);
    if (!tickets) return { result: 4, error: 'Unknown TicketSequenceNumbers' };
    const open = tickets.filter((t) => !t.refunded);
    if (open.length === 0) return { result: 63, error: 'The order has been refunded' };
    if (!request.markAsRefundedOnly && open.some((t) => t.collected)) {
      return { result: 39, error: 'Refunding of booking failed: printed tickets are refunded at the cinema' };
    }
    // Seed 003 §3.12: without the booking fee, RefundAmount is the total less the fee.
    const expected = open.reduce((sum, t) => sum + t.priceCents + (request.refundBookingFee ? t.serviceFeeCents : 0), 0);
    if (request.amountCents !== expected) {
      return { result: 4, error: `RefundAmount must be ${expected} with RefundBookingFee ${request.refundBookingFee}` };
    }
    for (const t of open) {
      t.refunded = true;
      booking.effects.refunded += 1;
    }
    booking.effects.refundedCents += request.amountCents;
    if (booking.tickets.every((t) => t.refunded)) booking.cancelled = true;
    return { result: 0, error: null };
  }

  private makeTicket(
    session: SimSession,
    seat: { rowId: string; seatNumber: string },
    sequence: number,
    input: CreateBookingInput,
  ): SimTicket {
    const ticketCode = `${this.cinema.nationalId}${String(this.nextTicketSerial).padStart(8, '0')}`;
    this.nextTicketSerial += 1;
    const ticketInfoCode = input.qrPending ? '' : this.ticketInfoCode(ticketCode, session, seat);
    return {
      sequence,
      rowId: seat.rowId,
      seatNumber: seat.seatNumber,
      priceCents: demoPricing.priceCents,
      serviceFeeCents: demoPricing.serviceFeeCents,
      ticketCode,
      ticketInfoCode,
      collected: input.collected ?? false,
      refunded: input.refunded ?? false,
    };
  }

  /** 8-digit cinema code + Base64 of an RSA-1024 signature (128 bytes → 172 characters), as real systems issue. */
  private ticketInfoCode(ticketCode: string, session: SimSession, seat: { rowId: string; seatNumber: string }): string {
    const data = `${this.cinema.nationalId}|${ticketCode}|${session.sessionId}|${session.showtimeMs}|${seat.rowId}-${seat.seatNumber}`;
    return this.cinema.nationalId + sign('sha256', Buffer.from(data), this.signingKey).toString('base64');
  }

  /** Another showing of the same film, ten minutes after the last one. */
  private addSession(like: SimSession): SimSession {
    const last = Math.max(...this.sessions.map((s) => s.showtimeMs));
    const added = {
      ...like,
      sessionId: String(Math.max(...this.sessions.map((s) => Number(s.sessionId))) + 1),
      showtimeMs: Math.max(last, like.showtimeMs) + 10 * 60_000,
    };
    this.sessions.push(added);
    return added;
  }

  private allocateSeats(session: SimSession, count: number): { rowId: string; seatNumber: string }[] | undefined {
    // From row 10: the sale's demo halls (sale/halls.ts) keep their front rows free to sell, and these seats show sold there.
    for (let row = 10; row < 20; row += 1) {
      for (let first = 1; first + count - 1 <= 16; first += 1) {
        const seats = Array.from({ length: count }, (_, i) => ({ rowId: String(row), seatNumber: String(first + i) }));
        if (seats.every((s) => !this.seatsTaken.has(seatKey(session, s)) && !this.seatUnavailable(session, s))) {
          for (const s of seats) this.seatsTaken.add(seatKey(session, s));
          return seats;
        }
      }
    }
    return undefined;
  }

  private uniqueBookingId(): string {
    for (;;) {
      const id = randomBookingId(this.random);
      if (!this.bookingIds.has(id)) return id;
    }
  }
}

function session(sessionId: string, filmIndex: number, screenIndex: number, showtimeMs: number): SimSession {
  const film = demoFilms[filmIndex]!;
  return { sessionId, filmId: film.id, filmTitle: film.title, screenName: demoScreens[screenIndex]!, showtimeMs };
}

function seatKey(session: SimSession, seat: { rowId: string; seatNumber: string }): string {
  return `${session.sessionId}:${seat.rowId}:${seat.seatNumber}`;
}

function selectTickets(booking: SimBooking, sequences: number[] | undefined): SimTicket[] | null {
  if (!sequences || sequences.length === 0) return booking.tickets;
  const picked = booking.tickets.filter((t) => sequences.includes(t.sequence));
  return picked.length === new Set(sequences).size ? picked : null;
}

function demoStateOf(b: SimBooking, now: number): DemoState {
  if (b.tickets.every((t) => t.refunded)) return 'refunded';
  if (b.tickets.every((t) => t.collected)) return 'printed';
  if (b.session.showtimeMs < now - 30 * 60_000) return 'session-over';
  if (b.tickets.some((t) => t.ticketInfoCode === '')) return 'qr-pending';
  return 'unprinted';
}
