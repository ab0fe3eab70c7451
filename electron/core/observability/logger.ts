import pino from 'pino';

export type Logger = pino.Logger;

/** The last log lines, kept in memory for the technician's diagnostics. */
export class LogTail {
  private readonly lines: string[] = [];

  constructor(private readonly size = 200) {}

  write(line: string): void {
    this.lines.push(line.trimEnd());
    if (this.lines.length > this.size) this.lines.shift();
  }

  tail(n = 100): string[] {
    return this.lines.slice(-n);
  }
}

export const logTail = new LogTail();

/**
 * JSON escapes C0 controls but leaves DEL, C1 (NEL U+0085 breaks lines in some viewers), the Unicode
 * line separators and bidi overrides raw: escaped here, so a hostile scan or film title can neither
 * split a log line nor reorder what a technician reads. They only occur inside JSON strings, where
 * `\uXXXX` is the same character.
 */
const UNSAFE_IN_LOG = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;
export const escapeLogLine = (line: string): string =>
  line.replace(UNSAFE_IN_LOG, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Structured logs, one JSON object a line, on stderr (stdout carries only the READY line), and in the tail. */
export function createLogger(level: string = process.env.KIOSK_LOG_LEVEL ?? 'info'): Logger {
  return pino(
    { level, base: undefined, redact: ['password', 'token', 'verifyCode', '*.password', '*.token'], hooks: { streamWrite: escapeLogLine } },
    pino.multistream([
      { level: level as pino.Level, stream: pino.destination(2) },
      { level: 'info', stream: logTail },
    ]),
  );
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
