import { z } from 'zod';
import { seatName } from './seat';

/**
 * A hall's seat plan as the screens draw it (seed 003 §3.4, in our own words): areas, each a grid of
 * logical rows and columns counted from the top left; only real seats are listed, so an aisle is a
 * gap in the grid. Row 1 is nearest the screen, at the bottom of the grid (`screenSide`). Every seat
 * keeps its physical name (`7排10座`). Pure data and pure functions: the renderer unit-tests them and
 * the core checks a hold with the same rules.
 */

/** Seed codes 0, 1, 2, 3, 5, 7: free, sold, held back by the cinema, wheelchair, broken, not for sale. */
export const seatStatuses = ['free', 'sold', 'reserved', 'wheelchair', 'broken', 'blocked'] as const;
export type SeatStatus = (typeof seatStatuses)[number];
/** Sofa (couple) seats: a left end, middles, a right end, sold together. */
export const sofaParts = ['left', 'middle', 'right'] as const;
export type SofaPart = (typeof sofaParts)[number];

/** A seat's logical address: what AddTickets takes. */
export const seatRef = z
  .object({
    areaNumber: z.number().int().min(0).max(255),
    rowIndex: z.number().int().min(0).max(999),
    columnIndex: z.number().int().min(0).max(999),
  })
  .strict();
export type SeatRef = z.infer<typeof seatRef>;

export const planSeat = seatRef.extend({
  /** Physical seat number as the hall labels it (`10`). */
  seatId: z.string(),
  /** Physical row name (`7`). */
  rowName: z.string(),
  /** `7排10座`: on the seat, the ticket and in every message. */
  name: z.string(),
  status: z.enum(seatStatuses),
  sofa: z.enum(sofaParts).nullable(),
  areaCategoryCode: z.string(),
});
export type PlanSeat = z.infer<typeof planSeat>;

export const planRow = z.object({ rowIndex: z.number().int(), rowName: z.string(), seats: z.array(planSeat) });
export type PlanRow = z.infer<typeof planRow>;

export const planArea = z.object({
  areaNumber: z.number().int(),
  areaCategoryCode: z.string(),
  description: z.string(),
  /** Central's name of the area in its other language (`DescriptionAlt`, seed §3.4), for the English screens; absent or empty when none. */
  descriptionAlt: z.string().optional(),
  rowCount: z.number().int(),
  columnCount: z.number().int(),
  /** The area's place in the hall, in rows and columns from the top left (Vista's Top/Left): areas stack in the drawing by these. */
  top: z.number().int(),
  left: z.number().int(),
  rows: z.array(planRow),
});
export type PlanArea = z.infer<typeof planArea>;

export const seatPlan = z.object({
  sessionId: z.string(),
  /** Where the screen is on the drawn grid: row 1 (nearest the screen) is at the bottom. */
  screenSide: z.enum(['bottom', 'top']),
  areas: z.array(planArea),
});
export type SeatPlan = z.infer<typeof seatPlan>;

/** A stable key for maps and sets: `areaNumber:rowIndex:columnIndex`. */
export const seatKey = (ref: SeatRef): string => `${ref.areaNumber}:${ref.rowIndex}:${ref.columnIndex}`;
export const sameSeat = (a: SeatRef, b: SeatRef): boolean =>
  a.areaNumber === b.areaNumber && a.rowIndex === b.rowIndex && a.columnIndex === b.columnIndex;
/** Only the address of a seat (what crosses to central and back). */
export const refOf = (seat: SeatRef): SeatRef => ({ areaNumber: seat.areaNumber, rowIndex: seat.rowIndex, columnIndex: seat.columnIndex });

/** A physical name for a seat built from its row and seat number (`7排10座`). */
export const physicalSeatName = (rowName: string, seatId: string): string => seatName(rowName, seatId);

/** Free and wheelchair seats may be chosen; sold, reserved, broken and blocked ones may not. */
export const isSelectable = (seat: Pick<PlanSeat, 'status'>): boolean => seat.status === 'free' || seat.status === 'wheelchair';

export function allSeats(plan: SeatPlan): PlanSeat[] {
  return plan.areas.flatMap((area) => area.rows.flatMap((row) => row.seats));
}

export function findSeat(plan: SeatPlan, ref: SeatRef): PlanSeat | undefined {
  const area = plan.areas.find((a) => a.areaNumber === ref.areaNumber);
  const row = area?.rows.find((r) => r.rowIndex === ref.rowIndex);
  return row?.seats.find((s) => s.columnIndex === ref.columnIndex);
}

/**
 * The seats chosen together with `seat`: its whole sofa (left end to right end, neighbouring columns
 * of one row), or the seat alone. A sofa whose ends are missing from the plan is the seats found.
 */
export function sofaGroup(plan: SeatPlan, seat: PlanSeat): PlanSeat[] {
  if (!seat.sofa) return [seat];
  const row = plan.areas.find((a) => a.areaNumber === seat.areaNumber)?.rows.find((r) => r.rowIndex === seat.rowIndex);
  if (!row) return [seat];
  const byColumn = new Map(row.seats.map((s) => [s.columnIndex, s]));
  const group = [seat];
  // Walk left until a left end, right until a right end, through sofa seats in neighbouring columns.
  for (let c = seat.columnIndex - 1, here = seat; here.sofa !== 'left'; c -= 1) {
    const next = byColumn.get(c);
    if (!next?.sofa || next.sofa === 'right') break;
    group.unshift(next);
    here = next;
  }
  for (let c = seat.columnIndex + 1, here = seat; here.sofa !== 'right'; c += 1) {
    const next = byColumn.get(c);
    if (!next?.sofa || next.sofa === 'left') break;
    group.push(next);
    here = next;
  }
  return group;
}

/**
 * The selection after touching `ref`: a chosen seat leaves with its sofa; an unchosen seat joins with
 * its sofa when every seat of it may be chosen; otherwise the selection stays as it was.
 */
export function toggleSeat(plan: SeatPlan, selection: readonly SeatRef[], ref: SeatRef): SeatRef[] {
  const seat = findSeat(plan, ref);
  if (!seat) return [...selection];
  const group = sofaGroup(plan, seat);
  const chosen = selection.some((s) => sameSeat(s, seat));
  if (chosen) return selection.filter((s) => !group.some((g) => sameSeat(g, s)));
  if (!group.every(isSelectable)) return [...selection];
  return [...selection, ...group.filter((g) => !selection.some((s) => sameSeat(s, g))).map(refOf)];
}

/** One drawn row of an area: a cell per column, `null` where there is no seat (an aisle). */
export interface GridRow {
  rowIndex: number;
  /** The physical row name, or null for a row with no seat (a cross aisle). */
  rowName: string | null;
  cells: (PlanSeat | null)[];
}

/** The area as a full grid, top row first (the screen is below the last row when `screenSide` is bottom). */
export function areaGrid(area: PlanArea): GridRow[] {
  const rowCount = Math.max(area.rowCount, ...area.rows.map((r) => r.rowIndex + 1), 0);
  const columnCount = Math.max(area.columnCount, ...area.rows.flatMap((r) => r.seats.map((s) => s.columnIndex + 1)), 0);
  const grid: GridRow[] = [];
  for (let r = 0; r < rowCount; r += 1) {
    const row = area.rows.find((x) => x.rowIndex === r);
    const cells: (PlanSeat | null)[] = Array.from({ length: columnCount }, () => null);
    for (const seat of row?.seats ?? []) cells[seat.columnIndex] = seat;
    grid.push({ rowIndex: r, rowName: row && row.seats.length > 0 ? row.rowName : null, cells });
  }
  return grid;
}

/** How many seats of each status the plan has. */
export function seatCounts(plan: SeatPlan): Record<SeatStatus, number> {
  const counts = Object.fromEntries(seatStatuses.map((s) => [s, 0])) as Record<SeatStatus, number>;
  for (const seat of allSeats(plan)) counts[seat.status] += 1;
  return counts;
}

/** Why a selection cannot be held, one reason a seat (or the whole selection). */
export type SelectionProblem =
  | { kind: 'unknown-seat'; seat: SeatRef }
  | { kind: 'not-available'; seat: SeatRef; name: string; status: SeatStatus }
  | { kind: 'sofa-split'; seat: SeatRef; name: string }
  | { kind: 'duplicate'; seat: SeatRef }
  | { kind: 'count-mismatch'; areaCategoryCode: string; tickets: number; seats: number };

/**
 * Everything wrong with holding `selection` for tickets counted per area category (`ticketsByArea`):
 * seats that do not exist or may not be chosen, sofas taken in part, and per area a seat count that
 * differs from the ticket count (seed §3.4: the seat's area must match the ticket type's). Empty: fine.
 */
export function selectionProblems(
  plan: SeatPlan,
  selection: readonly SeatRef[],
  ticketsByArea: Readonly<Record<string, number>>,
): SelectionProblem[] {
  const problems: SelectionProblem[] = [];
  const seen = new Set<string>();
  const seatsByArea: Record<string, number> = {};
  for (const ref of selection) {
    const key = seatKey(ref);
    if (seen.has(key)) {
      problems.push({ kind: 'duplicate', seat: refOf(ref) });
      continue;
    }
    seen.add(key);
    const seat = findSeat(plan, ref);
    if (!seat) {
      problems.push({ kind: 'unknown-seat', seat: refOf(ref) });
      continue;
    }
    seatsByArea[seat.areaCategoryCode] = (seatsByArea[seat.areaCategoryCode] ?? 0) + 1;
    if (!isSelectable(seat)) problems.push({ kind: 'not-available', seat: refOf(seat), name: seat.name, status: seat.status });
    else if (sofaGroup(plan, seat).some((g) => !seen.has(seatKey(g)) && !selection.some((s) => sameSeat(s, g))))
      problems.push({ kind: 'sofa-split', seat: refOf(seat), name: seat.name });
  }
  for (const code of new Set([...Object.keys(ticketsByArea), ...Object.keys(seatsByArea)])) {
    const tickets = ticketsByArea[code] ?? 0;
    const seats = seatsByArea[code] ?? 0;
    if (tickets !== seats) problems.push({ kind: 'count-mismatch', areaCategoryCode: code, tickets, seats });
  }
  return problems;
}
