import { fail, ok, type Result } from '../../../shared/errors';
import type { StaffAuth, StaffSession } from './staff-auth';
import { staffRefusal } from './staff-refusals';

/** A supervisor's name and password typed in at the clerk's screen. */
export interface ApprovalInput {
  username: string;
  password: string;
}

/**
 * Who approves an operation that needs a supervisor (late refund, reprint, settling an unknown
 * print): a supervisor typed in at this screen, or the signed-in supervisor. `null`: nobody, and
 * the operation decides whether it may go on without. Failed approvals count against this screen's
 * session (the staff store's lockouts), so a clerk cannot guess a supervisor's password here.
 */
export class SupervisorApproval {
  constructor(private readonly staff: Pick<StaffAuth, 'approve'>) {}

  async of(who: StaffSession, approval: ApprovalInput | undefined): Promise<Result<string | null>> {
    if (!approval) return ok(who.role === 'supervisor' ? who.username : null);
    const outcome = await this.staff.approve(approval.username, approval.password, who);
    if (outcome.kind === 'ok') return ok(outcome.username);
    if (outcome.kind === 'locked')
      return fail('TOO_MANY_ATTEMPTS', 'too many failed approvals at this screen: try again later', {
        retryAfter: outcome.retryAfterSeconds,
        field: 'approval',
      });
    if (outcome.kind === 'not-allowed') return staffRefusal('APPROVAL_REFUSED', 'approval needs a supervisor', { field: 'approval' });
    return staffRefusal('APPROVAL_REFUSED', 'approval refused: wrong supervisor name or password', { field: 'approval' });
  }
}
