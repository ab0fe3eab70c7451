import type { Db } from '../database';
import { isUniqueViolation } from '../sqlite-errors';

export interface TerminalRow {
  terminal_id: string;
  username: string;
  password_hash: string;
  disabled: number;
  created_at: number;
  last_seen_at: number | null;
}

/** Print-service terminal accounts and their bearer tokens (stored hashed). */
export class TerminalsRepository {
  private readonly byUsernameStmt;
  private readonly byIdStmt;
  private readonly insertStmt;
  private readonly insertTokenStmt;
  private readonly tokenStmt;
  private readonly tokenOfStmt;
  private readonly seenStmt;
  private readonly purgeTokensStmt;
  private readonly disableStmt;
  private readonly listStmt;
  private readonly passwordStmt;
  private readonly revokeStmt;
  private readonly dataVersionStmt;

  constructor(db: Db) {
    this.byUsernameStmt = db.prepare<{ username: string }, TerminalRow>('SELECT * FROM terminals WHERE username = @username');
    this.byIdStmt = db.prepare<{ id: string }, TerminalRow>('SELECT * FROM terminals WHERE terminal_id = @id');
    this.insertStmt = db.prepare<TerminalRow>(
      'INSERT INTO terminals (terminal_id, username, password_hash, disabled, created_at, last_seen_at) VALUES (@terminal_id, @username, @password_hash, @disabled, @created_at, @last_seen_at)',
    );
    this.insertTokenStmt = db.prepare<{ token_hash: string; terminal_id: string; expires_at: number }>(
      'INSERT INTO terminal_tokens (token_hash, terminal_id, expires_at) VALUES (@token_hash, @terminal_id, @expires_at)',
    );
    this.tokenStmt = db.prepare<{ hash: string; now: number }, TerminalRow>(
      `SELECT t.* FROM terminal_tokens k JOIN terminals t ON t.terminal_id = k.terminal_id
       WHERE k.token_hash = @hash AND k.expires_at > @now AND t.disabled = 0`,
    );
    this.tokenOfStmt = db.prepare<{ hash: string; now: number }, TerminalRow & { token_expires_at: number }>(
      `SELECT t.*, k.expires_at AS token_expires_at FROM terminal_tokens k JOIN terminals t ON t.terminal_id = k.terminal_id
       WHERE k.token_hash = @hash AND k.expires_at > @now AND t.disabled = 0`,
    );
    this.seenStmt = db.prepare<{ id: string; now: number }>('UPDATE terminals SET last_seen_at = @now WHERE terminal_id = @id');
    this.purgeTokensStmt = db.prepare<{ now: number }>('DELETE FROM terminal_tokens WHERE expires_at <= @now');
    this.disableStmt = db.prepare<{ id: string; disabled: number }>('UPDATE terminals SET disabled = @disabled WHERE terminal_id = @id');
    this.listStmt = db.prepare<[], TerminalRow>('SELECT * FROM terminals ORDER BY terminal_id');
    this.passwordStmt = db.prepare<{ id: string; hash: string }>('UPDATE terminals SET password_hash = @hash WHERE terminal_id = @id');
    this.revokeStmt = db.prepare<{ id: string }>('DELETE FROM terminal_tokens WHERE terminal_id = @id');
    this.dataVersionStmt = db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  /** Changes whenever another connection (the terminals CLI, another host) commits to the store: what this one read may be stale. */
  changesElsewhere(): number {
    return this.dataVersionStmt.get()!;
  }

  byUsername(username: string): TerminalRow | undefined {
    return this.byUsernameStmt.get({ username });
  }

  byId(terminalId: string): TerminalRow | undefined {
    return this.byIdStmt.get({ id: terminalId });
  }

  /** False when the terminal id or username is taken (also by a concurrent insert). */
  insert(row: TerminalRow): boolean {
    try {
      this.insertStmt.run(row);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  addToken(tokenHash: string, terminalId: string, expiresAt: number): void {
    this.insertTokenStmt.run({ token_hash: tokenHash, terminal_id: terminalId, expires_at: expiresAt });
  }

  /** The enabled terminal a live token belongs to. */
  terminalOfToken(tokenHash: string, now: number): TerminalRow | undefined {
    return this.tokenStmt.get({ hash: tokenHash, now });
  }

  /** The same, with the token's expiry. */
  tokenOf(tokenHash: string, now: number): { terminal: TerminalRow; expiresAt: number } | undefined {
    const row = this.tokenOfStmt.get({ hash: tokenHash, now });
    if (!row) return undefined;
    const { token_expires_at: expiresAt, ...terminal } = row;
    return { terminal, expiresAt };
  }

  markSeen(terminalId: string, now: number): void {
    this.seenStmt.run({ id: terminalId, now });
  }

  setDisabled(terminalId: string, disabled: boolean): boolean {
    return this.disableStmt.run({ id: terminalId, disabled: disabled ? 1 : 0 }).changes === 1;
  }

  list(): TerminalRow[] {
    return this.listStmt.all();
  }

  setPasswordHash(terminalId: string, hash: string): boolean {
    return this.passwordStmt.run({ id: terminalId, hash }).changes === 1;
  }

  revokeTokens(terminalId: string): void {
    this.revokeStmt.run({ id: terminalId });
  }

  purgeExpiredTokens(now: number): void {
    this.purgeTokensStmt.run({ now });
  }
}
