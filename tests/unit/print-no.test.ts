import { describe, expect, it } from 'vitest';
import { bookingNumberOf, padPrintNo } from '../../shared/domain/print-no';

describe('printNo padding (VistaBookingNumber, zero-padded to 16)', () => {
  it('pads 1 to 16 digits', () => {
    expect(padPrintNo('111972')).toBe('0000000000111972');
    expect(padPrintNo('7')).toBe('0000000000000007');
    expect(padPrintNo('1234567890123456')).toBe('1234567890123456');
    expect(padPrintNo(' 111972 ')).toBe('0000000000111972');
  });
  it('refuses anything else', () => {
    for (const bad of ['', '12345678901234567', '11197a', '-1', '1.5', '１２３', '0x10']) expect(padPrintNo(bad)).toBeNull();
  });
  it('refuses printNos above 2^53 - 1, which would collide as numbers', () => {
    expect(padPrintNo('9007199254740991')).toBe('9007199254740991');
    expect(padPrintNo('9007199254740992')).toBeNull();
    expect(padPrintNo('9007199254740993')).toBeNull();
    expect(padPrintNo('9999999999999999')).toBeNull();
    expect(() => bookingNumberOf('9007199254740993')).toThrow(RangeError);
  });
  it('reads the booking number back', () => {
    expect(bookingNumberOf('0000000000111972')).toBe(111972);
  });
});
