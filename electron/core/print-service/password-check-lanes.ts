/**
 * Bounds the password hashing (scrypt, on libuv's small thread pool) that unauthenticated callers
 * can start. Two lanes: `first` for a source in good standing (its first login this window, no
 * failures), `repeat` for everyone else. A flood from a few sources fills only `repeat`, so a
 * kiosk logging in as usual never queues behind it. Past a lane's queue a check is refused at once.
 */
export type PasswordLane = 'first' | 'repeat';

export interface LaneSettings {
  /** Password checks running at once in each lane. */
  concurrent: number;
  /** Checks that may wait for a free place in each lane; more are refused. */
  queue: number;
}

class Lane {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly settings: LaneSettings) {}

  async run<T>(work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    if (this.running >= this.settings.concurrent) {
      if (this.waiting.length >= this.settings.queue) return { ran: false };
      // The place is handed over by the check that ends: `running` already counts this one.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return { ran: true, value: await work() };
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

export class PasswordCheckLanes {
  private readonly lanes: Record<PasswordLane, Lane>;

  constructor(settings: LaneSettings) {
    this.lanes = { first: new Lane(settings), repeat: new Lane(settings) };
  }

  run<T>(lane: PasswordLane, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    return this.lanes[lane].run(work);
  }
}
