/**
 * SQLite result codes that mean the store itself is failing (full disk, I/O error, damaged file,
 * read-only file), as opposed to a refused statement (a constraint, a busy lock). Extended codes
 * (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED, …) count as their primary code.
 */
const FAILING = ['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_PERM'];

export function isStoreFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && FAILING.some((primary) => code === primary || code.startsWith(`${primary}_`));
}

/** What the kiosk and the print service say when the store fails: never "central unreachable". */
export const STORE_FAILING_MESSAGE = 'store failing: the kiosk is out of service';
