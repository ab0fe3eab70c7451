import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The host's Prometheus metrics; one registry per host so that several hosts can share a process (tests). */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'sarft_requests_total', help: 'Print-service requests by call and result code', labelNames: ['call', 'code'] as const, registers: [this.registry] });
  readonly latency = new Histogram({
    name: 'sarft_request_duration_seconds',
    help: 'Print-service request latency by call',
    labelNames: ['call'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** Password hashes run for print-service logins, by lane: bounded whatever the flood. */
  readonly passwordChecks = new Counter({ name: 'sarft_password_checks_total', help: 'Password checks (scrypt) run for print-service logins, by lane', labelNames: ['lane'] as const, registers: [this.registry] });
  readonly limitRefusals = new Counter({ name: 'sarft_limit_refusals_total', help: 'Print-service requests refused by an abuse limit, by reason', labelNames: ['reason'] as const, registers: [this.registry] });

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
