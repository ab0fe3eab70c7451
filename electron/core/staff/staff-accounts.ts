import { staffSecretAllowed } from '../../../shared/domain/staff-secret';
import type { AuditLog } from '../audit/audit-log';
import { hashPassword } from '../security/passwords';
import type { Db } from '../storage/database';
import type { StaffRepository, StaffRole, StaffRow } from '../storage/repositories/staff.repository';
import type { FirstRunCode } from './first-run-code';
import type { StaffAuth, StaffSession } from './staff-auth';

export type StaffChange =
  { ok: true } | { ok: false; reason: 'not-allowed' | 'exists' | 'no-such-staff' | 'last-technician' | 'self' | 'weak-secret' };

/** Who may manage whom: technicians everyone, supervisors clerks and supervisors. */
const MANAGES: Record<StaffRole, StaffRole[]> = {
  technician: ['clerk', 'supervisor', 'technician'],
  supervisor: ['clerk', 'supervisor'],
  clerk: [],
};

export interface StaffAccountsDeps {
  db: Db;
  staff: StaffRepository;
  audit: AuditLog;
  /** Sign-in's side of an account change: its sessions end, its lockouts lift. */
  sessions: Pick<StaffAuth, 'endSessionsOf' | 'forgiveName' | 'isNameLocked'>;
  /** Spent once a technician exists, however it was made. */
  firstRunCode?: FirstRunCode;
  now: () => number;
}

/**
 * Staff account management: list, add (from a manager's session or the host's shell), disable and
 * enable, new password. A manager manages only the roles below or beside theirs, never themselves,
 * and the last active technician cannot be disabled.
 */
export class StaffAccounts {
  constructor(private readonly deps: StaffAccountsDeps) {}

  list(): { username: string; role: StaffRole; disabled: boolean; locked: boolean; createdAt: string }[] {
    return this.deps.staff.list().map((s) => ({
      username: s.username,
      role: s.role,
      disabled: s.disabled === 1,
      locked: this.deps.sessions.isNameLocked(s.username),
      createdAt: new Date(s.created_at).toISOString(),
    }));
  }

  async add(by: StaffSession, username: string, role: StaffRole, password: string): Promise<StaffChange> {
    if (!MANAGES[by.role].includes(role)) return { ok: false, reason: 'not-allowed' };
    return this.insert(`staff:${by.username}`, username, role, password);
  }

  /** An account made from the host's shell (`npm run staff -- add`): no session, no first-run code. */
  async addFromShell(username: string, role: StaffRole, password: string): Promise<StaffChange> {
    const change = await this.insert('technician:cli', username, role, password);
    if (change.ok && this.deps.staff.countActive('technician') > 0) this.deps.firstRunCode?.consume();
    return change;
  }

  setDisabled(by: StaffSession, username: string, disabled: boolean): StaffChange {
    const { staff, sessions, audit } = this.deps;
    const target = this.managed(by, username);
    if (!('staff_id' in target)) return target;
    if (disabled && target.role === 'technician' && target.disabled === 0 && staff.countActive('technician') === 1)
      return { ok: false, reason: 'last-technician' };
    staff.setDisabled(username, disabled);
    // A disabled account's open sessions end at once.
    if (disabled) sessions.endSessionsOf(username);
    audit.append({ actor: `staff:${by.username}`, action: disabled ? 'staff.disabled' : 'staff.enabled', subject: `staff:${username}` });
    return { ok: true };
  }

  async resetPassword(by: StaffSession, username: string, password: string): Promise<StaffChange> {
    const target = this.managed(by, username);
    if (!('staff_id' in target)) return target;
    if (!staffSecretAllowed(target.role, password)) return { ok: false, reason: 'weak-secret' };
    this.deps.staff.setPassword(username, await hashPassword(password));
    // A new password also lifts the name's lockouts.
    this.deps.sessions.forgiveName(username);
    this.deps.sessions.endSessionsOf(username);
    this.deps.audit.append({ actor: `staff:${by.username}`, action: 'staff.password-reset', subject: `staff:${username}` });
    return { ok: true };
  }

  private async insert(actor: string, username: string, role: StaffRole, password: string): Promise<StaffChange> {
    if (!staffSecretAllowed(role, password)) return { ok: false, reason: 'weak-secret' };
    if (this.deps.staff.byUsername(username)) return { ok: false, reason: 'exists' };
    const hash = await hashPassword(password);
    // The name may have been taken while the hash ran: the UNIQUE constraint decides.
    const added = this.deps.db.transaction(() => {
      if (!this.deps.staff.insert(username, role, hash, this.deps.now())) return false;
      this.deps.audit.append({ actor, action: 'staff.added', subject: `staff:${username}`, details: { role } });
      return true;
    })();
    return added ? { ok: true } : { ok: false, reason: 'exists' };
  }

  private managed(by: StaffSession, username: string): StaffRow | Extract<StaffChange, { ok: false }> {
    if (by.username === username) return { ok: false, reason: 'self' };
    const target = this.deps.staff.byUsername(username);
    if (!target) return { ok: false, reason: 'no-such-staff' };
    if (!MANAGES[by.role].includes(target.role)) return { ok: false, reason: 'not-allowed' };
    return target;
  }
}
