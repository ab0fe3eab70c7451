import { z } from 'zod';
import { ticketFields } from './sarft';
import { printerProfileSchema, scannerSchema } from './devices';
import { ticketStates } from '../domain/ticket';
import { plainText } from '../domain/text';
import { isPrintNo, PRINT_NO_RULE } from '../domain/print-no';

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
/** The first technician's: the role rule of shared/domain/staff-secret.ts. */
const technicianPassword = z.string().min(12, 'password: at least 12 characters').max(256);
const terminalId = z.string().regex(/^[\w.-]{1,64}$/u, 'terminal id: 1 to 64 letters, digits, ".", "_" or "-"');
const centralView = z.object({ url: z.string(), cinemaId: z.string(), optionalClientClass: z.string(), optionalClientId: z.string(), optionalClientName: z.string(), tokenSet: z.boolean() });
/** Staff calls carry the session token of a signed-in staff member. */
const withSession = <T extends z.ZodRawShape>(shape: T) => z.object({ session: z.string().min(10).max(128), ...shape }).strict();

const staffRole = z.enum(['clerk', 'supervisor', 'technician']);
/** A password, or a PIN of 6 to 12 digits (clerks at a counter often prefer one); the core applies the rule per role (shared/domain/staff-secret.ts). */
const staffSecret = z.string().refine((v) => /^\d{6,12}$/u.test(v) || (v.length >= 10 && v.length <= 256), 'a PIN of 6 to 12 digits or a password of at least 10 characters');
/** A supervisor's name and password typed in at the clerk's screen. */
const approval = z.object({ username: username, password: z.string().min(1).max(256) }).strict();
/** Printed on the slip and kept in the audit log: no control characters (a drawer pulse is five of them). */
const reasonText = plainText(400, { min: 2, field: 'reason' });
const ticketCode = z.string().regex(/^\d{16}$/u, 'ticket code: 16 digits');
const isoTime = z.string().datetime({ offset: true });
const cents = z.number().int();
const ticketView = z.object({
  ticketCode: z.string(),
  sequence: z.number().int(),
  seatName: z.string(),
  priceCents: cents,
  serviceFeeCents: cents,
  state: z.enum(ticketStates),
  reprintCount: z.number().int(),
  printedAt: z.string().nullable(),
});
const refundView = z.object({
  refundCode: z.string(),
  kind: z.enum(['local', 'online']),
  state: z.enum(['pending', 'refunded', 'needs-staff', 'released']),
  bookingNumber: z.number().int(),
  ticketCodes: z.array(z.string()),
  ticketCents: cents,
  bookingFeeCents: cents,
  totalCents: cents,
  reason: z.string(),
  clerk: z.string(),
  supervisor: z.string().nullable(),
  terminalId: z.string(),
  createdAt: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
});
export type RefundView = z.infer<typeof refundView>;
const bookingDetail = z.object({
  bookingNumber: z.number().int(),
  printNo: z.string(),
  cinemaName: z.string(),
  filmTitle: z.string(),
  screenName: z.string(),
  sessionAt: z.string(),
  sessionEpochMs: z.number(),
  cancelled: z.boolean(),
  /** Central could not be asked: this is the local copy. */
  stale: z.boolean(),
  tickets: z.array(ticketView),
  refunds: z.array(refundView),
  history: z.array(z.object({ seq: z.number().int(), at: z.string(), actor: z.string(), terminalId: z.string().nullable(), action: z.string(), details: z.record(z.unknown()) })),
});
export type BookingDetail = z.infer<typeof bookingDetail>;
const reportFilter = { from: isoTime, to: isoTime, clerk: username.optional(), terminalId: terminalId.optional() };
const reportLine = z.object({
  actor: z.string(),
  terminalId: z.string(),
  printed: z.number().int(),
  reprinted: z.number().int(),
  refundedLocal: z.number().int(),
  refundedLocalCents: cents,
  refundedOnline: z.number().int(),
  refundedOnlineCents: cents,
  printedCents: cents,
  /** Unknown prints settled with a supervisor's approval: confirmed printed, or marked not printed. */
  printConfirmed: z.number().int(),
  printVoided: z.number().int(),
});
export type ShiftReportLine = z.infer<typeof reportLine>;

const printNoInput = z.string().regex(/^\d{1,16}$/u, 'printNo must be 1 to 16 digits').refine(isPrintNo, PRINT_NO_RULE);
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
  /** First run only: creates the first technician (there is no default password), with the one-time code from the host's console or data folder. */
  'staff.setup': { input: z.object({ username: username, password: technicianPassword, code: z.string().max(64) }).strict(), output: z.object({ done: z.literal(true) }) },
  'staff.login': {
    input: z.object({ username: username, password: z.string().min(1).max(256) }).strict(),
    output: z.object({ session: z.string(), role: z.enum(['clerk', 'supervisor', 'technician']) }),
  },
  'staff.logout': { input: withSession({}), output: z.object({}) },
  /** Staff accounts, for supervisors (clerks and supervisors) and technicians (everyone). */
  'staff.list': {
    input: withSession({}),
    output: z.object({ staff: z.array(z.object({ username: z.string(), role: staffRole, disabled: z.boolean(), locked: z.boolean(), createdAt: z.string() })) }),
  },
  'staff.add': { input: withSession({ username: username, role: staffRole, password: staffSecret }), output: z.object({ username: z.string() }) },
  'staff.setDisabled': { input: withSession({ username: username, disabled: z.boolean() }), output: z.object({ username: z.string(), disabled: z.boolean() }) },
  'staff.resetPassword': { input: withSession({ username: username, password: staffSecret }), output: z.object({ username: z.string() }) },

  /** The box office's reason lists and refund rules. */
  'office.settings': {
    input: withSession({}),
    output: z.object({
      refundReasons: z.array(z.string()),
      reprintReasons: z.array(z.string()),
      lateRefundMinutesBeforeStart: z.number(),
      bookingFeeRefund: z.enum(['always', 'never', 'when-on-time']),
      terminalId: z.string(),
      username: z.string(),
      role: staffRole,
    }),
  },
  /**
   * Finds a booking by what the customer shows: a pickup number (with or without its verify code),
   * a verify code, a scan of the customer's QR or of a printed ticket's QR, or a refund slip's code.
   */
  'office.find': {
    input: withSession({ query: z.string().trim().min(1).max(1024) }),
    output: z.discriminatedUnion('kind', [z.object({ kind: z.literal('booking'), booking: bookingDetail }), z.object({ kind: z.literal('refund'), refund: refundView, booking: bookingDetail })]),
  },
  /** A booking's tickets, refunds and history, fresh from the central system when it answers. */
  'office.booking': { input: withSession({ bookingNumber: z.number().int().positive() }), output: bookingDetail },
  /**
   * Refunds tickets of one booking: printed ones locally (slip printed, central told through the
   * outbox), unprinted ones online through RefundBooking (progress comes as events).
   */
  'office.refund': {
    input: withSession({ bookingNumber: z.number().int().positive(), ticketCodes: z.array(ticketCode).min(1).max(64), reason: reasonText, approval: approval.optional() }),
    output: refundView.extend({ slipPrinted: z.boolean().nullable() }),
  },
  /** Prints a refund slip again (marked as a copy). */
  'office.refundSlip.print': { input: withSession({ refundCode: z.string().max(64) }), output: z.object({ printed: z.boolean() }) },
  /** Reprints one printed or unknown ticket with "REPRINT n": reason and a supervisor's approval required. */
  'office.reprint': {
    input: withSession({ ticketCode: ticketCode, reason: reasonText, approval: approval.optional() }),
    output: z.object({ printed: z.boolean(), reprintCount: z.number().int(), state: z.enum(ticketStates) }),
  },
  /** Unknown prints, online refunds that need staff, dead letters, reconciliation mismatches, and staff names locked by failed sign-ins (bookingNumber 0). */
  'office.attention.list': {
    input: withSession({}),
    output: z.object({
      items: z.array(z.object({ id: z.string(), kind: z.string(), bookingNumber: z.number().int(), ticketCode: z.string().optional(), detail: z.string(), since: z.string(), actions: z.array(z.string()) })),
    }),
  },
  /** Resolves one item; settling an unknown print (printed or not) needs a supervisor's approval. */
  'office.attention.resolve': { input: withSession({ id: z.string().max(80), action: z.string().max(40), approval: approval.optional() }), output: z.object({ id: z.string(), action: z.string(), outcome: z.string() }) },
  /** Pickup numbers the kiosks may not try now (too many wrong verify codes), per terminal or for all. */
  'office.lockouts.list': {
    input: withSession({}),
    output: z.object({ lockouts: z.array(z.object({ printNo: z.string(), bookingNumber: z.number().int(), terminalId: z.string().nullable(), until: z.string() })) }),
  },
  /** A supervisor, having seen the customer, lifts every kiosk lock of a pickup number (audited). */
  'office.lockouts.lift': { input: withSession({ printNo: printNoInput }), output: z.object({ printNo: z.string(), lifted: z.number().int() }) },
  /** Shift report over [from, to): per clerk or kiosk and terminal; clerks see their own. */
  'office.report': {
    input: withSession(reportFilter),
    output: z.object({ from: z.string(), to: z.string(), lines: z.array(reportLine), totals: reportLine, csv: z.string() }),
  },
  'office.report.print': { input: withSession(reportFilter), output: z.object({ printed: z.boolean() }) },

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
      cinemaId: plainText(10, { min: 1, field: 'cinemaId' }),
      optionalClientClass: plainText(10, { field: 'optionalClientClass' }),
      optionalClientId: plainText(20, { field: 'optionalClientId' }),
      optionalClientName: plainText(50, { field: 'optionalClientName' }),
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
      /** The store's health (write probe, free disk, a recent failed write such as an audit record): an alert when not ok. */
      store: z.object({ ok: z.boolean(), problem: z.string().optional() }).optional(),
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
  /** An online refund's progress: each attempt, the wait before the next, and how it ended. */
  z.object({
    type: z.literal('office.refund.progress'),
    refundCode: z.string(),
    bookingNumber: z.number().int(),
    phase: z.enum(['sending', 'verifying', 'waiting', 'refunded', 'needs-staff']),
    attempt: z.number().int(),
    maxAttempts: z.number().int(),
    detail: z.string().optional(),
  }),
]);
export type UiEvent = z.infer<typeof uiEvent>;

/**
 * Who may receive an event: `kiosk` any page of this host; `staff` only a stream opened with a live staff
 * session; `scan` a signed-in staff console when one listens, else the kiosk page (which collects with it).
 */
export const uiEventAudience: Record<UiEvent['type'], 'kiosk' | 'staff' | 'scan'> = {
  'collection.progress': 'kiosk',
  'printer.status': 'kiosk',
  'scanner.scan': 'scan',
  'scanner.status': 'staff',
  'office.refund.progress': 'staff',
};

export const isUiCallName = (name: string): name is UiCallName => Object.hasOwn(uiContract, name);
