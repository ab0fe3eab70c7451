/** How a key slows down and locks after failures. */
export interface GuardPolicy {
  /** This many failures in a row lock the key for lockMs (0: never locks, only slows down). */
  lockAfter: number;
  lockMs: number;
  /** The wait before the next try after n failures: 0, 1, 2, 4 … seconds, at most this. */
  maxDelayMs: number;
}

interface Entry {
  failures: number;
  lastAt: number;
  lockedUntil: number;
}

/** Entries kept at most; past this the quietest unlocked ones go first, so a flood of names cannot grow memory. */
const MAX_ENTRIES = 20_000;
/** An entry with no failure for this long is forgotten by the sweep. */
const FORGET_AFTER_MS = 60 * 60_000;

/**
 * Failure counters per key (a name, a name and a source, a name and an approving session), kept
 * whether or not the name is an account, so that "locked" or "wait" never says an account exists.
 * A try counts as a failure when it starts and is forgiven on success: concurrent tries cannot
 * slip past the counter while the password hash runs. Nothing sleeps: a try too early is refused
 * with the time to wait, so the event loop stays free.
 */
export class LoginGuard {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number) {}

  /** Milliseconds to wait before this key may try again; 0 when it may now. */
  waitMs(key: string, policy: GuardPolicy): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    const now = this.now();
    const delay = entry.failures < 2 ? 0 : Math.min(policy.maxDelayMs, 1000 * 2 ** (entry.failures - 2));
    return Math.max(0, entry.lockedUntil - now, entry.lastAt + delay - now);
  }

  /** Counts a try (as a failure until `forgive`); answers the failures so far. */
  count(key: string, policy: GuardPolicy): number {
    const now = this.now();
    const entry = this.entries.get(key) ?? { failures: 0, lastAt: now, lockedUntil: 0 };
    // A lock that ran out starts the count again.
    if (entry.lockedUntil && entry.lockedUntil <= now) Object.assign(entry, { failures: 0, lockedUntil: 0 });
    entry.failures += 1;
    entry.lastAt = now;
    if (policy.lockAfter > 0 && entry.failures >= policy.lockAfter) entry.lockedUntil = now + policy.lockMs;
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > MAX_ENTRIES) this.evictOne();
    return entry.failures;
  }

  forgive(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every key that starts with this prefix (a new password lifts a lockout). */
  forgiveAll(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  isLocked(key: string): boolean {
    return (this.entries.get(key)?.lockedUntil ?? 0) > this.now();
  }

  /** Keys locked now, with their failure counts. */
  locked(prefix: string): { key: string; failures: number; since: number }[] {
    const now = this.now();
    return [...this.entries]
      .filter(([key, e]) => key.startsWith(prefix) && e.lockedUntil > now)
      .map(([key, e]) => ({ key, failures: e.failures, since: e.lastAt }));
  }

  /** Drops entries that are neither locked nor recent. */
  sweep(): void {
    const now = this.now();
    for (const [key, e] of this.entries) if (e.lockedUntil <= now && now - e.lastAt > FORGET_AFTER_MS) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private evictOne(): void {
    const now = this.now();
    // Map order is least recently counted first.
    for (const [key, e] of this.entries) {
      if (e.lockedUntil <= now) {
        this.entries.delete(key);
        return;
      }
    }
    this.entries.delete(this.entries.keys().next().value!);
  }
}
