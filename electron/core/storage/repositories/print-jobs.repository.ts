import { withoutFlush, type Db } from '../database';

export type PrintJobState = 'printing' | 'printed' | 'failed' | 'unknown';

/** The terminal's own print journal: `printing` is written before the first byte goes out. */
export class PrintJobsRepository {
  private readonly db: Db;
  private readonly startStmt;
  private readonly finishStmt;
  private readonly strandedStmt;

  constructor(db: Db) {
    this.db = db;
    this.startStmt = db.prepare<{ print_no: string; ticket_code: string; now: number }>(
      "INSERT INTO print_jobs (print_no, ticket_code, state, started_at) VALUES (@print_no, @ticket_code, 'printing', @now)",
    );
    this.finishStmt = db.prepare<{ id: number; state: PrintJobState; now: number }>(
      'UPDATE print_jobs SET state = @state, finished_at = @now WHERE id = @id',
    );
    this.strandedStmt = db.prepare<[], { id: number; print_no: string; ticket_code: string }>(
      "SELECT id, print_no, ticket_code FROM print_jobs WHERE state = 'printing' ORDER BY id",
    );
  }

  start(printNo: string, ticketCode: string, now: number): number {
    return Number(this.startStmt.run({ print_no: printNo, ticket_code: ticketCode, now }).lastInsertRowid);
  }

  finish(id: number, state: PrintJobState, now: number): void {
    this.finishStmt.run({ id, state, now });
  }

  /**
   * A ticket's `printed` mark, committed without an fsync of its own, for a terminal whose print-result
   * is committed (with synchronous=FULL) into this same store right after: that commit's fsync flushes
   * this one too, since the write-ahead log is made durable in order. A power cut before it leaves the
   * job `printing`, which start-up turns unknown, as it does the tickets of the claim that print-result
   * never settled: one fsync for both, and either both marks survive or neither does. Never for the
   * `printing` mark, which must be on disk before the first byte goes out.
   */
  finishPrintedFlushedByPrintResult(id: number, now: number): void {
    withoutFlush(this.db, () => this.finish(id, 'printed', now));
  }

  /** Jobs a crash left in `printing`: their outcome is unknown. */
  stranded(): { id: number; print_no: string; ticket_code: string }[] {
    return this.strandedStmt.all();
  }
}
