import { fail, ok, type Result } from '../../../shared/errors';
import type { UiHandlers } from '../app/ui-handlers';
import type { StaffAuth, StaffChange, StaffSession } from './staff-auth';

type StaffCalls = Extract<keyof UiHandlers, `staff.${string}`>;

const CHANGE_ERRORS: Record<Extract<StaffChange, { ok: false }>['reason'], [code: 'UNAUTHORIZED' | 'VALIDATION' | 'NOT_FOUND', message: string]> = {
  'not-allowed': ['UNAUTHORIZED', 'your role may not manage this account'],
  exists: ['VALIDATION', 'that username is taken'],
  'no-such-staff': ['NOT_FOUND', 'no such staff member'],
  'last-technician': ['VALIDATION', 'the last active technician cannot be disabled'],
  self: ['VALIDATION', 'manage your own account through another supervisor or technician'],
};

const outcomeOf = <T>(change: StaffChange, value: T): Result<T> => (change.ok ? ok(value) : fail(CHANGE_ERRORS[change.reason][0], CHANGE_ERRORS[change.reason][1], { reason: change.reason }));

/** Sign-in for every staff screen, and account management for supervisors and technicians. */
export function staffHandlers(staff: StaffAuth): Pick<UiHandlers, StaffCalls> {
  const asManager = <I extends { session: string }, O>(run: (input: I, by: StaffSession) => Promise<Result<O>>) => async (input: I): Promise<Result<O>> => {
    const session = staff.session(input.session, ['supervisor', 'technician']);
    if (!session) return fail('UNAUTHORIZED', 'sign in as a supervisor or technician');
    return run(input, session);
  };
  return {
    'staff.status': async () => ok({ needsSetup: staff.needsSetup() }),
    'staff.setup': async (input) => ((await staff.setup(input.username, input.password)) ? ok({ done: true as const }) : fail('UNAUTHORIZED', 'a technician exists already')),
    'staff.login': async (input) => {
      const outcome = await staff.login(input.username, input.password);
      if (outcome.kind === 'ok') return ok({ session: outcome.token, role: outcome.role });
      if (outcome.kind === 'locked') return fail('TOO_MANY_ATTEMPTS', 'account locked', { retryAfter: outcome.retryAfterSeconds });
      return fail('UNAUTHORIZED', 'wrong name or password');
    },
    'staff.logout': async (input) => {
      staff.logout(input.session);
      return ok({});
    },
    'staff.list': asManager(async () => ok({ staff: staff.list() })),
    'staff.add': asManager(async (input, by) => outcomeOf(await staff.add(by, input.username, input.role, input.password), { username: input.username })),
    'staff.setDisabled': asManager(async (input, by) => outcomeOf(staff.setDisabled(by, input.username, input.disabled), { username: input.username, disabled: input.disabled })),
    'staff.resetPassword': asManager(async (input, by) => outcomeOf(await staff.resetPassword(by, input.username, input.password), { username: input.username })),
  };
}
