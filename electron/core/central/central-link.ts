import { Agent } from 'undici';

/** The timeouts of a connection to central or to the cinema's SarftKioskService. */
export interface LinkTimeouts {
  connectTimeoutMs: number;
  /** Each of the headers and the body may take this long. */
  requestTimeoutMs: number;
}

/** One connection pool for a central peer: its timeouts, and idle sockets closed after 4 s (before a peer's own keep-alive ends). */
export function centralAgent(timeouts: LinkTimeouts): Agent {
  return new Agent({
    connect: { timeout: timeouts.connectTimeoutMs },
    headersTimeout: timeouts.requestTimeoutMs,
    bodyTimeout: timeouts.requestTimeoutMs,
    keepAliveTimeout: 4_000,
  });
}

/** What /healthz says of a link: null until the first call. */
export interface LinkHealthReport {
  reachable: boolean | null;
  lastOkAt: string | null;
  lastError: string | null;
}

/**
 * What the last calls over a link saw, for /healthz: an answer makes it reachable; a call that could
 * not be sent or whose outcome is unknown makes it unreachable. A refusal says nothing about the link.
 */
export class LinkHealth {
  private reachable: boolean | null = null;
  private lastOkAt: number | null = null;
  private lastError: string | null = null;

  /** `errorType`: the client's own error, whose `failure` says whether the call reached the peer. */
  constructor(private readonly errorType: abstract new (...args: never[]) => Error & { failure: string }) {}

  /** Runs one call and notes what it says of the link; its result or error passes through unchanged. */
  async track<T>(call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      this.reachable = true;
      this.lastOkAt = Date.now();
      return result;
    } catch (error) {
      if (error instanceof this.errorType && (error.failure === 'unreachable' || error.failure === 'unknown-outcome')) {
        this.reachable = false;
        this.lastError = error.message;
      }
      throw error;
    }
  }

  /** A new address: nothing is known of it yet (the last success and error stay, for the technician). */
  forget(): void {
    this.reachable = null;
  }

  report(): LinkHealthReport {
    return { reachable: this.reachable, lastOkAt: this.lastOkAt ? new Date(this.lastOkAt).toISOString() : null, lastError: this.lastError };
  }
}
