import type { Db } from '../database';
import { isUniqueViolation } from '../sqlite-errors';

export type StaffRole = 'clerk' | 'supervisor' | 'technician';

export interface StaffRow {
  staff_id: number;
  username: string;
  role: StaffRole;
  password_hash: string;
  disabled: number;
  failed_logins: number;
  locked_until: number | null;
  created_at: number;
}

/**
 * Staff accounts. The failed_logins and locked_until columns are no longer written: failure
 * counters live in StaffAuth's LoginGuard, keyed on names whether or not they are accounts.
 */
export class StaffRepository {
  private readonly byNameStmt;
  private readonly insertStmt;
  private readonly countRoleStmt;
  private readonly listStmt;
  private readonly disabledStmt;
  private readonly passwordStmt;

  constructor(db: Db) {
    this.byNameStmt = db.prepare<{ username: string }, StaffRow>('SELECT * FROM staff WHERE username = @username');
    this.insertStmt = db.prepare<{ username: string; role: StaffRole; password_hash: string; now: number }>(
      'INSERT INTO staff (username, role, password_hash, created_at) VALUES (@username, @role, @password_hash, @now)',
    );
    this.countRoleStmt = db.prepare<{ role: StaffRole }, { n: number }>(
      'SELECT COUNT(*) AS n FROM staff WHERE role = @role AND disabled = 0',
    );
    this.listStmt = db.prepare<[], StaffRow>('SELECT * FROM staff ORDER BY role, username');
    this.disabledStmt = db.prepare<{ username: string; disabled: number }>(
      'UPDATE staff SET disabled = @disabled WHERE username = @username',
    );
    this.passwordStmt = db.prepare<{ username: string; hash: string }>(
      'UPDATE staff SET password_hash = @hash, failed_logins = 0, locked_until = NULL WHERE username = @username',
    );
  }

  list(): StaffRow[] {
    return this.listStmt.all();
  }

  setDisabled(username: string, disabled: boolean): void {
    this.disabledStmt.run({ username, disabled: disabled ? 1 : 0 });
  }

  /** A new password also lifts a lockout. */
  setPassword(username: string, passwordHash: string): void {
    this.passwordStmt.run({ username, hash: passwordHash });
  }

  byUsername(username: string): StaffRow | undefined {
    return this.byNameStmt.get({ username });
  }

  /** False when the name is taken (also by a concurrent insert that won the race). */
  insert(username: string, role: StaffRole, passwordHash: string, now: number): boolean {
    try {
      this.insertStmt.run({ username, role, password_hash: passwordHash, now });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  countActive(role: StaffRole): number {
    return this.countRoleStmt.get({ role })?.n ?? 0;
  }
}
