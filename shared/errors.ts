/** Error codes that cross the UI⇄core boundary. Stable: the renderer maps each to a screen. */
export const uiErrorCodes = [
  'VALIDATION',
  'PRINT_NO_NOT_FOUND',
  'VERIFY_CODE_WRONG',
  'ALREADY_PRINTED',
  'REFUNDED',
  'SESSION_OVER',
  'NOT_YET_AVAILABLE',
  'TICKET_UNKNOWN',
  /** A ticket lacks data it must carry (hall, seat, national QR...): nothing printed, see the box office. */
  'TICKET_INCOMPLETE',
  'CLAIMED_ELSEWHERE',
  'TOO_MANY_ATTEMPTS',
  'PRINTER_NOT_READY',
  'PRINTER_FAULT',
  'CENTRAL_UNREACHABLE',
  'PRINT_SERVICE_UNREACHABLE',
  'UNAUTHORIZED',
  /** The operation needs a supervisor's approval (late refund, reprint). */
  'APPROVAL_REQUIRED',
  'NOT_FOUND',
  /** Some tickets of a booking asked back where the central system refunds only whole bookings (`details.wouldGoBack`, `details.reason`). */
  'PARTIAL_REFUND_UNSUPPORTED',
  // Staff refusals, one meaning each: core still answers UNAUTHORIZED/VALIDATION and names these in `details.refusal` (electron/core/staff/staff-refusals.ts).
  /** A supervisor's approval was refused: wrong name or password, or not a supervisor. */
  'APPROVAL_REFUSED',
  /** No live staff session: sign in again. */
  'SESSION_ENDED',
  /** The signed-in role may not make this call. */
  'WRONG_ROLE',
  /** A username or terminal id exists already. */
  'DUPLICATE',
  /** A box-office call on a kiosk without the print service: the office runs on the host. */
  'WRONG_HOST',
  /** A configuration import carries something that may not be imported (a central address that would move the token). */
  'NOT_IMPORTABLE',
  /** The kiosk's own store fails (disk full, I/O error, damaged file): out of service until staff act. */
  'STORE_FAILING',
  // The sale (shared/contract/sale.ts).
  /** A chosen seat was taken by someone else (AddTickets Result 8): details.seats names them. */
  'SEAT_TAKEN',
  /** The session no longer sells: past its cut-off (ATMTimeShowMovieAfterStart). */
  'SALE_CLOSED',
  /** The cinema marked the session sold out or reserved the whole hall (seat plan 67). */
  'SOLD_OUT',
  /** A ticket's price differs from central's (AddTickets Result 4): read the ticket types again. */
  'PRICE_CHANGED',
  /** The order is no longer open (cancelled, expired) or not this terminal's. */
  'ORDER_CLOSED',
  'INTERNAL',
] as const;
export type UiErrorCode = (typeof uiErrorCodes)[number];

export interface UiError {
  code: UiErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** Errors are data: every call answers one of these, nothing is thrown across a boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: UiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: UiErrorCode, message: string, details?: Record<string, unknown>): Result<never> => ({
  ok: false,
  error: details ? { code, message, details } : { code, message },
});
