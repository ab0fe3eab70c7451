import type { Logger } from '../observability/logger';

/** What one worker does with its table: which rows are due, and one attempt at one row. */
export interface DueRowWork<Row> {
  /** The rows whose next attempt is due now, oldest first (a bounded batch). */
  due(): readonly Row[];
  /**
   * One attempt at one row, with the worker's own rules (what is sent, what is retried, what goes to
   * staff), its outcome committed by the worker. `true`: the row is finished, so more may be waiting
   * and the runner looks again at once; otherwise the next pass waits `pollMs`.
   */
  handle(row: Row): Promise<boolean | void>;
}

export interface DueRowRunnerOptions {
  /** Names the loop in the log ("mail outbox"). */
  name: string;
  logger: Logger;
  /** The pause after a pass that finished nothing; read at each pass (a technician may change it). */
  pollMs: () => number;
  /** Rows attempted at once (default 1: one at a time, in the order `due` gives). */
  width?: number;
}

/**
 * The loop every durable worker runs over its table of due rows: a pass reads the due rows and attempts
 * them, then the next pass comes at once when a row finished, else after `pollMs`. A wake starts a pass
 * now; during a pass it asks for another right after it (the pass may have read the rows before the
 * woken row was committed, and it must not wait `pollMs`). Stop lets the running pass end (no row is
 * left half-attempted) and starts no other. A pass that throws is logged and the loop goes on: the rows stay due in the store.
 */
export class DueRowRunner<Row> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** A wake came while a pass ran: the next pass comes at once. */
  private wokenDuringPass = false;

  constructor(
    private readonly work: DueRowWork<Row>,
    private readonly options: DueRowRunnerOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** A pass now: called after a commit that made a row due. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.wokenDuringPass = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Resolves when no pass is running. */
  async idle(): Promise<void> {
    await this.running;
  }

  /** One pass over the due rows; answers how many finished. */
  async runOnce(): Promise<number> {
    const rows = this.work.due();
    const width = this.options.width ?? 1;
    let finished = 0;
    for (let i = 0; i < rows.length && !this.stopped; i += width) {
      const outcomes = await Promise.all(rows.slice(i, i + width).map((row) => this.work.handle(row)));
      finished += outcomes.filter((done) => done === true).length;
    }
    return finished;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.wokenDuringPass = false;
      this.running = this.runOnce()
        .catch((error: unknown) => {
          this.options.logger.error({ err: (error as Error).message }, `${this.options.name} pass failed`);
          return 0;
        })
        .then((finished) => {
          this.running = undefined;
          if (!this.stopped) this.schedule(finished > 0 || this.wokenDuringPass ? 0 : this.options.pollMs());
        });
    }, delayMs);
    this.timer.unref();
  }
}

/**
 * When a failed row is tried again: exponential in its attempts so far, capped at `maxDelayMs`, and
 * jittered over the upper half so that rows which failed together do not all come back together.
 * `2 ** attempts` grows to Infinity for a row tried very often, and the cap still holds.
 */
export function retryAt(
  now: number,
  attempts: number,
  delays: { baseDelayMs: number; maxDelayMs: number },
  random: () => number = Math.random,
): number {
  const exponential = Math.min(delays.maxDelayMs, delays.baseDelayMs * 2 ** attempts);
  return Math.round(now + exponential / 2 + random() * (exponential / 2));
}
