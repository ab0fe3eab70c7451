import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Replaces a whole file so that after a power cut, a crash or a full disk the path holds either the
 * old contents or the complete new ones, never a short or empty file: write a temporary file, fsync
 * it, rename it over the path, fsync the folder (the rename lives in the folder's entry).
 * A short write (ENOSPC) throws before the rename, and the old file stays.
 */
export function writeFileDurably(path: string, data: string | Buffer, mode = 0o600): void {
  const tmp = `${path}.tmp`;
  // A leftover from an interrupted write: start afresh, so the mode below applies.
  rmSync(tmp, { force: true });
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const fd = openSync(tmp, 'wx', mode);
  try {
    for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(tmp, path);
  syncFolder(dirname(path));
}

function syncFolder(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
