import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './host-process';

export type Tmpfs = { ok: true; dir: string; unmount(): void } | { ok: false; reason: string };

/**
 * A small tmpfs of its own, to fill up for full-disk tests. Needs root and a sandbox that allows
 * mount(2); elsewhere it answers why not, and the test skips with that reason.
 */
export function mountTmpfs(sizeMb: number): Tmpfs {
  if (process.platform !== 'linux') return { ok: false, reason: 'tmpfs mounts need Linux' };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'mounting a tmpfs needs root' };
  const dir = tempDir('tmpfs');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return { ok: false, reason: `mount -t tmpfs is not permitted here: ${(mounted.stderr || mounted.error?.message || '').trim()}` };
  }
  return {
    ok: true,
    dir,
    unmount: () => {
      spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fills the filesystem of `dir` to the last page (big chunks, then 4 KiB ones); answers a function that frees it again. */
export function fillDisk(dir: string): () => void {
  const path = join(dir, 'filler.bin');
  const fd = openSync(path, 'w');
  try {
    for (const size of [1 << 20, 4096, 512]) {
      const chunk = Buffer.alloc(size, 0x55);
      // Bounded: a tmpfs of a few MB fills in a few hundred writes.
      for (let i = 0; i < 1_000_000; i += 1) {
        try {
          writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return () => unlinkSync(path);
}

export function ensureDir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}
