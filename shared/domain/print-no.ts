/** printNo is the VistaBookingNumber left-padded with zeros to 16 digits (seed 003 §3.14). */
export const PRINT_NO_LENGTH = 16;
const DIGITS_1_TO_16 = /^\d{1,16}$/;

export function isPrintNo(input: string): boolean {
  return DIGITS_1_TO_16.test(input);
}

/** Pads 1–16 digits to 16; returns null for anything else so callers must handle bad input. */
export function padPrintNo(input: string): string | null {
  const trimmed = input.trim();
  return isPrintNo(trimmed) ? trimmed.padStart(PRINT_NO_LENGTH, '0') : null;
}

/** The VistaBookingNumber a printNo stands for. */
export function bookingNumberOf(printNo: string): number {
  return Number.parseInt(printNo, 10);
}
