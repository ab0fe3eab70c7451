import type { AuditEntry, AuditLog } from '../audit/audit-log';

interface Window {
  start: number;
  last: number;
  /** Refusals after the first, by result code. */
  codes: Record<string, number>;
  count: number;
  terminalId: string | null;
  source: string;
}

/** Keeps memory bounded whatever the number of callers: past it, windows are written out early. */
const MAX_WINDOWS = 5_000;

/**
 * Audits the print service's refusals without letting a flood fill the store: per caller (a
 * terminal, or the source address of an unauthenticated one) the first refusal of a window is
 * written in full, the rest of that window are counted and written as one summary row when the
 * window ends (at the next refusal, at flush(), or at stop). One row per caller per window at most
 * two, whatever the rate.
 */
export class RefusalAudit {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly audit: AuditLog,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  record(entry: AuditEntry & { terminalId: string | null; details: { code: number; source: string } & Record<string, unknown> }): void {
    const now = this.now();
    const existing = this.windows.get(entry.actor);
    if (existing && now - existing.start < this.windowMs) {
      existing.count += 1;
      existing.last = now;
      const code = String(entry.details.code);
      existing.codes[code] = (existing.codes[code] ?? 0) + 1;
      return;
    }
    if (existing) this.writeSummary(entry.actor, existing);
    else if (this.windows.size >= MAX_WINDOWS) this.flush(true);
    this.audit.append(entry);
    this.windows.set(entry.actor, {
      start: now,
      last: now,
      codes: {},
      count: 0,
      terminalId: entry.terminalId,
      source: entry.details.source,
    });
  }

  /** Writes the summaries of ended windows; `all` writes every one (at stop). */
  flush(all = false): void {
    const now = this.now();
    for (const [actor, window] of this.windows) {
      if (all || now - window.start >= this.windowMs) this.writeSummary(actor, window);
    }
  }

  private writeSummary(actor: string, window: Window): void {
    this.windows.delete(actor);
    if (window.count === 0) return;
    this.audit.append({
      actor,
      terminalId: window.terminalId,
      action: 'print-service.refused-repeatedly',
      subject: actor,
      details: {
        count: window.count,
        codes: window.codes,
        source: window.source,
        from: new Date(window.start).toISOString(),
        to: new Date(window.last).toISOString(),
      },
    });
  }
}
