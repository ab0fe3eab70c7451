import { describe, expect, it } from 'vitest';
import { formatVistaDate, parseVistaDate, toIsoWithOffset } from '../../electron/core/central/vista-date';

describe('Vista dates', () => {
  it('parses the seed sample with its +0800 offset', () => {
    const d = parseVistaDate('/Date(1438829400000+0800)/');
    expect(d).toEqual({ epochMs: 1438829400000, offsetMinutes: 480 });
    expect(toIsoWithOffset(d!)).toBe('2015-08-06T10:50:00+08:00');
  });
  it('parses negative offsets and dates without offset', () => {
    expect(parseVistaDate('/Date(0-0530)/')).toEqual({ epochMs: 0, offsetMinutes: -330 });
    expect(parseVistaDate('/Date(1000)/')).toEqual({ epochMs: 1000, offsetMinutes: 0 });
  });
  it('refuses malformed input', () => {
    for (const bad of ['', '2015-08-06', '/Date()/', '/Date(abc)/', '/Date(1+9999)/', '\\/Date(1)\\/', '/Date(99999999999999999999)/']) {
      expect(parseVistaDate(bad)).toBeNull();
    }
  });
  it('round-trips through formatVistaDate', () => {
    expect(parseVistaDate(formatVistaDate(1438829400000, 480))).toEqual({ epochMs: 1438829400000, offsetMinutes: 480 });
  });
});
