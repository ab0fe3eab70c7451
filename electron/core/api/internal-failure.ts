import { randomUUID } from 'node:crypto';
import { fail, type Result } from '../../../shared/errors';
import { createLogger, type Logger } from '../observability/logger';

let logger: Logger | undefined;

/** Where internal failures are logged; the composition root sets its logger when it starts. */
export function logInternalFailuresTo(target: Logger): void {
  logger = target;
}

/**
 * A call that threw: the client gets a generic INTERNAL with a request id, the log gets the real
 * error under that id. An error's text (`UNIQUE constraint failed: refunds.refund_code`, a file path)
 * tells an attacker about our tables and files, and a staff member nothing they can act on.
 */
export function internalFailure(error: unknown, call: string): Result<never> {
  const requestId = randomUUID();
  logger ??= createLogger();
  const err = error instanceof Error ? { type: error.name, message: error.message, stack: error.stack } : { message: String(error) };
  logger.error({ requestId, call, err }, 'internal error in a UI call');
  // The id in the message too: screens that show the message let staff quote it to a technician.
  return fail('INTERNAL', `internal error (request id ${requestId})`, { requestId });
}
