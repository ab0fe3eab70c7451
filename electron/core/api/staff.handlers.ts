import { STAFF_SECRET_RULE } from '../../../shared/domain/staff-secret';
import { fail, ok, type Result } from '../../../shared/errors';
import type { UiHandlers } from './ui-dispatch';
import type { SetupOutcome, StaffAuth, StaffSession } from '../staff/staff-auth';
import type { StaffAccounts, StaffChange } from '../staff/staff-accounts';
import { roleGuard } from '../staff/role-guard';
import { staffRefusal, type StaffRefusal } from '../staff/staff-refusals';

type StaffCalls = Extract<keyof UiHandlers, `staff.${string}`>;

const CHANGE_ERRORS: Record<
  Extract<StaffChange, { ok: false }>['reason'],
  [code: 'UNAUTHORIZED' | 'VALIDATION' | 'NOT_FOUND', message: string]
> = {
  'not-allowed': ['UNAUTHORIZED', 'your role may not manage this account'],
  exists: ['VALIDATION', 'that username is taken'],
  'no-such-staff': ['NOT_FOUND', 'no such staff member'],
  'last-technician': ['VALIDATION', 'the last active technician cannot be disabled'],
  self: ['VALIDATION', 'manage your own account through another supervisor or technician'],
  'weak-secret': ['VALIDATION', STAFF_SECRET_RULE],
};

/** The refusals among them that mean one thing across the staff calls (`details.refusal`). */
const CHANGE_REFUSALS: Partial<Record<Extract<StaffChange, { ok: false }>['reason'], StaffRefusal>> = {
  'not-allowed': 'WRONG_ROLE',
  exists: 'DUPLICATE',
};

const outcomeOf = <T>(change: StaffChange, value: T): Result<T> => {
  if (change.ok) return ok(value);
  const [code, message] = CHANGE_ERRORS[change.reason];
  const details = { reason: change.reason, ...(change.reason === 'weak-secret' ? { field: 'password' } : {}) };
  const refusal = CHANGE_REFUSALS[change.reason];
  return refusal ? staffRefusal(refusal, message, details) : fail(code, message, details);
};

const SETUP_ERRORS: Record<Exclude<SetupOutcome['kind'], 'ok' | 'locked'>, Result<never>> = {
  'done-already': fail('UNAUTHORIZED', 'a technician exists already'),
  'bad-code': fail(
    'UNAUTHORIZED',
    "wrong or missing one-time code: it is on the host's console and in the file first-run-code of its data folder",
    { field: 'code' },
  ),
  'weak-secret': fail('VALIDATION', STAFF_SECRET_RULE, { field: 'password' }),
};

/**
 * Sign-in for every staff screen, and account management for supervisors and technicians.
 * `source` names where sign-ins come from (this host's terminal: its UI is served on 127.0.0.1 only).
 */
export function staffHandlers(staff: StaffAuth, accounts: StaffAccounts, source: string, timeZone?: string): Pick<UiHandlers, StaffCalls> {
  const guard = roleGuard(staff);
  const asManager = <I extends { session: string }, O>(run: (input: I, by: StaffSession) => Promise<Result<O>>) =>
    guard.asRole(['supervisor', 'technician'], run);
  return {
    'staff.status': async () => ok({ needsSetup: staff.needsSetup() }),
    'staff.setup': async (input) => {
      const outcome = await staff.setup(input.username, input.password, input.code);
      if (outcome.kind === 'ok') return ok({ done: true as const });
      if (outcome.kind === 'locked')
        return fail('TOO_MANY_ATTEMPTS', 'too many wrong one-time codes: try again later', {
          retryAfter: outcome.retryAfterSeconds,
          field: 'code',
        });
      return SETUP_ERRORS[outcome.kind];
    },
    'staff.login': async (input) => {
      const outcome = await staff.login(input.username, input.password, source);
      if (outcome.kind === 'ok') return ok({ session: outcome.token, role: outcome.role, ...(timeZone ? { timeZone } : {}) });
      if (outcome.kind === 'locked')
        return fail('TOO_MANY_ATTEMPTS', 'too many failed sign-ins: try again later', { retryAfter: outcome.retryAfterSeconds });
      return fail('UNAUTHORIZED', 'wrong name or password');
    },
    'staff.logout': async (input) => {
      staff.logout(input.session);
      return ok({});
    },
    'staff.list': asManager(async () => ok({ staff: accounts.list() })),
    'staff.add': asManager(async (input, by) =>
      outcomeOf(await accounts.add(by, input.username, input.role, input.password), { username: input.username }),
    ),
    'staff.setDisabled': asManager(async (input, by) =>
      outcomeOf(accounts.setDisabled(by, input.username, input.disabled), { username: input.username, disabled: input.disabled }),
    ),
    'staff.resetPassword': asManager(async (input, by) =>
      outcomeOf(await accounts.resetPassword(by, input.username, input.password), { username: input.username }),
    ),
  };
}
