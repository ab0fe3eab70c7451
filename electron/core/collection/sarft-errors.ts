import { SarftCode } from '../../../shared/contract/sarft-codes';
import type { UiErrorCode } from '../../../shared/errors';
import { STORE_FAILING_MESSAGE } from '../storage/store-failure';
import { INCOMPLETE_TICKET_MESSAGE } from '../../../shared/domain/complete-ticket';

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

export function uiErrorOfSarft(code: number, message?: string): UiErrorCode {
  if (code === SarftCode.OtherError && message === STORE_FAILING_MESSAGE) return 'STORE_FAILING';
  if (code === SarftCode.OtherError && message === INCOMPLETE_TICKET_MESSAGE) return 'TICKET_INCOMPLETE';
  return byCode[code] ?? 'INTERNAL';
}
