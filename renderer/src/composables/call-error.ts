import type { UiError } from '../../../shared/errors';

/**
 * The line the technician and staff panels show for a failed call: its code, then its message (or, where
 * asked, what was wrong with each field the contract refused).
 */
export function errorLine(error: UiError, options: { fieldProblems?: boolean } = {}): string {
  const fields = options.fieldProblems ? (error.details?.['fields'] as { problem: string }[] | undefined) : undefined;
  return `${error.code}: ${fields ? fields.map((f) => f.problem).join('; ') : error.message}`;
}
