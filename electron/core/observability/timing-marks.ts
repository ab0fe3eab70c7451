import { performance } from 'node:perf_hooks';

/** Receives a named point in time (performance.now()); a bench installs one, production never does. */
export type TimingHook = (mark: string, atMs: number) => void;

let hook: TimingHook | undefined;

/**
 * Installs (or, with undefined, removes) the hook: the collection bench uses it for its breakdown, the
 * sale bench for the time the host waits on central (`central.sent` → `central.answered`, in
 * `central/vista-http.client.ts` and `central/vista-sale.client.ts`) and on the payment gateway
 * (`payment.sent` → `payment.answered`, `payment/alipay.gateway.ts`).
 */
export function setTimingHook(next: TimingHook | undefined): void {
  hook = next;
}

/** A named point on the hot path; costs one comparison when no hook is installed. */
export function timingMark(mark: string): void {
  if (hook) hook(mark, performance.now());
}
