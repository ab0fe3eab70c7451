import { z } from 'zod';
import { ticketFields } from './sarft';
import { printerStatus, printNoInput, verifyCodeInput } from './common';

/** The customer's kiosk: no session, the terminal's own identity. */
export const kioskCalls = {
  /** Terminal identity and kiosk settings the customer screens need. */
  'kiosk.info': {
    input: z.object({}).strict(),
    output: z.object({
      terminalId: z.string(),
      idleTimeoutSeconds: z.number().int(),
      idleWarningSeconds: z.number().int(),
      /** At least this long a sale's money outcome stays on screen before the idle return (absent from older hosts: 60). */
      outcomeSeconds: z.number().int().optional(),
      /** The cinema's language: each customer starts in it. */
      defaultLocale: z.enum(['zh-CN', 'en']),
      printer: printerStatus,
      /** The technician's defaults for the customer screens' speech, theme and accessibility mode (absent from older hosts). */
      accessibility: z
        .object({ speechVolume: z.number(), theme: z.enum(['standard', 'high-contrast']), accessibilityMode: z.boolean() })
        .optional(),
    }),
  },
  /** Tickets of a pickup number, read-only, once its verify code is proven: what the customer is about to print. */
  'kiosk.lookup': {
    input: z.object({ printNo: printNoInput, verifyCode: verifyCodeInput }).strict(),
    output: z.object({
      printNo: z.string(),
      tickets: z.array(ticketFields),
      printable: z.number().int(),
    }),
  },
  /** Verify the code, claim, print one ticket per seat and report the result. Progress comes as events. */
  'kiosk.collect': {
    input: z.object({ printNo: printNoInput, verifyCode: verifyCodeInput, requestId: z.string().max(64).optional() }).strict(),
    output: z.object({
      printNo: z.string(),
      total: z.number().int(),
      printed: z.number().int(),
      failed: z.number().int(),
      unknown: z.number().int(),
    }),
  },
  /** Current readiness of the ticket printer. */
  'printer.status': {
    input: z.object({}).strict(),
    output: printerStatus,
  },
} as const;
