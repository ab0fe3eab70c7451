import type { Db } from '../database';

export type PrintJobState = 'printing' | 'printed' | 'failed' | 'unknown';

/** The terminal's own print journal: `printing` is written before the first byte goes out. */
export class PrintJobsRepository {
  private readonly startStmt;
  private readonly finishStmt;
  private readonly strandedStmt;

  constructor(db: Db) {
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

  /** Jobs a crash left in `printing`: their outcome is unknown. */
  stranded(): { id: number; print_no: string; ticket_code: string }[] {
    return this.strandedStmt.all();
  }
}
