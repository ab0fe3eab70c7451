import type { Result } from '../../../shared/errors';
import type { StaffRole } from '../storage/repositories/staff.repository';
import type { StaffAuth, StaffSession } from './staff-auth';
import { staffRefusal } from './staff-refusals';

/** A staff call: its input carries the session token. */
export type StaffCall<I extends { session: string }, O> = (input: I) => Promise<Result<O>>;

export interface RoleGuard {
  /** Runs `run` only for a live session of one of `roles`; otherwise answers the one refusal every staff call gives. */
  asRole<I extends { session: string }, O>(
    roles: readonly StaffRole[],
    run: (input: I, who: StaffSession) => Promise<Result<O>>,
  ): StaffCall<I, O>;
}

/**
 * The one session check in front of every staff call (box office, staff accounts, technician
 * console), so that each refuses the same way: a session that ended and a role that may not make
 * the call are told apart in `details.reason`, with the message each screen has always shown.
 */
export function roleGuard(staff: Pick<StaffAuth, 'session' | 'isLive'>): RoleGuard {
  return {
    asRole: (roles, run) => async (input) => {
      const who = staff.session(input.session, [...roles]);
      if (who) return run(input, who);
      const message = `sign in as a ${roles.join(' or ')}`;
      return staff.isLive(input.session) ? staffRefusal('WRONG_ROLE', message) : staffRefusal('SESSION_ENDED', message);
    },
  };
}

/** For a call a role may make only in part (a clerk's own report, a supervisor's lift): the same refusal as the guard's. */
export const wrongRole = (message: string): Result<never> => staffRefusal('WRONG_ROLE', message);
