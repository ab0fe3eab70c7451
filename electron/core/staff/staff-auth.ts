import { randomBytes } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log';
import { decoyHash, hashPassword, verifyPassword } from '../security/passwords';
import type { StaffRepository, StaffRole, StaffRow } from '../storage/repositories/staff.repository';

export interface StaffSession {
  username: string;
  role: StaffRole;
  lastUsed: number;
}

const LOCK_AFTER = 5;
const LOCK_MS = 15 * 60_000;

export type StaffLoginOutcome = { kind: 'ok'; token: string; role: StaffRole } | { kind: 'bad-credentials' } | { kind: 'locked'; retryAfterSeconds: number };
export type ApprovalOutcome = { kind: 'ok'; username: string } | { kind: 'bad-credentials' } | { kind: 'locked'; retryAfterSeconds: number } | { kind: 'not-allowed' };
export type StaffChange = { ok: true } | { ok: false; reason: 'not-allowed' | 'exists' | 'no-such-staff' | 'last-technician' | 'self' };

/** Who may manage whom: technicians everyone, supervisors clerks and supervisors. */
const MANAGES: Record<StaffRole, StaffRole[]> = { technician: ['clerk', 'supervisor', 'technician'], supervisor: ['clerk', 'supervisor'], clerk: [] };

/**
 * Staff sign-in: scrypt passwords (or PINs), a lockout after repeated failures, sessions that end
 * after a quiet spell, a first-run setup that makes the first technician (there is no default
 * password), supervisor approvals typed in at the clerk's screen, and account management.
 */
export class StaffAuth {
  private readonly sessions = new Map<string, StaffSession>();

  constructor(
    private readonly staff: StaffRepository,
    private readonly audit: AuditLog,
    private readonly idleTimeoutMs: number,
    private readonly now: () => number,
  ) {}

  needsSetup(): boolean {
    return this.staff.countActive('technician') === 0;
  }

  /** Makes the first technician; refused once one exists. */
  async setup(username: string, password: string): Promise<boolean> {
    if (!this.needsSetup()) return false;
    this.staff.insert(username, 'technician', await hashPassword(password), this.now());
    this.audit.append({ actor: `staff:${username}`, action: 'staff.first-technician', subject: `staff:${username}` });
    return true;
  }

  async login(username: string, password: string): Promise<StaffLoginOutcome> {
    const checked = await this.check(username, password, 'staff.login');
    if (checked.kind !== 'ok') return checked;
    const token = randomBytes(32).toString('base64url');
    this.sessions.set(token, { username, role: checked.account.role, lastUsed: this.now() });
    return { kind: 'ok', token, role: checked.account.role };
  }

  /** A supervisor's approval, typed in at the clerk's screen: same checks and lockout as a sign-in. */
  async approve(username: string, password: string): Promise<ApprovalOutcome> {
    const checked = await this.check(username, password, 'staff.approval');
    if (checked.kind !== 'ok') return checked;
    if (checked.account.role !== 'supervisor') return { kind: 'not-allowed' };
    return { kind: 'ok', username };
  }

  /** The live session of a token, if its role is allowed; each use extends it. */
  session(token: string, roles: StaffRole[]): StaffSession | undefined {
    const session = this.sessions.get(token);
    const now = this.now();
    if (!session) return undefined;
    if (now - session.lastUsed > this.idleTimeoutMs) {
      this.sessions.delete(token);
      return undefined;
    }
    session.lastUsed = now;
    return roles.includes(session.role) ? session : undefined;
  }

  /** Whether a token names a live session, without extending it (event streams ask this often). */
  isLive(token: string): boolean {
    const session = this.sessions.get(token);
    return session !== undefined && this.now() - session.lastUsed <= this.idleTimeoutMs;
  }

  logout(token: string): void {
    this.sessions.delete(token);
  }

  list(): { username: string; role: StaffRole; disabled: boolean; locked: boolean; createdAt: string }[] {
    const now = this.now();
    return this.staff.list().map((s) => ({ username: s.username, role: s.role, disabled: s.disabled === 1, locked: (s.locked_until ?? 0) > now, createdAt: new Date(s.created_at).toISOString() }));
  }

  async add(by: StaffSession, username: string, role: StaffRole, password: string): Promise<StaffChange> {
    if (!MANAGES[by.role].includes(role)) return { ok: false, reason: 'not-allowed' };
    if (this.staff.byUsername(username)) return { ok: false, reason: 'exists' };
    this.staff.insert(username, role, await hashPassword(password), this.now());
    this.audit.append({ actor: `staff:${by.username}`, action: 'staff.added', subject: `staff:${username}`, details: { role } });
    return { ok: true };
  }

  setDisabled(by: StaffSession, username: string, disabled: boolean): StaffChange {
    const target = this.managed(by, username);
    if (!('staff_id' in target)) return target;
    if (disabled && target.role === 'technician' && target.disabled === 0 && this.staff.countActive('technician') === 1) return { ok: false, reason: 'last-technician' };
    this.staff.setDisabled(username, disabled);
    // A disabled account's open sessions end at once.
    if (disabled) for (const [token, s] of this.sessions) if (s.username === username) this.sessions.delete(token);
    this.audit.append({ actor: `staff:${by.username}`, action: disabled ? 'staff.disabled' : 'staff.enabled', subject: `staff:${username}` });
    return { ok: true };
  }

  async resetPassword(by: StaffSession, username: string, password: string): Promise<StaffChange> {
    const target = this.managed(by, username);
    if (!('staff_id' in target)) return target;
    this.staff.setPassword(username, await hashPassword(password));
    for (const [token, s] of this.sessions) if (s.username === username) this.sessions.delete(token);
    this.audit.append({ actor: `staff:${by.username}`, action: 'staff.password-reset', subject: `staff:${username}` });
    return { ok: true };
  }

  private managed(by: StaffSession, username: string): StaffRow | Extract<StaffChange, { ok: false }> {
    if (by.username === username) return { ok: false, reason: 'self' };
    const target = this.staff.byUsername(username);
    if (!target) return { ok: false, reason: 'no-such-staff' };
    if (!MANAGES[by.role].includes(target.role)) return { ok: false, reason: 'not-allowed' };
    return target;
  }

  /** One scrypt whether or not the account exists, so that a probe learns nothing from the timing. */
  private async check(username: string, password: string, action: string): Promise<{ kind: 'ok'; account: StaffRow } | { kind: 'bad-credentials' } | { kind: 'locked'; retryAfterSeconds: number }> {
    const account = this.staff.byUsername(username);
    const now = this.now();
    if (account?.locked_until && account.locked_until > now) return { kind: 'locked', retryAfterSeconds: Math.ceil((account.locked_until - now) / 1000) };
    const matches = await verifyPassword(password, account?.password_hash ?? (await decoyHash()));
    if (!account || !matches || account.disabled) {
      if (account) {
        const failed = account.failed_logins + 1;
        this.staff.recordFailure(account.staff_id, failed >= LOCK_AFTER ? 0 : failed, failed >= LOCK_AFTER ? now + LOCK_MS : null);
      }
      this.audit.append({ actor: `staff:${username}`, action: `${action}-refused`, subject: `staff:${username}` });
      return { kind: 'bad-credentials' };
    }
    this.staff.recordSuccess(account.staff_id);
    this.audit.append({ actor: `staff:${username}`, action, subject: `staff:${username}` });
    return { kind: 'ok', account };
  }
}
