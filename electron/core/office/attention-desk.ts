import { ok, type Result } from '../../../shared/errors';
import type { UiOutput } from '../../../shared/contract/ui';
import type { StaffSession } from '../staff/staff-auth';
import type { ApprovalInput, SupervisorApproval } from '../staff/supervisor-approval';
import { AttentionService } from './attention.service';

type AttentionItem = UiOutput<'office.attention.list'>['items'][number];

/** The "needs attention" list at the counter: only settling an unknown print asks for (and checks) a supervisor's approval. */
export class AttentionDesk {
  constructor(
    private readonly deps: { approval: SupervisorApproval; attention: Pick<AttentionService, 'list' | 'resolve'>; terminalId: string },
  ) {}

  list(): AttentionItem[] {
    return this.deps.attention.list();
  }

  async resolve(
    request: { id: string; action: string; approval?: ApprovalInput },
    who: StaffSession,
  ): Promise<Result<{ id: string; action: string; outcome: string }>> {
    const supervisor = AttentionService.needsApproval(request.id, request.action)
      ? await this.deps.approval.of(who, request.approval)
      : ok(null);
    if (!supervisor.ok) return supervisor;
    return this.deps.attention.resolve(request.id, request.action, {
      actor: `staff:${who.username}`,
      supervisor: supervisor.value,
      terminalId: this.deps.terminalId,
    });
  }
}
