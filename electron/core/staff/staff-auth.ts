import { randomBytes } from 'node:crypto';
import { staffSecretAllowed } from '../../../shared/domain/staff-secret';
import type { AuditLog } from '../audit/audit-log';
import { tryAudit } from '../audit/try-audit';
import { decoyHash, hashPassword, verifyPassword } from '../security/passwords';
import type { Db } from '../storage/database';
import type { StaffRepository, StaffRole, StaffRow } from '../storage/repositories/staff.repository';
import type { FirstRunCode } from './first-run-code';
import { LoginGuard, type GuardPolicy } from './login-guard';

export interface StaffSession {
  /** Names the session in lockout keys and logs; not the token. */
  id: string;
  username: string;
  role: StaffRole;
  startedAt: number;
  lastUsed: number;
}

export interface StaffAuthOptions {
  db: Db;
  /** A session ends after this long unused … */
  idleTimeoutMs: number;
  /** … and at the latest this long after sign-in (a shift). */
  lifetimeMs: number;
  /** The out-of-band code the first-run setup needs; without it setup is only done from the host shell. */
  firstRunCode?: FirstRunCode;
  now: () => number;
}

/** Per name, wherever the tries come from: five wrong in a row lock it for 15 minutes. */
const ACCOUNT_LOCK: GuardPolicy = { lockAfter: 5, lockMs: 15 * 60_000, maxDelayMs: 0 };
/** Per name and source: each failure doubles the wait before the next try (0, 1, 2, 4 … 30 s). */
const SOURCE_SLOWDOWN: GuardPolicy = { lockAfter: 0, lockMs: 0, maxDelayMs: 30_000 };
/** Per supervisor and approving session: slows down and locks that session's approvals only. */
const APPROVAL_LOCK: GuardPolicy = { lockAfter: 5, lockMs: 15 * 60_000, maxDelayMs: 30_000 };
/** The first-run code: five wrong codes close setup for 15 minutes. */
const SETUP_LOCK: GuardPolicy = { lockAfter: 5, lockMs: 15 * 60_000, maxDelayMs: 30_000 };
/** Refusals of one name are audited at most once a minute, with their count. */
const AUDIT_EVERY_MS = 60_000;
const SWEEP_EVERY_MS = 60_000;

export type StaffLoginOutcome =
  { kind: 'ok'; token: string; role: StaffRole } | { kind: 'bad-credentials' } | { kind: 'locked'; retryAfterSeconds: number };
export type ApprovalOutcome =
  { kind: 'ok'; username: string } | { kind: 'bad-credentials' } | { kind: 'locked'; retryAfterSeconds: number } | { kind: 'not-allowed' };
export type SetupOutcome =
  | { kind: 'ok' }
  | { kind: 'done-already' }
  | { kind: 'bad-code' }
  | { kind: 'locked'; retryAfterSeconds: number }
  | { kind: 'weak-secret' };
/** Who is being guessed: a locked name (account or not), for the box office's list. */
export interface GuessingAlert {
  username: string;
  failures: number;
  since: number;
}

/**
 * Staff sign-in: scrypt passwords (PINs for clerks), lockouts and slow-downs that treat unknown
 * names like accounts, sessions that end after a quiet spell or a shift, a first-run setup that
 * needs a code given out of band, supervisor approvals typed in at the clerk's screen (whose
 * failures lock only that screen's session, not the supervisor's own sign-in). Accounts are
 * managed by StaffAccounts.
 */
export class StaffAuth {
  private readonly sessions = new Map<string, StaffSession>();
  private readonly guard: LoginGuard;
  /** Refusals not audited yet, per action and name. */
  private readonly refusals = new Map<string, { action: string; username: string; count: number; auditedAt: number }>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly staff: StaffRepository,
    private readonly audit: AuditLog,
    private readonly options: StaffAuthOptions,
  ) {
    this.guard = new LoginGuard(options.now);
  }

  /** Starts the periodic sweep of ended sessions and stale counters. */
  start(): void {
    this.sweeper ??= setInterval(() => this.sweep(), SWEEP_EVERY_MS).unref();
  }

  stop(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.sweep(true);
  }

  needsSetup(): boolean {
    return this.staff.countActive('technician') === 0;
  }

  /** The first-run code to show on the host's console, while no technician exists. */
  issueFirstRunCode(): string | undefined {
    if (!this.needsSetup()) {
      this.options.firstRunCode?.consume();
      return undefined;
    }
    return this.options.firstRunCode?.issue();
  }

  /** Makes the first technician, with the one-time code; refused once one exists. */
  async setup(username: string, password: string, code: string): Promise<SetupOutcome> {
    if (!this.needsSetup()) return { kind: 'done-already' };
    const wait = this.guard.waitMs('setup', SETUP_LOCK);
    if (wait > 0) return { kind: 'locked', retryAfterSeconds: Math.ceil(wait / 1000) };
    this.guard.count('setup', SETUP_LOCK);
    if (!this.options.firstRunCode?.matches(code)) {
      this.refused('staff.setup', username);
      return { kind: 'bad-code' };
    }
    this.guard.forgive('setup');
    if (!staffSecretAllowed('technician', password)) return { kind: 'weak-secret' };
    const hash = await hashPassword(password);
    // Check and insert in one write transaction: of concurrent setups (or a setup and the shell's
    // `staff add`) exactly one makes the first technician.
    const made = this.options.db
      .transaction(() => {
        if (!this.needsSetup() || !this.staff.insert(username, 'technician', hash, this.options.now())) return false;
        this.audit.append({ actor: `staff:${username}`, action: 'staff.first-technician', subject: `staff:${username}` });
        return true;
      })
      .immediate();
    if (!made) return { kind: 'done-already' };
    this.options.firstRunCode?.consume();
    return { kind: 'ok' };
  }

  /** Sign-in; `source` is where the tries come from (the caller's terminal). */
  async login(username: string, password: string, source: string): Promise<StaffLoginOutcome> {
    const checked = await this.check(
      username,
      password,
      'staff.login',
      [`login:${username}`, ACCOUNT_LOCK],
      [`login:${username}@${source}`, SOURCE_SLOWDOWN],
    );
    if (checked.kind !== 'ok') return checked;
    const token = randomBytes(32).toString('base64url');
    const now = this.options.now();
    this.sessions.set(token, {
      id: randomBytes(9).toString('base64url'),
      username,
      role: checked.account.role,
      startedAt: now,
      lastUsed: now,
    });
    return { kind: 'ok', token, role: checked.account.role };
  }

  /**
   * A supervisor's approval, typed in at a clerk's screen. Its failures lock and slow down that
   * clerk's session only: a clerk cannot lock the supervisor out of their own sign-in.
   */
  async approve(username: string, password: string, at: StaffSession): Promise<ApprovalOutcome> {
    const checked = await this.check(username, password, 'staff.approval', [`approval:${username}@${at.id}`, APPROVAL_LOCK]);
    if (checked.kind !== 'ok') return checked;
    if (checked.account.role !== 'supervisor') return { kind: 'not-allowed' };
    return { kind: 'ok', username };
  }

  /** The live session of a token, if its role is allowed; each use extends it, up to its lifetime. */
  session(token: string, roles: StaffRole[]): StaffSession | undefined {
    const session = this.sessions.get(token);
    if (!session) return undefined;
    const now = this.options.now();
    if (this.ended(session, now)) {
      this.sessions.delete(token);
      return undefined;
    }
    session.lastUsed = now;
    return roles.includes(session.role) ? session : undefined;
  }

  /** Whether a token names a live session, without extending it (event streams ask this often). */
  isLive(token: string): boolean {
    const session = this.sessions.get(token);
    return session !== undefined && !this.ended(session, this.options.now());
  }

  logout(token: string): void {
    this.sessions.delete(token);
  }

  /** Names locked by failed sign-ins now: someone may be guessing. */
  guessing(): GuessingAlert[] {
    const alerts = new Map<string, GuessingAlert>();
    for (const l of [...this.guard.locked('login:'), ...this.guard.locked('approval:')]) {
      const username = l.key.slice(l.key.indexOf(':') + 1).replace(/@.*$/u, '');
      const seen = alerts.get(username);
      alerts.set(username, { username, failures: (seen?.failures ?? 0) + l.failures, since: Math.min(seen?.since ?? Infinity, l.since) });
    }
    return [...alerts.values()];
  }

  /** Drops ended sessions and stale counters, and audits refusals not audited yet (all of them when stopping). */
  sweep(stopping = false): void {
    const now = this.options.now();
    for (const [token, s] of this.sessions) if (this.ended(s, now)) this.sessions.delete(token);
    this.guard.sweep();
    for (const [key, r] of this.refusals) {
      if (r.count > 0 && (stopping || now - r.auditedAt >= AUDIT_EVERY_MS)) this.auditRefusals(r);
      else if (r.count === 0 && now - r.auditedAt >= AUDIT_EVERY_MS) this.refusals.delete(key);
    }
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Ends every open session of a name (its account was disabled or given a new password). */
  endSessionsOf(username: string): void {
    for (const [token, s] of this.sessions) if (s.username === username) this.sessions.delete(token);
  }

  /** Lifts a name's sign-in and approval lockouts (a new password was set). */
  forgiveName(username: string): void {
    this.guard.forgiveAll(`login:${username}`);
    this.guard.forgiveAll(`approval:${username}@`);
  }

  /** Whether failed sign-ins lock a name now. */
  isNameLocked(username: string): boolean {
    return this.guard.isLocked(`login:${username}`);
  }

  private ended(session: StaffSession, now: number): boolean {
    return now - session.lastUsed > this.options.idleTimeoutMs || now - session.startedAt > this.options.lifetimeMs;
  }

  /**
   * One scrypt whether or not the account exists, and the same counters for a name that is no
   * account, so that neither the timing nor a lockout tells a probe which names exist.
   */
  private async check(
    username: string,
    password: string,
    action: string,
    ...keys: [string, GuardPolicy][]
  ): Promise<{ kind: 'ok'; account: StaffRow } | { kind: 'bad-credentials' } | { kind: 'locked'; retryAfterSeconds: number }> {
    const wait = Math.max(...keys.map(([key, policy]) => this.guard.waitMs(key, policy)));
    if (wait > 0) return { kind: 'locked', retryAfterSeconds: Math.ceil(wait / 1000) };
    for (const [key, policy] of keys) this.guard.count(key, policy);
    const account = this.staff.byUsername(username);
    const matches = await verifyPassword(password, account?.password_hash ?? (await decoyHash()));
    if (!account || !matches || account.disabled) {
      this.refused(action, username);
      return { kind: 'bad-credentials' };
    }
    for (const [key] of keys) this.guard.forgive(key);
    tryAudit(this.audit, { actor: `staff:${username}`, action, subject: `staff:${username}` });
    return { kind: 'ok', account };
  }

  /** Counts a refusal; audits the count at most once a minute per action and name. */
  private refused(action: string, username: string): void {
    const key = `${action}\u0000${username}`;
    const entry = this.refusals.get(key) ?? { action, username, count: 0, auditedAt: -Infinity };
    this.refusals.set(key, entry);
    entry.count += 1;
    if (this.options.now() - entry.auditedAt >= AUDIT_EVERY_MS) this.auditRefusals(entry);
  }

  private auditRefusals(entry: { action: string; username: string; count: number; auditedAt: number }): void {
    tryAudit(this.audit, {
      actor: `staff:${entry.username}`,
      action: `${entry.action}-refused`,
      subject: `staff:${entry.username}`,
      details: { failures: entry.count },
    });
    entry.count = 0;
    entry.auditedAt = this.options.now();
  }
}
