import { describe, expect, it } from 'vitest';
import { inFlightMs } from '../../bench/stats';

/** The sale bench's waiting time: the union of the calls' spans inside the window, whatever overlaps. */
describe('inFlightMs', () => {
  const central = /^central\./u;

  it('adds calls one after another and counts overlapping calls once', () => {
    const marks: [string, number][] = [
      ['central.sent', 10],
      ['central.answered', 15],
      ['central.sent', 20],
      ['central.sent', 22],
      ['central.answered', 25],
      ['central.answered', 30],
    ];
    expect(inFlightMs(marks, central, 0, 100)).toBe(15);
  });

  it('clips calls to the window and closes one still in flight at its end', () => {
    const marks: [string, number][] = [
      ['central.sent', -5],
      ['central.answered', 5],
      ['central.sent', 90],
    ];
    expect(inFlightMs(marks, central, 0, 100)).toBe(15);
  });

  it('counts only the calls of the kind asked for', () => {
    const marks: [string, number][] = [
      ['payment.sent', 0],
      ['central.sent', 10],
      ['central.answered', 20],
      ['payment.answered', 40],
    ];
    expect(inFlightMs(marks, central, 0, 100)).toBe(10);
    expect(inFlightMs(marks, /^(central|payment)\./u, 0, 100)).toBe(40);
  });
});
