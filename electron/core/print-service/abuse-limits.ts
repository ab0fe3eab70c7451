import type { AbuseCountersRepository } from '../storage/repositories/abuse-counters.repository';

export interface LimitRule {
  /** How many events the window allows. */
  max: number;
  windowMs: number;
  /** How long a subject stays locked once it passes `max`; 0 means only the rest of the window. */
  lockMs: number;
}

export interface AbuseLimitSettings {
  login: LimitRule;
  verify: LimitRule;
  query: LimitRule;
}

export const defaultAbuseLimits: AbuseLimitSettings = {
  login: { max: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  verify: { max: 10, windowMs: 60 * 60_000, lockMs: 60 * 60_000 },
  query: { max: 60, windowMs: 60_000, lockMs: 0 },
};

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Fixed-window counters with lockouts (SARFT-CONTRACT.md "Abuse limits"). Failures (login, verify
 * code) are written through at once, so a restart never resets a lockout. Queries are counted in
 * memory and written in batches by flush(): one disk write per query would cost more than the query.
 */
export class AbuseLimits {
  private readonly queryWindows = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private readonly counters: AbuseCountersRepository,
    private readonly settings: AbuseLimitSettings,
    private readonly now: () => number,
  ) {}

  /** Is this subject locked out right now? */
  check(scope: 'login' | 'verify', subject: string): LimitVerdict {
    const row = this.counters.get(scope, subject);
    const now = this.now();
    if (row?.locked_until && row.locked_until > now) return { allowed: false, retryAfterSeconds: Math.ceil((row.locked_until - now) / 1000) };
    return { allowed: true };
  }

  /** Counts a failure; answers whether the subject is now locked. */
  recordFailure(scope: 'login' | 'verify', subject: string): LimitVerdict {
    const rule = this.settings[scope];
    const now = this.now();
    const row = this.counters.get(scope, subject);
    const fresh = !row || now - row.window_start >= rule.windowMs;
    const count = fresh ? 1 : row.count + 1;
    const lockedUntil = count >= rule.max ? now + rule.lockMs : null;
    this.counters.put({ scope, subject, window_start: fresh ? now : row.window_start, count: lockedUntil ? 0 : count, locked_until: lockedUntil });
    return lockedUntil ? { allowed: false, retryAfterSeconds: Math.ceil(rule.lockMs / 1000) } : { allowed: true };
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
    if (window.count > rule.max) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.windowStart + rule.windowMs - now) / 1000)) };
    return { allowed: true };
  }

  /** Writes the in-memory query windows (called periodically and at stop). */
  flush(): void {
    for (const [subject, window] of this.queryWindows) {
      this.counters.put({ scope: 'query', subject, window_start: window.windowStart, count: window.count, locked_until: null });
    }
    const now = this.now();
    this.counters.purge(now - 2 * Math.max(...Object.values(this.settings).map((r: LimitRule) => r.windowMs)), now);
  }

  activeLockouts(): number {
    return this.counters.activeLockouts(this.now());
  }
}
