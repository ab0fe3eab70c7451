import { fail, type Result } from '../../../shared/errors';
import { CentralError } from '../central/central-api';
import { VistaCode } from '../central/response-codes';

/** A central failure as the screens hear it: one code each, the adapter's message for the log and the technician. */
export function centralRefusal(error: unknown): Result<never> {
  if (!(error instanceof CentralError)) throw error;
  if (error.failure === 'rejected' && error.vistaCode === VistaCode.InvalidRequestData)
    return fail('NOT_FOUND', 'central does not know this session', { central: error.message });
  return fail('CENTRAL_UNREACHABLE', 'the central system did not answer', { failure: error.failure, central: error.message });
}
