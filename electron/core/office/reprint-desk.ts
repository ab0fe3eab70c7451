import { fail, type Result } from '../../../shared/errors';
import type { TicketState } from '../../../shared/domain/ticket';
import type { StaffSession } from '../staff/staff-auth';
import type { ApprovalInput, SupervisorApproval } from '../staff/supervisor-approval';
import type { ReprintService } from './reprint.service';

/** A reprint asked for at the counter: a supervisor's approval first (typed in, or the signed-in supervisor's), then the reprint. */
export class ReprintDesk {
  constructor(private readonly deps: { approval: SupervisorApproval; reprints: Pick<ReprintService, 'reprint'>; terminalId: string }) {}

  async reprint(
    request: { ticketCode: string; reason: string; approval?: ApprovalInput },
    who: StaffSession,
  ): Promise<Result<{ printed: boolean; reprintCount: number; state: TicketState }>> {
    const supervisor = await this.deps.approval.of(who, request.approval);
    if (!supervisor.ok) return supervisor;
    if (!supervisor.value) return fail('APPROVAL_REQUIRED', "a reprint needs a supervisor's approval");
    return this.deps.reprints.reprint({
      ticketCode: request.ticketCode,
      reason: request.reason,
      clerk: who.username,
      supervisor: supervisor.value,
      terminalId: this.deps.terminalId,
    });
  }
}
