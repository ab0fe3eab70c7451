import { describe, expect, it } from 'vitest';
import { charOfCode, WedgeDecoder } from '../../renderer/src/services/wedge-decoder';

function feedAll(decoder: WedgeDecoder, keys: [string, boolean][], gapMs: number, start = 1000): (string | null)[] {
  return keys.map(([code, shift], i) => decoder.feed(code, shift, start + i * gapMs));
}

describe('keyboard-wedge decoding by key code', () => {
  it('maps US-layout codes with shift', () => {
    expect(charOfCode('KeyA', true)).toBe('A');
    expect(charOfCode('KeyA', false)).toBe('a');
    expect(charOfCode('KeyA', false, true)).toBe('A');
    expect(charOfCode('Backslash', true)).toBe('|');
    expect(charOfCode('Digit7', true)).toBe('&');
    expect(charOfCode('Numpad7', false)).toBe('7');
    expect(charOfCode('F5', false)).toBeNull();
  });
  it('emits a fast burst ending in Enter as one scan', () => {
    const keys: [string, boolean][] = [
      ['Digit1', false],
      ['Digit2', false],
      ['Backslash', true],
      ['KeyW', true],
      ['KeyQ', true],
      ['KeyN', true],
      ['KeyX', true],
      ['Enter', false],
    ];
    const out = feedAll(new WedgeDecoder(), keys, 8);
    expect(out.at(-1)).toBe('12|WQNX');
    expect(out.slice(0, -1).every((o) => o === null)).toBe(true);
  });
  it('ignores slow human typing', () => {
    const keys: [string, boolean][] = [
      ['Digit1', false],
      ['Digit2', false],
      ['Digit3', false],
      ['Digit4', false],
      ['Enter', false],
    ];
    expect(feedAll(new WedgeDecoder(), keys, 250).at(-1)).toBeNull();
  });
  it('ignores short bursts and keeps modifier keys out of the text', () => {
    const decoder = new WedgeDecoder();
    expect(
      feedAll(
        decoder,
        [
          ['Digit1', false],
          ['Enter', false],
        ],
        5,
      ).at(-1),
    ).toBeNull();
    const keys: [string, boolean][] = [
      ['ShiftLeft', true],
      ['KeyA', true],
      ['KeyB', true],
      ['Digit1', false],
      ['Digit2', false],
      ['Enter', false],
    ];
    expect(feedAll(decoder, keys, 5, 5000).at(-1)).toBe('AB12');
  });
});
