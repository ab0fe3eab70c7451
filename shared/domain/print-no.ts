/** printNo is the VistaBookingNumber left-padded with zeros to 16 digits (seed 003 §3.14). */
export const PRINT_NO_LENGTH = 16;
const DIGITS_1_TO_16 = /^\d{1,16}$/;

/**
 * Booking numbers are integers (Vista), and the core keys bookings, audit subjects and counters
 * by the number: above 2^53 two different 16-digit printNos would become the same number and one
 * customer's lock, history or tickets would be another's. Such printNos are refused at parse time.
 */
export const MAX_BOOKING_NUMBER = Number.MAX_SAFE_INTEGER;
export const PRINT_NO_RULE = `printNo must be 1 to 16 digits, at most ${MAX_BOOKING_NUMBER}`;

const MAX_PADDED = String(MAX_BOOKING_NUMBER).padStart(PRINT_NO_LENGTH, '0');

export function isPrintNo(input: string): boolean {
  // Same length, digits only: the string order is the numeric order, exact at any size.
  return DIGITS_1_TO_16.test(input) && input.padStart(PRINT_NO_LENGTH, '0') <= MAX_PADDED;
}

/** Pads 1–16 digits to 16; returns null for anything else so callers must handle bad input. */
export function padPrintNo(input: string): string | null {
  const trimmed = input.trim();
  return isPrintNo(trimmed) ? trimmed.padStart(PRINT_NO_LENGTH, '0') : null;
}

/** The VistaBookingNumber a printNo stands for (a printNo that passed isPrintNo: always exact). */
export function bookingNumberOf(printNo: string): number {
  if (!isPrintNo(printNo)) throw new RangeError('not a valid printNo');
  return Number.parseInt(printNo, 10);
}

/** The printNo of a VistaBookingNumber (how it is shown and printed): 16 digits, zero-padded. */
export function printNoOf(bookingNumber: number): string {
  return String(bookingNumber).padStart(PRINT_NO_LENGTH, '0');
}
