import { areaGrid, seatKey, type PlanSeat, type SeatPlan } from '../../../../shared/domain/seat-plan';

/** One drawn row of the hall: a cell per hall column (`null`: an aisle or outside every area). */
export interface HallRow {
  key: string;
  /** The physical row name shown at both ends; null for a cross aisle. */
  rowName: string | null;
  /** Areas whose first row this is: their names are drawn above it. */
  captions: string[];
  cells: (PlanSeat | null)[];
}

export interface HallLayout {
  columns: number;
  rows: HallRow[];
  /** Where each seat is drawn: its hall row and column. */
  at: Map<string, { row: number; column: number }>;
}

/**
 * The hall as one grid: each area's seats at its place in the hall (its Top/Left; when several areas all
 * sit at 0,0 the plan gave no places, and they go one under the other in the plan's order), rows top first, the empty rows above the first
 * seat and below the last left out. Seat positions count inside their area (seed §3.4's AreaNumber).
 */
export function hallLayout(plan: SeatPlan): HallLayout {
  // Several areas all at 0,0: the plan gave no places (Top/Left missing), so they go one under the other.
  const unplaced = plan.areas.length > 1 && plan.areas.every((a) => a.top === 0 && a.left === 0);
  let stacked = 0;
  const placed = plan.areas.map((area) => {
    const grid = areaGrid(area);
    const top = unplaced ? stacked : area.top;
    stacked = Math.max(stacked, top + grid.length);
    return { area, grid, top, left: unplaced ? 0 : area.left };
  });
  const columns = Math.max(1, ...placed.map((p) => p.left + (p.grid[0]?.cells.length ?? 0)));
  const height = Math.max(0, ...placed.map((p) => p.top + p.grid.length));
  const rows: HallRow[] = Array.from({ length: height }, (_, r) => ({
    key: `r${r}`,
    rowName: null,
    captions: [],
    cells: Array.from({ length: columns }, () => null),
  }));
  for (const { area, grid, top, left } of placed) {
    const firstSeatRow = grid.findIndex((r) => r.cells.some(Boolean));
    grid.forEach((gridRow, r) => {
      const row = rows[top + r]!;
      row.rowName ??= gridRow.rowName;
      if (r === firstSeatRow) row.captions.push(area.description);
      gridRow.cells.forEach((seat, c) => {
        if (seat) row.cells[left + c] = seat;
      });
    });
  }
  const occupied = (row: HallRow) => row.cells.some(Boolean);
  const first = rows.findIndex(occupied);
  const last = rows.length - 1 - [...rows].reverse().findIndex(occupied);
  const kept = first < 0 ? [] : rows.slice(first, last + 1);
  const at = new Map<string, { row: number; column: number }>();
  kept.forEach((row, r) => row.cells.forEach((seat, column) => seat && at.set(seatKey(seat), { row: r, column })));
  return { columns, rows: kept, at };
}

/** The seat an arrow key leads to: along the row, or in the nearest row above or below that has a seat, the nearest column. */
export function neighbourSeat(layout: HallLayout, from: PlanSeat, key: string): PlanSeat | null {
  const here = layout.at.get(seatKey(from));
  if (!here) return null;
  if (key === 'ArrowLeft' || key === 'ArrowRight') {
    const step = key === 'ArrowLeft' ? -1 : 1;
    const cells = layout.rows[here.row]!.cells;
    for (let c = here.column + step; c >= 0 && c < cells.length; c += step) if (cells[c]) return cells[c]!;
    return null;
  }
  if (key !== 'ArrowUp' && key !== 'ArrowDown') return null;
  const step = key === 'ArrowUp' ? -1 : 1;
  for (let r = here.row + step; r >= 0 && r < layout.rows.length; r += step) {
    let best: { seat: PlanSeat; distance: number } | null = null;
    layout.rows[r]!.cells.forEach((seat, column) => {
      const distance = Math.abs(column - here.column);
      if (seat && (!best || distance < best.distance)) best = { seat, distance };
    });
    if (best) return (best as { seat: PlanSeat }).seat;
  }
  return null;
}
