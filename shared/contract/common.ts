import { z } from 'zod';
import { plainText } from '../domain/text';
import { isPrintNo, PRINT_NO_RULE } from '../domain/print-no';

/** Schemas more than one domain of the UI contract uses (kiosk.ts, staff.ts, office.ts, tech.ts). */
export const printerStates = ['ready', 'paper-near-end', 'paper-out', 'cover-open', 'offline', 'error'] as const;
export const printerStatus = z.object({
  state: z.enum(printerStates),
  ready: z.boolean(),
  detail: z.string().optional(),
});
export type PrinterStatus = z.infer<typeof printerStatus>;

export const username = z.string().regex(/^[\w.-]{2,32}$/u, 'username: 2 to 32 letters, digits, ".", "_" or "-"');
export const newPassword = z.string().min(10, 'password: at least 10 characters').max(256);
export const terminalId = z.string().regex(/^[\w.-]{1,64}$/u, 'terminal id: 1 to 64 letters, digits, ".", "_" or "-"');
/** Staff calls carry the session token of a signed-in staff member. */
export const withSession = <T extends z.ZodRawShape>(shape: T) => z.object({ session: z.string().min(10).max(128), ...shape }).strict();

export const staffRole = z.enum(['clerk', 'supervisor', 'technician']);
/** A supervisor's name and password typed in at the clerk's screen. */
export const approval = z.object({ username: username, password: z.string().min(1).max(256) }).strict();
/** Printed on the slip and kept in the audit log: no control characters (a drawer pulse is five of them). */
export const reasonText = plainText(400, { min: 2, field: 'reason' });
export const ticketCode = z.string().regex(/^\d{16}$/u, 'ticket code: 16 digits');
export const isoTime = z.string().datetime({ offset: true });
export const cents = z.number().int();

export const printNoInput = z
  .string()
  .regex(/^\d{1,16}$/u, 'printNo must be 1 to 16 digits')
  .refine(isPrintNo, PRINT_NO_RULE);
export const verifyCodeInput = z.string().regex(/^[A-Za-z0-9]{4,20}$/u, 'verify code must be 4 to 20 letters or digits');
