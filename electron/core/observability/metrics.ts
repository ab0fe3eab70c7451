import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The host's Prometheus metrics; one registry per host so that several hosts can share a process (tests). */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'sarft_requests_total',
    help: 'Print-service requests by call and result code',
    labelNames: ['call', 'code'] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'sarft_request_duration_seconds',
    help: 'Print-service request latency by call',
    labelNames: ['call'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** Password hashes run for print-service logins, by lane: bounded whatever the flood. */
  readonly passwordChecks = new Counter({
    name: 'sarft_password_checks_total',
    help: 'Password checks (scrypt) run for print-service logins, by lane',
    labelNames: ['lane'] as const,
    registers: [this.registry],
  });
  readonly limitRefusals = new Counter({
    name: 'sarft_limit_refusals_total',
    help: 'Print-service requests refused by an abuse limit, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  // Label children looked up once per (call, code): prom-client hashes the label object on every inc/observe otherwise.
  private readonly requestsByCallCode = new Map<string, Counter.Internal>();
  private readonly latencyByCall = new Map<string, Histogram.Internal<'call'>>();

  /** One print-service request answered: counted by call and result code, and its latency (when it reached a call) observed. */
  callAnswered(call: string, code: number, seconds?: number): void {
    const key = `${call}\u0000${code}`;
    let counter = this.requestsByCallCode.get(key);
    if (!counter) this.requestsByCallCode.set(key, (counter = this.requests.labels({ call, code: String(code) })));
    counter.inc();
    if (seconds === undefined) return;
    let histogram = this.latencyByCall.get(call);
    if (!histogram) this.latencyByCall.set(call, (histogram = this.latency.labels({ call })));
    histogram.observe(seconds);
  }

  /** Gauges read at scrape time from the store. */
  gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
