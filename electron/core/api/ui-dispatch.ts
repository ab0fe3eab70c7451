import { uiContract, type UiCallName, type UiInput, type UiOutput } from '../../../shared/contract/ui';
import { fail, type Result } from '../../../shared/errors';
import { internalFailure } from './internal-failure';
import { isStoreFailure, STORE_FAILING_MESSAGE } from '../storage/store-failure';

/** One handler per contract entry: a missing handler is a compile error. */
export type UiHandlers = { [N in UiCallName]: (input: UiInput<N>) => Promise<Result<UiOutput<N>>> };

/** Validates the input against the contract, runs the handler, and never throws across the boundary. */
export async function dispatchUiCall(handlers: UiHandlers, name: UiCallName, input: unknown): Promise<Result<unknown>> {
  const parsed = uiContract[name].input.safeParse(input ?? {});
  if (!parsed.success) {
    return fail('VALIDATION', 'invalid input', {
      // The issue's code and bounds let a screen say the rule in its own language (the problem stays for scripts).
      fields: parsed.error.issues.map((i) => ({
        field: i.path.join('.'),
        problem: i.message,
        code: i.code,
        ...('minimum' in i ? { minimum: Number(i.minimum) } : {}),
        ...('maximum' in i ? { maximum: Number(i.maximum) } : {}),
      })),
    });
  }
  try {
    return await (handlers[name] as (input: unknown) => Promise<Result<unknown>>)(parsed.data);
  } catch (error) {
    // A failing store is not a bug nor the central system's fault: one code the screens know.
    if (isStoreFailure(error)) return fail('STORE_FAILING', STORE_FAILING_MESSAGE, { sqlite: (error as { code: string }).code });
    return internalFailure(error, name);
  }
}
