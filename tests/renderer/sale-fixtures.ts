import type { SaleOrderView, SalePayStatus } from '../../shared/contract/sale';
import type { PlanSeat, SeatPlan } from '../../shared/domain/seat-plan';
import { physicalSeatName } from '../../shared/domain/seat-plan';

/**
 * A small hall with two areas of different prices, for the sale's tests: area 1 (`0000000001`, 标准区)
 * rows 0–1 (physical rows 3 and 2), area 2 (`0000000003`, 优选区) one row (physical row 1, nearest the
 * screen), positions counting inside their area; area 1's row 0 has a sofa pair at columns 0–1, an
 * aisle at column 2 and a sold seat at column 3; its row 1 a wheelchair seat at column 0 and a broken
 * one at column 1. Both areas at 0,0: drawn one under the other.
 */
const seat = (
  areaNumber: number,
  areaCategoryCode: string,
  rowIndex: number,
  rowName: string,
  columnIndex: number,
  seatId: string,
  status: PlanSeat['status'] = 'free',
  sofa: PlanSeat['sofa'] = null,
): PlanSeat => ({
  areaNumber,
  rowIndex,
  columnIndex,
  seatId,
  rowName,
  name: physicalSeatName(rowName, seatId),
  status,
  sofa,
  areaCategoryCode,
});

export const STANDARD = '0000000001';
export const PREMIUM = '0000000003';

export function twoAreaPlan(overrides: { sold?: string[] } = {}): SeatPlan {
  const sold = new Set(overrides.sold ?? []);
  const mark = (s: PlanSeat): PlanSeat => (sold.has(s.name) ? { ...s, status: 'sold' } : s);
  return {
    sessionId: '29617',
    screenSide: 'bottom',
    areas: [
      {
        areaNumber: 1,
        areaCategoryCode: STANDARD,
        description: '标准区',
        rowCount: 2,
        columnCount: 5,
        top: 0,
        left: 0,
        rows: [
          {
            rowIndex: 0,
            rowName: '3',
            seats: [
              seat(1, STANDARD, 0, '3', 0, '1', 'free', 'left'),
              seat(1, STANDARD, 0, '3', 1, '2', 'free', 'right'),
              seat(1, STANDARD, 0, '3', 3, '3', 'sold'),
              seat(1, STANDARD, 0, '3', 4, '4'),
            ].map(mark),
          },
          {
            rowIndex: 1,
            rowName: '2',
            seats: [
              seat(1, STANDARD, 1, '2', 0, '1', 'wheelchair'),
              seat(1, STANDARD, 1, '2', 1, '2', 'broken'),
              seat(1, STANDARD, 1, '2', 3, '3'),
              seat(1, STANDARD, 1, '2', 4, '4'),
            ].map(mark),
          },
        ],
      },
      {
        areaNumber: 2,
        areaCategoryCode: PREMIUM,
        description: '优选区',
        rowCount: 1,
        columnCount: 5,
        top: 0,
        left: 0,
        rows: [
          {
            rowIndex: 0,
            rowName: '1',
            seats: [seat(2, PREMIUM, 0, '1', 1, '1'), seat(2, PREMIUM, 0, '1', 2, '2'), seat(2, PREMIUM, 0, '1', 3, '3')].map(mark),
          },
        ],
      },
    ],
  };
}

export const freshness = { fetchedAt: '2026-12-07T10:00:00+08:00', ageSeconds: 5, stale: false };

export const film = {
  filmId: 'HO00001',
  title: '重返20岁',
  runtimeMinutes: 131,
  sessionCount: 2,
  nextStartsAt: '2026-12-07T19:30:00+08:00',
};

export const session = {
  sessionId: '29617',
  filmId: 'HO00001',
  filmTitle: '重返20岁',
  startsAt: '2026-12-07T19:30:00+08:00',
  day: 'today' as const,
  screenName: '7号厅',
  screenNumber: 7,
  attributes: ['2D'],
  priceFromCents: 2000,
  saleEndsAt: '2026-12-07T19:45:00+08:00',
};

export const ticketTypes = [
  { ticketTypeCode: '0010', description: '标准票', priceCents: 10000, areaCategoryCode: STANDARD },
  { ticketTypeCode: '0043', description: '优选票', priceCents: 2000, areaCategoryCode: PREMIUM },
];

/** The order central holds for these seats, `heldForSeconds` from `now`. */
export function heldOrder(
  seats: { areaNumber: number; rowIndex: number; columnIndex: number; name: string; areaCategoryCode: string }[],
  now: number,
  heldForSeconds = 900,
): SaleOrderView {
  return {
    orderId: 'ORDER0000000001',
    state: 'held',
    cancelReason: null,
    sessionId: '29617',
    filmTitle: '重返20岁',
    startsAt: session.startsAt,
    screenName: '7号厅',
    seats,
    tickets: [{ ticketTypeCode: '0010', description: '标准票', qty: seats.length, priceCents: 10000 }],
    totalCents: 10000 * seats.length,
    bookingFeeCents: 0,
    heldUntil: new Date(now + heldForSeconds * 1000).toISOString(),
    updatedAt: new Date(now).toISOString(),
  };
}

/**
 * The pay status of that held order in `state`, as `sale.payStatus` answers it: a hold's end only while
 * held, nothing paid, booked or refunded unless `extra` says so.
 */
export function payStatusOf(
  seats: Parameters<typeof heldOrder>[0],
  state: SalePayStatus['state'],
  extra: Partial<SalePayStatus> = {},
  heldForSeconds = 900,
): SalePayStatus {
  const now = Date.now();
  return {
    ...heldOrder(seats, now, heldForSeconds),
    state,
    heldUntil: state === 'held' ? new Date(now + heldForSeconds * 1000).toISOString() : null,
    tradeNo: null,
    paidCents: null,
    paymentError: null,
    bookingId: null,
    verifyCode: null,
    refundReference: null,
    refundedCents: null,
    printFailed: false,
    qrCode: null,
    ...extra,
  };
}
