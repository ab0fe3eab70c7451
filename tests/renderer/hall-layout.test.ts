import { describe, expect, it } from 'vitest';
import { hallLayout, neighbourSeat } from '../../renderer/src/components/sale/hall-layout';
import { twoAreaPlan } from './sale-fixtures';

const names = (cells: ({ name: string } | null)[]) => cells.map((c) => c?.name ?? '.');

describe('the hall layout of the seat map', () => {
  it("stacks areas all at 0,0 (no place given) in the plan's order, aisles as gaps, each area named on its first row", () => {
    const layout = hallLayout(twoAreaPlan());
    expect(layout.columns).toBe(5);
    expect(layout.rows.map((r) => [r.rowName, r.captions, names(r.cells)])).toEqual([
      ['3', ['标准区'], ['3排1座', '3排2座', '.', '3排3座', '3排4座']],
      ['2', [], ['2排1座', '2排2座', '.', '2排3座', '2排4座']],
      ['1', ['优选区'], ['.', '1排1座', '1排2座', '1排3座', '.']],
    ]);
  });

  it('puts each area at its Top/Left, keeps a cross aisle inside, drops empty rows at the ends', () => {
    const plan = twoAreaPlan();
    const placed = {
      ...plan,
      areas: [
        { ...plan.areas[0]!, top: 4, left: 2 },
        { ...plan.areas[1]!, top: 1, left: 0, rowCount: 2 },
      ],
    };
    const layout = hallLayout(placed);
    expect(layout.columns).toBe(7);
    expect(layout.rows.map((r) => [r.rowName, r.captions, names(r.cells)])).toEqual([
      ['1', ['优选区'], ['.', '1排1座', '1排2座', '1排3座', '.', '.', '.']],
      [null, [], ['.', '.', '.', '.', '.', '.', '.']],
      [null, [], ['.', '.', '.', '.', '.', '.', '.']],
      ['3', ['标准区'], ['.', '.', '3排1座', '3排2座', '.', '3排3座', '3排4座']],
      ['2', [], ['.', '.', '2排1座', '2排2座', '.', '2排3座', '2排4座']],
    ]);
  });

  it('moves with the arrow keys over aisles and across areas to the nearest seat', () => {
    const layout = hallLayout(twoAreaPlan());
    const seat = (name: string) => layout.rows.flatMap((r) => r.cells).find((c) => c?.name === name)!;
    expect(neighbourSeat(layout, seat('3排2座'), 'ArrowRight')?.name).toBe('3排3座');
    expect(neighbourSeat(layout, seat('3排3座'), 'ArrowLeft')?.name).toBe('3排2座');
    expect(neighbourSeat(layout, seat('3排4座'), 'ArrowRight')).toBeNull();
    expect(neighbourSeat(layout, seat('2排4座'), 'ArrowDown')?.name).toBe('1排3座');
    expect(neighbourSeat(layout, seat('1排1座'), 'ArrowUp')?.name).toBe('2排2座');
    expect(neighbourSeat(layout, seat('3排1座'), 'ArrowUp')).toBeNull();
    expect(neighbourSeat(layout, seat('3排1座'), 'Home')).toBeNull();
  });
});
