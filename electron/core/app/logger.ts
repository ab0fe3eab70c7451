import pino from 'pino';

export type Logger = pino.Logger;

/** Structured logs, one JSON object a line, on stderr so that stdout carries only the READY line. */
export function createLogger(level: string = process.env.KIOSK_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: undefined, redact: ['password', 'token', 'verifyCode', '*.password', '*.token'] }, pino.destination(2));
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
