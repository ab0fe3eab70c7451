import { createHash, randomBytes } from 'node:crypto';
import { decoyHash, hashPassword, verifyPassword } from '../security/passwords';
import type { TerminalRow, TerminalsRepository } from '../storage/repositories/terminals.repository';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A token checked a moment ago, so that a busy kiosk's queries do not each read the store for it. */
interface RememberedToken {
  terminal: TerminalRow;
  sessionId: string;
  tokenExpiresAt: number;
  rememberedUntil: number;
}

/** How long a token's check is reused at most; any write by another connection (the CLI disabling a terminal) forgets every one at once. */
const REMEMBER_TOKEN_MS = 2_000;
const MAX_REMEMBERED_TOKENS = 1_024;

export type LoginOutcome =
  { kind: 'ok'; token: string; expiresIn: number; terminal: TerminalRow } | { kind: 'bad-credentials' } | { kind: 'disabled' };

export class TerminalAuth {
  private readonly remembered = new Map<string, RememberedToken>();
  private rememberedAtVersion = -1;

  constructor(
    private readonly terminals: TerminalsRepository,
    private readonly tokenTtlMs: number,
    private readonly now: () => number,
  ) {}

  /** False when the terminal id or username is taken, also by a registration that ran meanwhile. */
  async register(terminalId: string, username: string, password: string): Promise<boolean> {
    return this.terminals.insert({
      terminal_id: terminalId,
      username,
      password_hash: await hashPassword(password),
      disabled: 0,
      created_at: this.now(),
      last_seen_at: null,
    });
  }

  isRegistered(terminalId: string): boolean {
    return this.terminals.byId(terminalId) !== undefined;
  }

  /** A disabled terminal's tokens stop working at once: authenticate() checks the flag on every call. */
  setDisabled(terminalId: string, disabled: boolean): boolean {
    const changed = this.terminals.setDisabled(terminalId, disabled);
    if (changed && disabled) this.terminals.revokeTokens(terminalId);
    this.remembered.clear();
    return changed;
  }

  /** A new password; every token of the terminal stops working. */
  async rotatePassword(terminalId: string, password: string): Promise<boolean> {
    const changed = this.terminals.setPasswordHash(terminalId, await hashPassword(password));
    if (changed) this.terminals.revokeTokens(terminalId);
    this.remembered.clear();
    return changed;
  }

  list(): { terminalId: string; username: string; disabled: boolean; createdAt: string; lastSeenAt: string | null }[] {
    return this.terminals.list().map((t) => ({
      terminalId: t.terminal_id,
      username: t.username,
      disabled: t.disabled === 1,
      createdAt: new Date(t.created_at).toISOString(),
      lastSeenAt: t.last_seen_at ? new Date(t.last_seen_at).toISOString() : null,
    }));
  }

  /**
   * `terminalId` undefined (the seed's auth has only username and password): the account's own terminal.
   * An account is exactly one terminal (terminals.username is unique), so nothing is left to choose.
   */
  async login(username: string, password: string, terminalId: string | undefined): Promise<LoginOutcome> {
    const terminal = this.terminals.byUsername(username);
    const matches = await verifyPassword(password, terminal?.password_hash ?? (await decoyHash()));
    if (!terminal || !matches || (terminalId !== undefined && terminal.terminal_id !== terminalId)) return { kind: 'bad-credentials' };
    if (terminal.disabled) return { kind: 'disabled' };
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    this.terminals.purgeExpiredTokens(now);
    this.terminals.addToken(hashToken(token), terminal.terminal_id, now + this.tokenTtlMs);
    this.terminals.markSeen(terminal.terminal_id, now);
    return { kind: 'ok', token, expiresIn: Math.floor(this.tokenTtlMs / 1000), terminal };
  }

  /** The terminal behind a bearer token, if the token lives and the terminal is enabled. */
  authenticate(token: string): TerminalRow | undefined {
    return this.session(token)?.terminal;
  }

  /**
   * The terminal behind a bearer token and the session id (the token's hash). A token checked within
   * the last two seconds is not read again, unless the store changed meanwhile: disabling or rotating
   * here forgets every remembered token, and so does any commit by another connection (data_version).
   * `changesElsewhere`: data_version as the caller read it just now (the gate reads it once per call).
   */
  session(token: string, changesElsewhere?: number): { terminal: TerminalRow; sessionId: string } | undefined {
    const now = this.now();
    const version = changesElsewhere ?? this.terminals.changesElsewhere();
    if (version !== this.rememberedAtVersion) {
      this.remembered.clear();
      this.rememberedAtVersion = version;
    }
    // Keyed by the token itself, which this process holds for the request anyway: a remembered token costs no hash.
    const known = this.remembered.get(token);
    if (known && now < known.rememberedUntil && now < known.tokenExpiresAt) return { terminal: known.terminal, sessionId: known.sessionId };
    this.remembered.delete(token);
    const sessionId = hashToken(token);
    const found = this.terminals.tokenOf(sessionId, now);
    if (!found) return undefined;
    if (this.remembered.size >= MAX_REMEMBERED_TOKENS) this.remembered.clear();
    this.remembered.set(token, {
      terminal: found.terminal,
      sessionId,
      tokenExpiresAt: found.expiresAt,
      rememberedUntil: now + REMEMBER_TOKEN_MS,
    });
    return { terminal: found.terminal, sessionId };
  }
}
