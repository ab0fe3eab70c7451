import { z } from 'zod';
import { ticketFields } from './sarft';
import { printerProfileSchema, scannerSchema } from './devices';

/** The one typed contract between the renderer and the core, carried by IPC or by HTTP. */
export const printerStates = ['ready', 'paper-near-end', 'paper-out', 'cover-open', 'offline', 'error'] as const;
export const printerStatus = z.object({
  state: z.enum(printerStates),
  ready: z.boolean(),
  detail: z.string().optional(),
});
export type PrinterStatus = z.infer<typeof printerStatus>;

const username = z.string().regex(/^[\w.-]{2,32}$/u, 'username: 2 to 32 letters, digits, ".", "_" or "-"');
const newPassword = z.string().min(10, 'password: at least 10 characters').max(256);
const terminalId = z.string().regex(/^[\w.-]{1,64}$/u, 'terminal id: 1 to 64 letters, digits, ".", "_" or "-"');
const centralView = z.object({ url: z.string(), cinemaId: z.string(), optionalClientClass: z.string(), optionalClientId: z.string(), optionalClientName: z.string(), tokenSet: z.boolean() });
/** Staff calls carry the session token of a signed-in staff member. */
const withSession = <T extends z.ZodRawShape>(shape: T) => z.object({ session: z.string().min(10).max(128), ...shape }).strict();

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

  /** Whether the first technician still has to be created. */
  'staff.status': { input: z.object({}).strict(), output: z.object({ needsSetup: z.boolean() }) },
  /** First run only: creates the first technician (there is no default password). */
  'staff.setup': { input: z.object({ username: username, password: newPassword }).strict(), output: z.object({ done: z.literal(true) }) },
  'staff.login': {
    input: z.object({ username: username, password: z.string().min(1).max(256) }).strict(),
    output: z.object({ session: z.string(), role: z.enum(['clerk', 'supervisor', 'technician']) }),
  },
  'staff.logout': { input: withSession({}), output: z.object({}) },

  /** The ticket printer: its profile, live status and a preview of the last job sent to it. */
  'tech.printer.get': {
    input: withSession({}),
    output: z.object({ profile: printerProfileSchema, status: printerStatus, lastJobPng: z.string().nullable() }),
  },
  /** Validates, saves and applies a printer profile at once (no restart). */
  'tech.printer.update': { input: withSession({ profile: printerProfileSchema }), output: z.object({ profile: printerProfileSchema }) },
  /** Prints a test page: GB18030 sample text and a QR. */
  'tech.printer.testPage': { input: withSession({}), output: z.object({ printed: z.boolean(), status: printerStatus }) },
  /** Serial ports on this machine and the configured scanners. */
  'tech.scanners.get': {
    input: withSession({}),
    output: z.object({
      ports: z.array(z.object({ path: z.string(), manufacturer: z.string().optional() })),
      scanners: z.array(scannerSchema.extend({ connected: z.boolean() })),
    }),
  },
  'tech.scanners.update': { input: withSession({ scanners: z.array(scannerSchema).max(4) }), output: z.object({ scanners: z.array(scannerSchema) }) },
  'tech.terminals.list': {
    input: withSession({}),
    output: z.object({ terminals: z.array(z.object({ terminalId: z.string(), username: z.string(), disabled: z.boolean(), createdAt: z.string(), lastSeenAt: z.string().nullable() })) }),
  },
  'tech.terminals.add': { input: withSession({ terminalId: terminalId, password: newPassword }), output: z.object({ terminalId: z.string() }) },
  'tech.terminals.setDisabled': { input: withSession({ terminalId: terminalId, disabled: z.boolean() }), output: z.object({ terminalId: z.string(), disabled: z.boolean() }) },
  /** The central API connection (the token itself is never shown) and a live test of it. */
  'tech.central.test': { input: withSession({}), output: centralView.extend({ reachable: z.boolean(), detail: z.string() }) },
  /** Saves the connection (the token sealed at rest; left out, the current one stays) and uses it from the next call on. */
  'tech.central.update': {
    input: withSession({
      url: z.string().url().max(300),
      cinemaId: z.string().min(1).max(10),
      optionalClientClass: z.string().max(10),
      optionalClientId: z.string().max(20),
      optionalClientName: z.string().max(50),
      connectApiToken: z.string().min(1).max(512).optional(),
    }),
    output: centralView,
  },
  'tech.diagnostics': {
    input: withSession({}),
    output: z.object({
      versions: z.record(z.string()),
      dataDir: z.string(),
      diskFreeBytes: z.number(),
      outbox: z.object({ depth: z.number(), oldest: z.number().nullable() }),
      sync: z.object({ deadLetters: z.number(), breaker: z.string(), lagP95Ms: z.number() }).nullable(),
      logTail: z.array(z.string()),
    }),
  },
  /** Reconciles with the central system now: mismatches found, what was repaired, what needs staff. */
  'tech.sync.reconcile': {
    input: withSession({}),
    output: z.object({
      at: z.string(),
      bookingsChecked: z.number().int(),
      mismatches: z.array(z.object({ kind: z.string(), bookingNumber: z.number().int(), ticketCode: z.string().optional(), suggestedAction: z.string(), repaired: z.boolean() })),
    }),
  },
  /** The configuration without secrets, to copy to another machine. */
  'tech.config.export': { input: withSession({}), output: z.object({ config: z.record(z.unknown()) }) },
  /** Takes an exported configuration: validated whole; devices applied at once, the rest at the next start. */
  'tech.config.import': {
    input: withSession({ config: z.record(z.unknown()) }),
    output: z.object({ applied: z.array(z.string()), atNextStart: z.array(z.string()) }),
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
