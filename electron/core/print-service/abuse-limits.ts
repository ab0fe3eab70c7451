import type { AbuseCounterRow, AbuseCountersRepository } from '../storage/repositories/abuse-counters.repository';

export interface LimitRule {
  /** How many events the window allows. */
  max: number;
  windowMs: number;
  /** How long a subject stays locked once it passes `max`; 0 means only the rest of the window. */
  lockMs: number;
  /** Each further lockout in a row doubles the lock, up to this. */
  maxLockMs?: number;
}

/** A budget kept in memory only: a flood guard, not a lockout (a restart forgives it). */
export interface RateRule {
  max: number;
  windowMs: number;
}

export interface AbuseLimitSettings {
  /** Failures per (account, source address): someone else's guessing never locks a kiosk out. */
  login: LimitRule;
  /** Failures per (print number, terminal): one kiosk's guessing never locks the others out. */
  verify: LimitRule;
  /** Failures per print number from all terminals together: the ceiling for guessing spread over kiosks. */
  verifyAllTerminals: LimitRule;
  query: LimitRule;
  /** Bad tokens and bad credentials per source address, before any further work for that source. */
  sourceFailures: RateRule;
  /** Login attempts per source address, before any password hashing for that source. */
  sourceLogins: RateRule;
}

const DAY = 86_400_000;

export const defaultAbuseLimits: AbuseLimitSettings = {
  login: { max: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000, maxLockMs: DAY },
  verify: { max: 10, windowMs: 60 * 60_000, lockMs: 60 * 60_000, maxLockMs: DAY },
  verifyAllTerminals: { max: 30, windowMs: 60 * 60_000, lockMs: 60 * 60_000, maxLockMs: DAY },
  query: { max: 60, windowMs: 60_000, lockMs: 0 },
  sourceFailures: { max: 30, windowMs: 60_000 },
  sourceLogins: { max: 10, windowMs: 60_000 },
};

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A verify-code lock as the box office lists it: `terminalId` null for the all-terminals ceiling. */
export interface VerifyLock {
  printNo: string;
  terminalId: string | null;
  lockedUntil: number;
}

/** Rows of several rules share the scope; the subject tells them apart. */
export const loginSubject = (account: string, source: string): string => `${account}@${source}`;
const verifySubject = (printNo: string, terminalId: string): string => `${printNo}@${terminalId}`;

/** Keeps the in-memory budgets bounded whatever the number of sources. */
const MAX_SOURCES = 10_000;

/**
 * Fixed-window counters with lockouts (SARFT-CONTRACT.md "Abuse limits"). Failures (login, verify
 * code) are written through at once, so a restart never resets a lockout. Queries are counted in
 * memory and written in batches by flush(): one disk write per query would cost more than the query.
 * The per-source budgets are memory only: they exist to make a flood cheap to refuse.
 */
export class AbuseLimits {
  private readonly queryWindows = new Map<string, { windowStart: number; count: number }>();
  private readonly sourceFailureWindows = new Map<string, { windowStart: number; count: number }>();
  private readonly sourceLoginWindows = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private readonly counters: AbuseCountersRepository,
    private readonly settings: AbuseLimitSettings,
    private readonly now: () => number,
  ) {}

  /** Is this subject locked out right now? */
  check(scope: 'login' | 'verify', subject: string): LimitVerdict {
    const row = this.counters.get(scope, subject);
    const now = this.now();
    if (row?.locked_until && row.locked_until > now)
      return { allowed: false, retryAfterSeconds: Math.ceil((row.locked_until - now) / 1000) };
    return { allowed: true };
  }

  /** Counts a failed login of an account from a source; answers whether that pair is now locked. */
  recordLoginFailure(account: string, source: string): LimitVerdict {
    this.recordSourceFailure(source);
    return this.recordFailure('login', loginSubject(account, source), this.settings.login);
  }

  /** A good login clears the pair's failures (and its lock progression). */
  recordLoginSuccess(account: string, source: string): void {
    this.forget('login', loginSubject(account, source));
  }

  /** Is this print number locked for this terminal, or for everyone? */
  checkVerify(printNo: string, terminalId: string): LimitVerdict {
    const all = this.check('verify', printNo);
    return all.allowed ? this.check('verify', verifySubject(printNo, terminalId)) : all;
  }

  /** Counts a wrong verify code: against the pair and against the all-terminals ceiling. */
  recordVerifyFailure(printNo: string, terminalId: string): { locked: null | 'terminal' | 'all'; verdict: LimitVerdict } {
    const all = this.recordFailure('verify', printNo, this.settings.verifyAllTerminals);
    const mine = this.recordFailure('verify', verifySubject(printNo, terminalId), this.settings.verify);
    if (!all.allowed) return { locked: 'all', verdict: all };
    return mine.allowed ? { locked: null, verdict: mine } : { locked: 'terminal', verdict: mine };
  }

  /** The right code from this terminal clears its own count; the all-terminals count runs its window out. */
  recordVerifySuccess(printNo: string, terminalId: string): void {
    this.forget('verify', verifySubject(printNo, terminalId));
  }

  /** Print numbers locked now, per terminal or for all (for the box office). */
  verifyLocks(): VerifyLock[] {
    return this.counters.locked('verify', this.now()).map((row) => {
      const at = row.subject.indexOf('@');
      return {
        printNo: at < 0 ? row.subject : row.subject.slice(0, at),
        terminalId: at < 0 ? null : row.subject.slice(at + 1),
        lockedUntil: row.locked_until!,
      };
    });
  }

  /** Lifts every verify-code lock and count of a print number (staff saw the customer); answers how many went. */
  liftVerify(printNo: string): number {
    return this.counters.lift('verify', printNo, this.now());
  }

  /** Is this source past its failure budget? Checked before any work for it. */
  checkSource(source: string): LimitVerdict {
    return this.verdictOf(this.sourceFailureWindows, source, this.settings.sourceFailures);
  }

  /** Counts a bad token or bad credentials from a source. */
  recordSourceFailure(source: string): void {
    this.hit(this.sourceFailureWindows, source, this.settings.sourceFailures);
  }

  /** Counts a login attempt of a source and answers whether it may go on to a password check. */
  admitLogin(source: string): LimitVerdict {
    const failures = this.checkSource(source);
    if (!failures.allowed) return failures;
    const attempts = this.verdictOf(this.sourceLoginWindows, source, this.settings.sourceLogins);
    if (attempts.allowed) this.hit(this.sourceLoginWindows, source, this.settings.sourceLogins);
    return attempts;
  }

  /** No failure and no other login this window: a kiosk logging in as usual, not a guesser. */
  inGoodStanding(source: string): boolean {
    return (
      this.countOf(this.sourceFailureWindows, source, this.settings.sourceFailures) === 0 &&
      this.countOf(this.sourceLoginWindows, source, this.settings.sourceLogins) <= 1
    );
  }

  /** Counts one query of a terminal; refuses past the rate. */
  allowQuery(terminalId: string): LimitVerdict {
    const rule = this.settings.query;
    const now = this.now();
    let window = this.queryWindows.get(terminalId);
    if (!window) {
      const stored = this.counters.get('query', terminalId);
      window = stored ? { windowStart: stored.window_start, count: stored.count } : { windowStart: now, count: 0 };
      this.queryWindows.set(terminalId, window);
    }
    if (now - window.windowStart >= rule.windowMs) {
      window.windowStart = now;
      window.count = 0;
    }
    window.count += 1;
    if (window.count > rule.max)
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.windowStart + rule.windowMs - now) / 1000)) };
    return { allowed: true };
  }

  /** Writes the in-memory query windows (called periodically and at stop). */
  flush(): void {
    for (const [subject, window] of this.queryWindows) {
      this.counters.put({
        scope: 'query',
        subject,
        window_start: window.windowStart,
        count: window.count,
        locked_until: null,
        lockouts: 0,
      });
    }
    const now = this.now();
    const rules = [this.settings.login, this.settings.verify, this.settings.verifyAllTerminals, this.settings.query];
    // A lock's progression is forgotten one longest lock after it ended, not sooner: else a patient guesser would start again at the base lock.
    this.counters.purge(now - 2 * Math.max(...rules.map((r) => r.windowMs)), now - Math.max(...rules.map((r) => r.maxLockMs ?? r.lockMs)));
    this.dropEnded(this.sourceFailureWindows, this.settings.sourceFailures.windowMs);
    this.dropEnded(this.sourceLoginWindows, this.settings.sourceLogins.windowMs);
  }

  activeLockouts(): number {
    return this.counters.activeLockouts(this.now());
  }

  /**
   * Counts a failure against a rule. Past `max` the subject is locked for `lockMs`, doubled for
   * every lockout in a row before it (up to `maxLockMs`), and its count starts again.
   */
  private recordFailure(scope: 'login' | 'verify', subject: string, rule: LimitRule): LimitVerdict {
    const now = this.now();
    const row: AbuseCounterRow | undefined = this.counters.get(scope, subject);
    const fresh = !row || now - row.window_start >= rule.windowMs;
    const count = fresh ? 1 : row.count + 1;
    const lockouts = row?.lockouts ?? 0;
    if (count < rule.max) {
      this.counters.put({
        scope,
        subject,
        window_start: fresh ? now : row.window_start,
        count,
        locked_until: row?.locked_until ?? null,
        lockouts,
      });
      return { allowed: true };
    }
    const lockMs = Math.min(rule.lockMs * 2 ** Math.min(lockouts, 30), rule.maxLockMs ?? rule.lockMs);
    this.counters.put({ scope, subject, window_start: now, count: 0, locked_until: now + lockMs, lockouts: lockouts + 1 });
    return { allowed: false, retryAfterSeconds: Math.ceil(lockMs / 1000) };
  }

  private forget(scope: 'login' | 'verify', subject: string): void {
    const row = this.counters.get(scope, subject);
    if (row && !(row.locked_until && row.locked_until > this.now()))
      this.counters.put({ ...row, count: 0, locked_until: null, lockouts: 0 });
  }

  private hit(windows: Map<string, { windowStart: number; count: number }>, key: string, rule: RateRule): void {
    const now = this.now();
    let window = windows.get(key);
    if (!window || now - window.windowStart >= rule.windowMs) {
      if (!window && windows.size >= MAX_SOURCES) this.dropEnded(windows, rule.windowMs);
      window = { windowStart: now, count: 0 };
      windows.delete(key);
      windows.set(key, window);
    }
    window.count += 1;
  }

  private countOf(windows: Map<string, { windowStart: number; count: number }>, key: string, rule: RateRule): number {
    const window = windows.get(key);
    return window && this.now() - window.windowStart < rule.windowMs ? window.count : 0;
  }

  /** Refused once the window holds `max` events already. */
  private verdictOf(windows: Map<string, { windowStart: number; count: number }>, key: string, rule: RateRule): LimitVerdict {
    if (this.countOf(windows, key, rule) < rule.max) return { allowed: true };
    const window = windows.get(key)!;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.windowStart + rule.windowMs - this.now()) / 1000)) };
  }

  /** Forgets ended windows; past the bound, the oldest ones too (a flood of sources cannot grow memory). */
  private dropEnded(windows: Map<string, { windowStart: number; count: number }>, windowMs: number): void {
    const now = this.now();
    for (const [key, window] of windows) if (now - window.windowStart >= windowMs) windows.delete(key);
    for (const key of windows.keys()) {
      if (windows.size < MAX_SOURCES) break;
      windows.delete(key);
    }
  }
}
