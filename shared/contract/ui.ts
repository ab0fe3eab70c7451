import { z } from 'zod';
import { ticketFields } from './sarft';

/** The one typed contract between the renderer and the core, carried by IPC or by HTTP. */
export const printerStates = ['ready', 'paper-near-end', 'paper-out', 'cover-open', 'offline', 'error'] as const;
export const printerStatus = z.object({
  state: z.enum(printerStates),
  ready: z.boolean(),
  detail: z.string().optional(),
});
export type PrinterStatus = z.infer<typeof printerStatus>;

const printNoInput = z.string().regex(/^\d{1,16}$/u, 'printNo must be 1 to 16 digits');
const verifyCodeInput = z.string().regex(/^[A-Za-z0-9]{4,20}$/u, 'verify code must be 4 to 20 letters or digits');

export const uiContract = {
  /** Terminal identity and kiosk settings the customer screens need. */
  'kiosk.info': {
    input: z.object({}).strict(),
    output: z.object({
      terminalId: z.string(),
      idleTimeoutSeconds: z.number().int(),
      idleWarningSeconds: z.number().int(),
      printer: printerStatus,
    }),
  },
  /** Tickets of a pickup number, read-only: what the customer is about to print. */
  'kiosk.lookup': {
    input: z.object({ printNo: printNoInput }).strict(),
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

export type UiCallName = keyof typeof uiContract;
export type UiInput<N extends UiCallName> = z.input<(typeof uiContract)[N]['input']>;
export type UiOutput<N extends UiCallName> = z.infer<(typeof uiContract)[N]['output']>;

export const uiEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('collection.progress'), printNo: z.string(), done: z.number().int(), total: z.number().int() }),
  z.object({ type: z.literal('printer.status'), status: printerStatus }),
  /** A scan from a serial scanner (keyboard-wedge scans are read in the renderer). */
  z.object({ type: z.literal('scanner.scan'), raw: z.string().max(1024) }),
  z.object({ type: z.literal('scanner.status'), path: z.string(), connected: z.boolean() }),
]);
export type UiEvent = z.infer<typeof uiEvent>;

export const isUiCallName = (name: string): name is UiCallName => Object.hasOwn(uiContract, name);
