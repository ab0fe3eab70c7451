import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { TerminalRow, TerminalsRepository } from '../storage/repositories/terminals.repository';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number }) => Promise<Buffer>;
const PARAMS = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;

/** `scrypt$N$r$p$salt$hash`, base64 parts: the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(key, expected);
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Checked when the username is unknown, so that an unknown user costs the same time as a wrong password. */
let decoyHash: Promise<string> | undefined;

export type LoginOutcome = { kind: 'ok'; token: string; expiresIn: number; terminal: TerminalRow } | { kind: 'bad-credentials' } | { kind: 'disabled' };

export class TerminalAuth {
  constructor(
    private readonly terminals: TerminalsRepository,
    private readonly tokenTtlMs: number,
    private readonly now: () => number,
  ) {}

  async register(terminalId: string, username: string, password: string): Promise<void> {
    this.terminals.insert({
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
    return changed;
  }

  /** A new password; every token of the terminal stops working. */
  async rotatePassword(terminalId: string, password: string): Promise<boolean> {
    const changed = this.terminals.setPasswordHash(terminalId, await hashPassword(password));
    if (changed) this.terminals.revokeTokens(terminalId);
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

  async login(username: string, password: string, terminalId: string): Promise<LoginOutcome> {
    const terminal = this.terminals.byUsername(username);
    decoyHash ??= hashPassword(randomBytes(12).toString('hex'));
    const matches = await verifyPassword(password, terminal?.password_hash ?? (await decoyHash));
    if (!terminal || !matches || terminal.terminal_id !== terminalId) return { kind: 'bad-credentials' };
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
    return this.terminals.terminalOfToken(hashToken(token), this.now());
  }
}
