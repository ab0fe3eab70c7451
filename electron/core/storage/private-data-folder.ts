import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data folder holds the host secret, the sealed central token, password hashes and the admission
 * QR payloads of every booking: only the service user may read it. Made 0700 when new, and the modes
 * of a folder from an older version (0755, files 0644) are tightened at every start: the folder and
 * what lies directly in it (nothing deeper is reachable by others once the folder is 0700).
 * Symbolic links are left alone (chmod would follow them out of the folder).
 */
export function makeDataFolderPrivate(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    // The owner's bits stay as they are (0644 becomes 0600), the group's and others' go.
    if ((stat.isFile() || stat.isDirectory()) && (stat.mode & 0o077) !== 0) chmodSync(path, stat.mode & 0o700);
  }
}
