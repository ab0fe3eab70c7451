import { statfsSync } from 'node:fs';
import type { HealthProbeRepository } from './repositories/health-probe.repository';

const NOTED_FAILURE_SHOWN_MS = 60 * 60_000;

export interface StoreHealthSettings {
  /** Free space on the data folder's filesystem below which the store counts as failing. */
  minFreeMb: number;
  /** …or below this share of the filesystem, whichever is smaller (a small disk is not always "full"). */
  minFreePercent: number;
}

export type StoreHealthReport = { ok: true; freeBytes: number } | { ok: false; freeBytes: number | null; problem: string };

/**
 * Whether the store can still take writes: a tiny write in a transaction, free disk on the data
 * folder's filesystem, and the last failure a caller noted (a failed audit write, a failed booking
 * write). A store failure must show on /healthz and the staff screens, not as "central unreachable".
 */
export class StoreHealth {
  private lastFailure: { at: number; what: string } | undefined;

  constructor(
    private readonly deps: { probe: HealthProbeRepository; dataDir: string; now: () => number; settings: () => StoreHealthSettings },
  ) {}

  check(): StoreHealthReport {
    const now = this.deps.now();
    let freeBytes: number | null = null;
    const problems: string[] = [];
    try {
      this.deps.probe.touch(now);
    } catch (error) {
      problems.push(`write probe failed: ${(error as Error).message}`);
    }
    try {
      const fs = statfsSync(this.deps.dataDir);
      freeBytes = Number(fs.bavail) * Number(fs.bsize);
      const total = Number(fs.blocks) * Number(fs.bsize);
      const { minFreeMb, minFreePercent } = this.deps.settings();
      const threshold = Math.min(minFreeMb * 1024 * 1024, (total * minFreePercent) / 100);
      if (freeBytes < threshold)
        problems.push(
          `disk nearly full: ${Math.floor(freeBytes / 1024)} KiB free in ${this.deps.dataDir}, below ${Math.ceil(threshold / 1024)} KiB`,
        );
    } catch (error) {
      problems.push(`free disk unknown: ${(error as Error).message}`);
    }
    // A failure noted by a caller (e.g. the audit table refusing writes) may not show in the probe:
    // it stays on the report for a while so that someone sees it.
    if (this.lastFailure && now - this.lastFailure.at > NOTED_FAILURE_SHOWN_MS) this.lastFailure = undefined;
    if (this.lastFailure) problems.push(`${this.lastFailure.what} at ${new Date(this.lastFailure.at).toISOString()}`);
    return problems.length === 0 ? { ok: true, freeBytes: freeBytes ?? 0 } : { ok: false, freeBytes, problem: problems.join('; ') };
  }

  /** A write elsewhere failed (the audit of a sign-in, a booking): remembered for /healthz and the staff screens. */
  noteFailure(what: string): void {
    this.lastFailure = { at: this.deps.now(), what };
  }

  /** The last noted failure, for the technician's screen. */
  alert(): { at: string; what: string } | undefined {
    return this.lastFailure ? { at: new Date(this.lastFailure.at).toISOString(), what: this.lastFailure.what } : undefined;
  }
}
