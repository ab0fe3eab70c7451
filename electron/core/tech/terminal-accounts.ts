import { fail, ok, type Result } from '../../../shared/errors';
import type { AuditLog } from '../audit/audit-log';
import type { TerminalAuth } from '../print-service/terminal-auth';

/** The kiosks allowed to call this host's print service: listed, added, disabled by a technician. */
export class TerminalAccounts {
  constructor(
    /** Absent on a kiosk that collects through a remote print service: its terminals are managed there. */
    private readonly auth: TerminalAuth | undefined,
    private readonly audit: AuditLog,
  ) {}

  list(): Result<{ terminals: ReturnType<TerminalAuth['list']> }> {
    if (!this.auth) return fail('VALIDATION', 'this kiosk uses a remote print service: manage its terminals there');
    return ok({ terminals: this.auth.list() });
  }

  async add(terminalId: string, password: string, actor: string): Promise<Result<{ terminalId: string }>> {
    const auth = this.auth;
    if (!auth) return fail('VALIDATION', 'this kiosk uses a remote print service');
    if (auth.isRegistered(terminalId)) return fail('VALIDATION', 'terminal exists', { field: 'terminalId' });
    // Checked again by the store: a concurrent add may have taken the id while the hash ran.
    if (!(await auth.register(terminalId, terminalId, password))) return fail('VALIDATION', 'terminal exists', { field: 'terminalId' });
    this.audit.append({ actor, action: 'terminal.added', subject: `terminal:${terminalId}` });
    return ok({ terminalId });
  }

  setDisabled(terminalId: string, disabled: boolean, actor: string): Result<{ terminalId: string; disabled: boolean }> {
    if (!this.auth?.setDisabled(terminalId, disabled)) return fail('VALIDATION', 'no such terminal', { field: 'terminalId' });
    this.audit.append({ actor, action: disabled ? 'terminal.disabled' : 'terminal.enabled', subject: `terminal:${terminalId}` });
    return ok({ terminalId, disabled });
  }
}
