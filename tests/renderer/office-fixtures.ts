import type { BookingDetail } from '../../shared/contract/ui';

/** One ticket of the box office's booking view, numbered n (its code is n padded with 1s to 16 digits). */
export const ticket = (n: number, state: 'printed' | 'unprinted' | 'refunded') => ({
  ticketCode: String(n).padStart(16, '1'),
  sequence: n,
  seatName: `A${n}`,
  priceCents: 4500,
  serviceFeeCents: 300,
  state,
  reprintCount: 0,
  printedAt: null,
});

/** Booking 1234 with these tickets, for a show far in the future. */
export const booking = (tickets: ReturnType<typeof ticket>[]): BookingDetail => ({
  bookingNumber: 1234,
  printNo: '0000000000001234',
  cinemaName: 'Cinema',
  filmTitle: 'Film',
  screenName: 'Screen 1',
  sessionAt: '2030-01-01 20:00',
  sessionEpochMs: Date.parse('2030-01-01T20:00:00Z'),
  cancelled: false,
  stale: false,
  tickets,
  missingTicketData: [],
  refunds: [],
  history: [],
});
