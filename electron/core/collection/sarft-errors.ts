import { SarftCode } from '../../../shared/contract/sarft-codes';
import type { UiErrorCode } from '../../../shared/errors';
import { STORE_FAILING_MESSAGE } from '../storage/store-failure';
import { INCOMPLETE_TICKET_REASON } from '../../../shared/domain/complete-ticket';

/** What the customer is told for each print-service refusal. */
const byCode: Record<number, UiErrorCode> = {
  [SarftCode.AlreadyPrinted]: 'ALREADY_PRINTED',
  [SarftCode.BadCredentials]: 'UNAUTHORIZED',
  [SarftCode.TokenInvalid]: 'UNAUTHORIZED',
  [SarftCode.TerminalDisabled]: 'UNAUTHORIZED',
  [SarftCode.PrintNoNotFound]: 'PRINT_NO_NOT_FOUND',
  [SarftCode.PrintNoOrVerifyWrong]: 'VERIFY_CODE_WRONG',
  [SarftCode.Refunded]: 'REFUNDED',
  [SarftCode.SessionOver]: 'SESSION_OVER',
  [SarftCode.TicketCountMismatch]: 'VALIDATION',
  [SarftCode.NotYetAvailable]: 'NOT_YET_AVAILABLE',
  [SarftCode.PrintTokenInvalid]: 'INTERNAL',
  [SarftCode.TicketUnknown]: 'TICKET_UNKNOWN',
  [SarftCode.TooManyAttempts]: 'TOO_MANY_ATTEMPTS',
  [SarftCode.ClaimedElsewhere]: 'CLAIMED_ELSEWHERE',
  [SarftCode.CentralUnreachable]: 'CENTRAL_UNREACHABLE',
  [SarftCode.CentralTimeout]: 'CENTRAL_UNREACHABLE',
  [SarftCode.Malformed]: 'VALIDATION',
};

/** A refusal as the customer hears of it; `details` is the reply's: an incomplete ticket is told by its marker, not its wording. */
export function uiErrorOfSarft(code: number, message?: string, details?: unknown): UiErrorCode {
  if (code === SarftCode.OtherError && message === STORE_FAILING_MESSAGE) return 'STORE_FAILING';
  const reason = typeof details === 'object' && details !== null ? (details as { reason?: unknown }).reason : undefined;
  if (code === SarftCode.OtherError && reason === INCOMPLETE_TICKET_REASON) return 'TICKET_INCOMPLETE';
  return byCode[code] ?? 'INTERNAL';
}
