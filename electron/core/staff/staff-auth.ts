import { randomBytes } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log';
import { decoyHash, hashPassword, verifyPassword } from '../security/passwords';
import type { StaffRepository, StaffRole } from '../storage/repositories/staff.repository';

export interface StaffSession {
  username: string;
  role: StaffRole;
  lastUsed: number;
}

const LOCK_AFTER = 5;
const LOCK_MS = 15 * 60_000;

export type StaffLoginOutcome = { kind: 'ok'; token: string; role: StaffRole } | { kind: 'bad-credentials' } | { kind: 'locked'; retryAfterSeconds: number };

/**
 * Staff sign-in: scrypt passwords, a lockout after repeated failures, sessions that end after a
 * quiet spell, and a first-run setup that makes the first technician (there is no default password).
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
    const account = this.staff.byUsername(username);
    const now = this.now();
    if (account?.locked_until && account.locked_until > now) return { kind: 'locked', retryAfterSeconds: Math.ceil((account.locked_until - now) / 1000) };
    const matches = await verifyPassword(password, account?.password_hash ?? (await decoyHash()));
    if (!account || !matches || account.disabled) {
      if (account) {
        const failed = account.failed_logins + 1;
        this.staff.recordFailure(account.staff_id, failed >= LOCK_AFTER ? 0 : failed, failed >= LOCK_AFTER ? now + LOCK_MS : null);
      }
      this.audit.append({ actor: `staff:${username}`, action: 'staff.login-refused', subject: `staff:${username}` });
      return { kind: 'bad-credentials' };
    }
    this.staff.recordSuccess(account.staff_id);
    const token = randomBytes(32).toString('base64url');
    this.sessions.set(token, { username, role: account.role, lastUsed: now });
    this.audit.append({ actor: `staff:${username}`, action: 'staff.login', subject: `staff:${username}` });
    return { kind: 'ok', token, role: account.role };
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

  logout(token: string): void {
    this.sessions.delete(token);
  }
}
