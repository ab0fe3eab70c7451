import { fail, ok, type Result } from '../../../shared/errors';
import type { ShiftReportLine } from '../../../shared/contract/ui';
import type { AuditLog } from '../audit/audit-log';
import { toIsoWithOffset } from '../central/vista-date';
import type { SlipPrinter } from '../printing/slip-printer';
import { wallClock } from '../printing/ticket-layout';
import { cinemaClock } from '../../../shared/domain/cinema-time';
import type { StaffSession } from '../staff/staff-auth';
import { wrongRole } from '../staff/role-guard';
import type { BookingsRepository } from '../storage/repositories/bookings.repository';
import type { LedgerRepository } from '../storage/repositories/ledger.repository';
import type { SaleTotalsRepository } from '../storage/repositories/sale-totals.repository';
import type { ShiftSaleTotals } from '../../../shared/contract/office';
import { shiftReportCsv, shiftReportLines, shiftSaleTotals, shiftSlip } from './shift-report';

export const MAX_REPORT_DAYS = 92;

export interface ReportFilter {
  /** ISO times; the report covers [from, to). */
  from: string;
  to: string;
  clerk?: string;
  terminalId?: string;
}

interface ScopedReport {
  from: string;
  to: string;
  clerk: string | undefined;
  lines: ShiftReportLine[];
  totals: ShiftReportLine;
  sales?: ShiftSaleTotals;
}

export interface ShiftReportDeps {
  ledger: Pick<LedgerRepository, 'totals'>;
  /** The sale's money steps (a host that sells); none: the report has no sales section. */
  sales?: Pick<SaleTotalsRepository, 'moneySteps'>;
  bookings: Pick<BookingsRepository, 'anyCinemaName'>;
  slips: SlipPrinter;
  audit: AuditLog;
  terminalId: string;
  cinemaOffsetMinutes: number;
  /** The cinema's IANA zone: the slip's times are printed in it. */
  timeZone?: string;
  /** The slip's heading when no booking names the cinema yet. */
  cinemaIdFallback: () => string;
}

/** The shift report from the ledger: a clerk sees their own lines, a supervisor anyone's; as a table, CSV, or a printed summary slip. */
export class ShiftReportService {
  constructor(private readonly deps: ShiftReportDeps) {}

  /** A time on the slip: the cinema's zone when configured, else the wall clock the offset gives. */
  private clock(iso: string): string {
    return this.deps.timeZone ? cinemaClock(iso, this.deps.timeZone) : wallClock(iso);
  }

  report(filter: ReportFilter, who: StaffSession): Result<Omit<ScopedReport, 'clerk'> & { csv: string }> {
    const report = this.scoped(filter, who);
    if (!report.ok) return report;
    const { from, to, lines, totals, sales } = report.value;
    return ok({ from, to, lines, totals, ...(sales ? { sales } : {}), csv: shiftReportCsv(lines, totals) });
  }

  /** The summary slip; its printing (or not) is audited. */
  async print(filter: ReportFilter, who: StaffSession): Promise<Result<{ printed: boolean }>> {
    const report = this.scoped(filter, who);
    if (!report.ok) return report;
    const { from, to, clerk, lines, totals, sales } = report.value;
    const cinemaName = this.deps.bookings.anyCinemaName() ?? this.deps.cinemaIdFallback();
    const scope = { ...(clerk ? { clerk } : {}), ...(filter.terminalId ? { terminalId: filter.terminalId } : {}) };
    const printed = await this.deps.slips.print(
      shiftSlip(cinemaName, { from: this.clock(from), to: this.clock(to) }, scope, lines, totals, who.username, sales),
    );
    this.deps.audit.append({
      actor: `staff:${who.username}`,
      terminalId: this.deps.terminalId,
      action: 'report.printed',
      subject: 'report',
      details: { from, to, clerk: clerk ?? null, terminalId: filter.terminalId ?? null, printed },
    });
    return ok({ printed });
  }

  private scoped(filter: ReportFilter, who: StaffSession): Result<ScopedReport> {
    const from = Date.parse(filter.from);
    const to = Date.parse(filter.to);
    if (!(from < to)) return fail('VALIDATION', 'the report must end after it starts', { field: 'to' });
    if (to - from > MAX_REPORT_DAYS * 86_400_000)
      return fail('VALIDATION', `a report covers at most ${MAX_REPORT_DAYS} days`, { field: 'from' });
    // A clerk sees their own work; a supervisor anyone's.
    if (who.role === 'clerk' && filter.clerk !== undefined && filter.clerk !== who.username)
      return wrongRole('clerks see their own shift report');
    const clerk = who.role === 'clerk' ? who.username : filter.clerk;
    const rows = this.deps.ledger.totals(from, to, {
      ...(clerk ? { actor: `staff:${clerk}` } : {}),
      ...(filter.terminalId ? { terminalId: filter.terminalId } : {}),
    });
    const { lines, totals } = shiftReportLines(rows);
    const sales =
      this.deps.sales &&
      shiftSaleTotals(
        this.deps.sales.moneySteps(from, to, {
          ...(clerk ? { actor: `staff:${clerk}` } : {}),
          ...(filter.terminalId ? { terminalId: filter.terminalId } : {}),
        }),
      );
    const cinemaTime = (ms: number) => toIsoWithOffset({ epochMs: ms, offsetMinutes: this.deps.cinemaOffsetMinutes });
    return ok({ from: cinemaTime(from), to: cinemaTime(to), clerk, lines, totals, ...(sales ? { sales } : {}) });
  }
}
