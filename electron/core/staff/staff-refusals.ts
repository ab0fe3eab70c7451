import { fail, type Result, type UiErrorCode } from '../../../shared/errors';

/** The refusals of staff calls that used to share a code with other meanings; each names one thing. */
export type StaffRefusal = 'SESSION_ENDED' | 'WRONG_ROLE' | 'APPROVAL_REFUSED' | 'DUPLICATE' | 'WRONG_HOST';

/**
 * The code each refusal still answers with: screens and scripts built on the old codes keep working.
 * `details.refusal` carries the refusal itself, so a screen tells a session that ended from a refused
 * approval without guessing from the other details. Moving a refusal to its own code (all exist in
 * shared/errors.ts and have texts in the renderer) is one line here plus the tests that assert the old code.
 */
const WIRE_CODE: Record<StaffRefusal, UiErrorCode> = {
  SESSION_ENDED: 'UNAUTHORIZED',
  WRONG_ROLE: 'UNAUTHORIZED',
  APPROVAL_REFUSED: 'UNAUTHORIZED',
  DUPLICATE: 'VALIDATION',
  WRONG_HOST: 'VALIDATION',
};

export function staffRefusal(refusal: StaffRefusal, message: string, details: Record<string, unknown> = {}): Result<never> {
  return fail(WIRE_CODE[refusal], message, { ...details, refusal });
}

/** The refusal a failed call carries, if it is one of these. */
export function refusalOf(result: Result<unknown>): StaffRefusal | undefined {
  return result.ok ? undefined : (result.error.details?.refusal as StaffRefusal | undefined);
}
