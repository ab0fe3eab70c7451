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

/** Structured logs, one JSON object a line, on stderr (stdout carries only the READY line), and in the tail. */
export function createLogger(level: string = process.env.KIOSK_LOG_LEVEL ?? 'info'): Logger {
  return pino(
    { level, base: undefined, redact: ['password', 'token', 'verifyCode', '*.password', '*.token'] },
    pino.multistream([{ level: level as pino.Level, stream: pino.destination(2) }, { level: 'info', stream: logTail }]),
  );
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
