import { describe, expect, it } from 'vitest';
import {
  areaGrid,
  findSeat,
  seatCounts,
  selectionProblems,
  sofaGroup,
  toggleSeat,
  type PlanSeat,
  type SeatPlan,
} from '../../shared/domain/seat-plan';

const seat = (rowIndex: number, columnIndex: number, extra: Partial<PlanSeat> = {}): PlanSeat => ({
  areaNumber: 1,
  rowIndex,
  columnIndex,
  seatId: String(10 - columnIndex),
  rowName: String(7 - rowIndex),
  name: `${7 - rowIndex}排${10 - columnIndex}座`,
  status: 'free',
  sofa: null,
  areaCategoryCode: '0000000001',
  ...extra,
});

// Row 0: seats at columns 0, 1, (aisle at 2), 3 sold, 4 broken; row 1 empty (cross aisle); row 2: sofa at 0..2, wheelchair at 4.
const plan: SeatPlan = {
  sessionId: '29617',
  screenSide: 'bottom',
  areas: [
    {
      areaNumber: 1,
      areaCategoryCode: '0000000001',
      description: '一号厅',
      rowCount: 3,
      columnCount: 5,
      top: 0,
      left: 0,
      rows: [
        { rowIndex: 0, rowName: '7', seats: [seat(0, 0), seat(0, 1), seat(0, 3, { status: 'sold' }), seat(0, 4, { status: 'broken' })] },
        {
          rowIndex: 2,
          rowName: '5',
          seats: [
            seat(2, 0, { sofa: 'left' }),
            seat(2, 1, { sofa: 'middle' }),
            seat(2, 2, { sofa: 'right' }),
            seat(2, 4, { status: 'wheelchair' }),
          ],
        },
      ],
    },
  ],
};
const ref = (rowIndex: number, columnIndex: number) => ({ areaNumber: 1, rowIndex, columnIndex });

describe('seat plan', () => {
  it('draws aisles as gaps and a row without seats as a cross aisle', () => {
    const grid = areaGrid(plan.areas[0]!);
    expect(grid).toHaveLength(3);
    expect(grid[0]!.cells.map((c) => c?.name ?? null)).toEqual(['7排10座', '7排9座', null, '7排7座', '7排6座']);
    expect(grid[1]!.rowName).toBeNull();
    expect(grid[1]!.cells.every((c) => c === null)).toBe(true);
  });

  it('chooses and leaves a sofa as a whole', () => {
    expect(sofaGroup(plan, findSeat(plan, ref(2, 1))!).map((s) => s.columnIndex)).toEqual([0, 1, 2]);
    const chosen = toggleSeat(plan, [], ref(2, 2));
    expect(chosen).toEqual([ref(2, 0), ref(2, 1), ref(2, 2)]);
    expect(toggleSeat(plan, chosen, ref(2, 0))).toEqual([]);
  });

  it('refuses sold and broken seats, accepts wheelchair seats', () => {
    expect(toggleSeat(plan, [], ref(0, 3))).toEqual([]);
    expect(toggleSeat(plan, [], ref(0, 4))).toEqual([]);
    expect(toggleSeat(plan, [], ref(2, 4))).toEqual([ref(2, 4)]);
  });

  it('names every problem of a selection', () => {
    const problems = selectionProblems(plan, [ref(0, 3), ref(2, 0), ref(9, 9), ref(0, 0), ref(0, 0)], { '0000000001': 2 });
    expect(problems.map((p) => p.kind).sort()).toEqual(['count-mismatch', 'duplicate', 'not-available', 'sofa-split', 'unknown-seat']);
    expect(selectionProblems(plan, [ref(0, 0), ref(0, 1)], { '0000000001': 2 })).toEqual([]);
  });

  it('counts seats by status', () => {
    expect(seatCounts(plan)).toEqual({ free: 5, sold: 1, reserved: 0, wheelchair: 1, broken: 1, blocked: 0 });
  });
});
