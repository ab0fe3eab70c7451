import { z } from 'zod';
import { STAFF_PASSWORD_MIN, staffSecretAllowed } from '../domain/staff-secret';
import { staffRole, username, withSession } from './common';

/** The first technician's: the role rule of shared/domain/staff-secret.ts. */
const technicianPassword = z.string().min(STAFF_PASSWORD_MIN, `password: at least ${STAFF_PASSWORD_MIN} characters`).max(256);
/**
 * A password, or a PIN of 6 to 12 digits (clerks at a counter often prefer one): the clerk's rule, the loosest of
 * shared/domain/staff-secret.ts; the core applies the rule of the account's role.
 */
const staffSecret = z
  .string()
  .refine(
    (v) => staffSecretAllowed('clerk', v),
    'a clerk: a PIN of 6 to 12 digits or a password of at least 10 characters; a supervisor or technician: a password of at least 12 characters',
  );

/** Staff accounts and sessions, shared by the box office and the technicians' console. */
export const staffCalls = {
  /** Whether the first technician still has to be created. */
  'staff.status': { input: z.object({}).strict(), output: z.object({ needsSetup: z.boolean() }) },
  /** First run only: creates the first technician (there is no default password), with the one-time code from the host's console or data folder. */
  'staff.setup': {
    input: z.object({ username: username, password: technicianPassword, code: z.string().max(64) }).strict(),
    output: z.object({ done: z.literal(true) }),
  },
  'staff.login': {
    input: z.object({ username: username, password: z.string().min(1).max(256) }).strict(),
    /** And the cinema's IANA time zone: every time on the staff consoles is shown in it. */
    output: z.object({ session: z.string(), role: z.enum(['clerk', 'supervisor', 'technician']), timeZone: z.string().optional() }),
  },
  'staff.logout': { input: withSession({}), output: z.object({}) },
  /** Staff accounts, for supervisors (clerks and supervisors) and technicians (everyone). */
  'staff.list': {
    input: withSession({}),
    output: z.object({
      staff: z.array(
        z.object({ username: z.string(), role: staffRole, disabled: z.boolean(), locked: z.boolean(), createdAt: z.string() }),
      ),
    }),
  },
  'staff.add': {
    input: withSession({ username: username, role: staffRole, password: staffSecret }),
    output: z.object({ username: z.string() }),
  },
  'staff.setDisabled': {
    input: withSession({ username: username, disabled: z.boolean() }),
    output: z.object({ username: z.string(), disabled: z.boolean() }),
  },
  'staff.resetPassword': { input: withSession({ username: username, password: staffSecret }), output: z.object({ username: z.string() }) },
} as const;
