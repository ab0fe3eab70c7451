import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let available: string | undefined;

/** Why a tmpfs cannot be mounted here (not root, no mount permission), or '' when it can. Asked once. */
export function tmpfsUnavailableReason(): string {
  if (available !== undefined) return available;
  const dir = mkdtempSync(join(tmpdir(), 'tmpfs-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    available = '';
  } catch (error) {
    available = `cannot mount a tmpfs here: ${(error as Error).message.split('\n')[0]}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return available;
}

/**
 * Runs `run` with a freshly mounted tmpfs of `sizeKb` kilobytes (a real small disk: writes fail with
 * ENOSPC once it is full), unmounted afterwards. Needs root; check tmpfsUnavailableReason() first.
 */
export async function withTinyTmpfs<T>(sizeKb: number, run: (dir: string) => Promise<T> | T): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'tiny-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  try {
    return await run(dir);
  } finally {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Fills the file system of `dir` up to the last page with one filler file; returns its path (delete it to free the space). */
export function fillUp(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(4096, 0x55);
  try {
    // Bounded: a tmpfs mounted here is at most a few megabytes.
    for (let i = 0; i < 1_000_000; i += 1) {
      try {
        writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return path;
        throw error;
      }
    }
    throw new Error(`${dir} did not fill up`);
  } finally {
    closeSync(fd);
  }
}
