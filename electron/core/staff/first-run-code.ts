import { randomInt, timingSafeEqual, createHash } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * The one-time code that the first-run setup needs besides the page secret: whoever reaches the
 * UI port has that secret, so the code comes out of band, on the host's console and in a file
 * only the host's user can read (0600). Used once, the file goes.
 */
export class FirstRunCode {
  constructor(readonly path: string) {}

  /** The code in the file, or a new one written there; the host prints it at a first start. */
  issue(): string {
    const existing = this.read();
    if (existing) {
      // Left from an earlier start: still for the host's user only.
      chmodSync(this.path, 0o600);
      return existing;
    }
    const code = Array.from({ length: 3 }, () => String(randomInt(0, 10_000)).padStart(4, '0')).join('-');
    try {
      writeFileSync(this.path, `${code}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process wrote it first: theirs stands.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return this.read() ?? code;
    }
    chmodSync(this.path, 0o600);
    return code;
  }

  /** Whether a code typed in is the one in the file (dashes and spaces ignored). */
  matches(typed: string): boolean {
    const code = this.read();
    if (!code) return false;
    const digest = (s: string) => createHash('sha256').update(s.replace(/[\s-]/gu, '')).digest();
    return timingSafeEqual(digest(typed), digest(code));
  }

  /** Removes the file once a technician exists. */
  consume(): void {
    rmSync(this.path, { force: true });
  }

  private read(): string | undefined {
    try {
      return readFileSync(this.path, 'utf8').trim() || undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}
