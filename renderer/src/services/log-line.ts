/** One line of the host's log (pino JSON), as a technician reads it. */
export interface LogLine {
  /** Epoch ms, or null when the line carried no time. */
  atMs: number | null;
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  message: string;
  /** The line's own fields (path, reason, code, …), without the process's (pid, hostname). */
  fields: [string, string][];
}

const LEVELS: Record<number, LogLine['level']> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'v']);

const show = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** Parses one log line; a line that is not pino's JSON is kept whole as an info message. */
export function parseLogLine(raw: string): LogLine {
  let entry: unknown;
  try {
    entry = JSON.parse(raw);
  } catch {
    return { atMs: null, level: 'info', message: raw, fields: [] };
  }
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return { atMs: null, level: 'info', message: raw, fields: [] };
  const record = entry as Record<string, unknown>;
  const level = typeof record.level === 'number' ? (LEVELS[record.level] ?? 'info') : 'info';
  const atMs = typeof record.time === 'number' ? record.time : typeof record.time === 'string' ? Date.parse(record.time) || null : null;
  const fields = Object.entries(record)
    .filter(([k]) => !HIDDEN.has(k))
    .map(([k, v]) => [k, show(v).slice(0, 300)] as [string, string]);
  return { atMs, level, message: typeof record.msg === 'string' ? record.msg : '', fields };
}
