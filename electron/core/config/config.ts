import { z } from 'zod';

/** The one configuration schema: defaults here, then the config file, `KIOSK_*` variables and CLI flags. */
import { printerProfileSchema, scannerSchema } from '../../../shared/contract/devices';
import { plainText } from '../../../shared/domain/text';
import { checkMailAddress } from '../../../shared/domain/mail-address';
import { DEFAULT_REFUND_REASONS, DEFAULT_REPRINT_REASONS, migrateReason } from '../../../shared/domain/staff-reasons';
import { terminalId as terminalIdSchema } from '../../../shared/contract/common';
import { DEFAULT_CINEMA_TIME_ZONE, isTimeZone } from '../../../shared/domain/cinema-time';

export { printerProfileSchema, scannerSchema };
export type { PrinterProfile } from '../../../shared/contract/devices';

const centralSchema = z.object({
  url: z.string().url(),
  connectApiToken: z.string().min(1),
  cinemaId: z.string().min(1).max(10),
  /**
   * The third-party client identity Vista issues with the token (seed 003: OptionalClientClass/Id/Name).
   * No defaults: the seed's example values are placeholders (clientIdentityProblem), and a host outside
   * the demo refuses to start without the cinema's own.
   */
  optionalClientClass: plainText(10, { min: 1, field: 'central.optionalClientClass' }),
  optionalClientId: plainText(20, { min: 1, field: 'central.optionalClientId' }),
  optionalClientName: plainText(50, { min: 1, field: 'central.optionalClientName' }),
  /**
   * This Vista takes RefundBooking's `TicketSequenceNumbers` (our extension, not in seed 003): some
   * tickets of a booking may be refunded. Off: every refund is of the whole booking. On in the demo.
   */
  partialRefunds: z.boolean().default(false),
  connectTimeoutMs: z.number().int().positive().default(3_000),
  requestTimeoutMs: z.number().int().positive().default(8_000),
  /** Minutes east of UTC of the cinema's wall clock. */
  cinemaOffsetMinutes: z.number().int().min(-840).max(840).default(480),
});

/**
 * The cinema's own SarftKioskService (seed 003 §3.14): with it, ticket data, the national QR and the
 * printed mark come from there (the `vista-sarft` ticket source); without it, from the central API.
 */
const sarftUpstreamSchema = z.object({
  /** e.g. `http://192.168.1.20:8090/SarftKioskService` */
  url: z.string().url(),
  username: z.string().min(1).max(64),
  /** Sealed at rest in config.json, bound to the service's origin (config/sarft-upstream-secret.ts). */
  password: z.string().min(1).max(256),
  connectTimeoutMs: z.number().int().positive().default(3_000),
  requestTimeoutMs: z.number().int().positive().default(8_000),
});

const minutes = (value: number) => z.number().positive().default(value);

/**
 * Alipay face-to-face payment, set by a technician. The app's private key is sealed in config.json,
 * bound to the app id and the gateway's origin (config/payment-key.ts); the running config holds it open.
 */
const alipaySchema = z.object({
  /** The app id the Alipay open platform issued: 16 digits. */
  appId: z.string().regex(/^\d{16}$/u, 'an Alipay app id is 16 digits'),
  gatewayUrl: z.string().url().default('https://openapi.alipay.com/gateway.do'),
  /** The app's RSA private key (PEM, PKCS#1 or PKCS#8) that signs each request. */
  appPrivateKey: z.string().min(1).max(8_192),
  /** Alipay's public key (PEM) that every answer's signature is checked with. */
  alipayPublicKey: z.string().min(1).max(4_096),
  timeoutMs: z.number().int().min(500).max(60_000).default(8_000),
});
export type AlipayConfig = z.infer<typeof alipaySchema>;
export { alipaySchema };

/**
 * The cinema's SMTP relay for receipts a customer asks to have e-mailed, set by a technician. The
 * password is sealed in config.json (config/mail-password.ts), bound to the relay and the account.
 */
const mailSchema = z.object({
  host: z
    .string()
    .min(1)
    .max(253)
    .regex(/^[A-Za-z0-9.:[\]-]+$/u, 'a host name or an IP address'),
  port: z.number().int().min(1).max(65535).default(587),
  /** `tls`: TLS from the first byte (port 465); `starttls`: plain, then STARTTLS required (587); `none`: loopback only. */
  security: z.enum(['tls', 'starttls', 'none']).default('starttls'),
  user: z.string().max(256).optional(),
  password: z.string().max(1_024).optional(),
  /** The From address of every receipt. */
  from: z
    .string()
    .max(254)
    .refine((v) => checkMailAddress(v).ok, 'an e-mail address such as receipts@cinema.example'),
  /** The name beside it (the cinema's). */
  fromName: plainText(60, { field: 'mail.fromName' }).default('影城 Cinema'),
  timeoutMs: z.number().int().min(500).max(120_000).default(15_000),
  /** The outbox: how often it looks, the backoff from base to max (capped), and when a message is given up. */
  pollMs: z.number().int().positive().default(1_000),
  baseDelayMs: z.number().int().positive().default(5_000),
  maxDelayMs: z
    .number()
    .int()
    .positive()
    .default(15 * 60_000),
  maxAttempts: z.number().int().min(1).max(1_000).default(30),
});
export type MailConfig = z.infer<typeof mailSchema>;
export { mailSchema };

export const configSchema = z.object({
  dataDir: z.string().min(1),
  /** The central booking API; needed by a host that runs the print service. */
  central: centralSchema.optional(),
  /** The cinema's SarftKioskService as the ticket source; absent: the central API is. */
  sarftUpstream: sarftUpstreamSchema.optional(),
  printService: z.object({
    /** Bind address: loopback unless TLS is on or a LAN address is named explicitly. */
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(0),
    /** Serve HTTPS with a self-signed certificate kept in the data folder. */
    tls: z.boolean().default(false),
    /** Abuse limits (SARFT-CONTRACT.md "Abuse limits"). Lockouts are kept in the store; per-source budgets in memory. */
    limits: z
      .object({
        /** Wrong passwords per (account, source address) in the window before that pair is locked: others' guessing never locks a kiosk out. */
        loginFailures: z.number().int().positive().default(5),
        loginWindowMinutes: minutes(15),
        loginLockMinutes: minutes(15),
        /** Each further lockout in a row (login or verify code) doubles the lock, up to this. */
        maxLockMinutes: minutes(1_440),
        /** Wrong verify codes per (print number, terminal) in the window before that terminal is locked out of that print number. */
        verifyFailures: z.number().int().positive().default(10),
        /** Wrong verify codes per print number from all terminals together before it is locked for every terminal. */
        verifyFailuresAllTerminals: z.number().int().positive().default(30),
        verifyWindowMinutes: minutes(60),
        verifyLockMinutes: minutes(60),
        queriesPerMinute: z.number().int().positive().default(60),
        /** Bad tokens and bad credentials per source address per minute; past it the source is answered 2009 before any work. */
        sourceFailuresPerMinute: z.number().int().positive().default(30),
        /** Login attempts per source address per minute; past it 2009 without hashing the password. */
        sourceLoginsPerMinute: z.number().int().positive().default(10),
        /** Password checks (scrypt) at once per lane (first logins of good sources; everyone else), and how many may wait; more are refused at once. */
        passwordChecksAtOnce: z.number().int().min(1).max(16).default(2),
        passwordCheckQueue: z.number().int().min(0).max(1_000).default(8),
        /** Refusals per caller are audited as one full row and then one summary row with a count per this many seconds. */
        refusalAuditSeconds: z.number().int().min(1).max(3_600).default(60),
      })
      .default({}),
    claimTtlSeconds: z.number().int().positive().default(120),
    tokenTtlHours: z.number().positive().default(12),
    collectionClosesAfterStartMinutes: z.number().int().min(0).default(30),
    bookingCacheSeconds: z.number().int().min(0).default(30),
    /** Bearer token that opens /metrics and the detailed /healthz to a peer outside `trustedSources`. */
    metricsToken: z.string().min(16).max(256).optional(),
    /** Source addresses (exact) that see /metrics and the detailed /healthz without the token. */
    trustedSources: z.array(z.string().min(1)).max(32).default(['127.0.0.1', '::1']),
    /** /healthz answers the printer's status from a probe at most this old (a probe opens a printer connection). */
    healthProbeSeconds: z.number().min(0).max(300).default(5),
  }),
  terminal: z.object({
    /** Printed on every ticket: no control characters. */
    id: plainText(64, { min: 1, field: 'terminal.id' }),
    username: plainText(64, { min: 1, field: 'terminal.username' }),
    password: z.string().min(1).max(256),
    /** Collect through this remote print service instead of running one here. */
    printServiceUrl: z.string().url().optional(),
    /** SHA-256 fingerprint (`AA:BB:…`) of the remote service's certificate, pinned. */
    printServiceFingerprint: z
      .string()
      .regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/iu, 'fingerprint must be 32 hex pairs separated by colons')
      .optional(),
  }),
  /** The ticket printer. */
  printer: printerProfileSchema,
  /** The refund-slip printer of a box-office PC (the ticket printer when absent). */
  slipPrinter: printerProfileSchema.optional(),
  scanners: z.array(scannerSchema).max(4).default([]),
  ui: z.object({
    port: z.number().int().min(0).max(65535).default(0),
    idleTimeoutSeconds: z.number().int().min(10).default(60),
    /** The language every kiosk customer starts in (after Done, the idle return and a refusal too). */
    defaultLocale: z.enum(['zh-CN', 'en']).default('zh-CN'),
    // A customer gets at least 20 s to answer "need more time?" (WCAG 2.2.1); a shorter value saved by an
    // older version is raised rather than refused, so the host still starts after an upgrade.
    idleWarningSeconds: z
      .number()
      .int()
      .min(3)
      .default(20)
      .transform((seconds) => Math.max(seconds, 20)),
    /**
     * At least this long a sale's outcome (charged and refunded, with its reference; left to staff) stays on
     * the kiosk before the idle return takes it away: the customer must be able to note the reference.
     */
    outcomeSeconds: z.number().int().min(10).max(600).default(60),
    /** The customer screens' defaults; each customer may change them, and the next one starts from these again. */
    speechVolume: z.number().min(0.1).max(1).default(1),
    theme: z.enum(['standard', 'high-contrast']).default('standard'),
    accessibilityMode: z.boolean().default(false),
  }),
  /** The box office: refund rules and reasons, reprint reasons, online refund retries. */
  office: z
    .object({
      /**
       * Codes of shared/domain/staff-reasons.ts (a label in each staff language), or a reason a technician typed,
       * shown as typed. The bilingual texts older configurations hold are read as their codes.
       */
      refundReasons: z
        .array(plainText(60, { min: 2, field: 'office.refundReasons' }).transform(migrateReason))
        .min(1)
        .max(20)
        .default(DEFAULT_REFUND_REASONS),
      reprintReasons: z
        .array(plainText(60, { min: 2, field: 'office.reprintReasons' }).transform(migrateReason))
        .min(1)
        .max(20)
        .default(DEFAULT_REPRINT_REASONS),
      /** A refund this many minutes before the show, or after it started, needs a supervisor. */
      lateRefundMinutesBeforeStart: z.number().int().min(0).max(10_080).default(30),
      /** Whether the booking (service) fee goes back: always, never, or only when the refund is not late. */
      bookingFeeRefund: z.enum(['always', 'never', 'when-on-time']).default('when-on-time'),
      /** RefundBooking without a clear answer: verify and retry this many times, this far apart (seed 003 §3.12). */
      onlineRefundAttempts: z.number().int().min(1).max(100).default(10),
      onlineRefundRetrySeconds: z.number().positive().max(3_600).default(60),
      /** A staff session ends after this many quiet minutes. */
      staffIdleMinutes: z.number().positive().max(720).default(30),
      /** … and at the latest this many hours after sign-in (a shift), however busy. */
      staffSessionHours: z.number().positive().max(24).default(12),
      // Counter print (issue 12): the box office is a print-service terminal of its own.
      /** The counter PC's terminal id: on its tickets, in the audit, on the office screen; never the kiosk's. */
      terminalId: terminalIdSchema.default('COUNTER-01'),
    })
    .default({}),
  /** Socket caps and HTTP timeouts of the print service (LAN) and the UI server (loopback). */
  net: z
    .object({
      /** Default: about half the open-file limit left after a reserve (see derivedCaps). */
      printServiceMaxConnections: z.number().int().positive().optional(),
      printServiceConnectionsPerSource: z.number().int().positive().default(32),
      /** Default: a quarter of the open-file budget, at most 256. */
      uiMaxConnections: z.number().int().positive().optional(),
      headersTimeoutSeconds: z.number().positive().max(120).default(5),
      requestTimeoutSeconds: z.number().positive().max(300).default(10),
      keepAliveTimeoutSeconds: z.number().positive().max(120).default(5),
      maxRequestsPerSocket: z.number().int().min(0).default(1_000),
      /** Set by --insecure-plaintext: cleartext on the LAN was allowed at start; /healthz says so. */
      insecurePlaintext: z.boolean().default(false),
    })
    .default({}),
  sync: z.object({
    pollMs: z.number().int().positive().default(1_000),
    baseDelayMs: z.number().int().positive().default(1_000),
    maxDelayMs: z.number().int().positive().default(60_000),
    maxAttempts: z.number().int().positive().default(50),
    batch: z.number().int().positive().default(50),
    concurrency: z.number().int().min(1).max(64).default(8),
    breakerFailures: z.number().int().positive().default(5),
    breakerOpenMs: z.number().int().positive().default(10_000),
    /** /healthz says degraded when the oldest waiting status change is older than this. */
    lagAlertSeconds: z.number().int().positive().default(300),
    reconcileEveryMinutes: z.number().positive().default(15),
    /** The reconciler looks at bookings touched in this many days. */
    reconcileDays: z.number().int().positive().default(2),
  }),
  /**
   * The walk-up sale (seed 003 §2.1): how often the catalogue cache refreshes (seconds, so tests run in
   * seconds), how ticket types are retried, how long a hold lasts and when a session stops selling.
   */
  sale: z
    .object({
      /** Cinemas: nightly. */
      cinemaRefreshSeconds: z
        .number()
        .positive()
        .default(24 * 3600),
      /** Films now showing with their sessions: the seed says 20 minutes to a day. */
      nowShowingRefreshSeconds: z
        .number()
        .positive()
        .default(20 * 60),
      /** Ticket types and seat plans kept for browsing: 15 to 30 minutes (a hold always reads them fresh). */
      sessionDataRefreshSeconds: z
        .number()
        .positive()
        .default(15 * 60),
      /** How often the catalogue is refreshed in the background (cinema, now showing, ticket types of sessions on sale); 0: only on demand. */
      prefetchSeconds: z.number().min(0).default(300),
      /** How often a seat map on screen is read again while the customer or clerk looks at it; 0: only on each step. */
      seatMapRefreshSeconds: z.number().min(0).default(20),
      /** Ticket types: tries on a timeout before the last good answer is used (seed §3.3: three). */
      ticketTypeAttempts: z.number().int().min(1).max(10).default(3),
      ticketTypeRetryDelayMs: z.number().int().min(0).default(500),
      /** How long central holds seats (the seed's AddTickets answer gives no expiry): the countdown the customer sees. */
      holdSeconds: z
        .number()
        .int()
        .positive()
        .default(15 * 60),
      /** Sales stop this many minutes after a session's start (ATMTimeShowMovieAfterStart; negative: before it). */
      cutoffMinutesAfterStart: z.number().int().min(-240).max(240).default(15),
      /** How often held orders are checked for a hold that ran out. */
      expiryCheckMs: z.number().int().positive().default(1_000),
      /** CancelOrder retries: backoff from base to max, never given up. */
      cancelBaseDelayMs: z.number().int().positive().default(1_000),
      cancelMaxDelayMs: z.number().int().positive().default(60_000),
      cancelPollMs: z.number().int().positive().default(1_000),
      /** A payment the customer still confirms (10003) or whose answer was lost: `trade.query` this often, within the hold. */
      payPollMs: z.number().int().positive().default(2_000),
      /** CompleteOrder's PaymentInfo as the cinema told us (seed §3.9: default 9999 9999 9999 9999 / CreditCard / CreditCard). */
      completionPaymentInfo: z
        .object({
          cardNumber: z
            .string()
            .regex(/^[\x20-\x7e]{1,64}$/u)
            .default('9999 9999 9999 9999'),
          cardType: z
            .string()
            .regex(/^[\x20-\x7e]{1,10}$/u)
            .default('CreditCard'),
          tenderCategory: z
            .string()
            .regex(/^[\x20-\x7e]{1,10}$/u)
            .default('CreditCard'),
        })
        .default({}),
      /** Seed §2.2: QueryOrderBookingStatus this many times, this far apart, before CancelOrder (15 × 1 minute). */
      bookingStatusAttempts: z.number().int().min(1).max(100).default(15),
      bookingStatusIntervalMs: z.number().int().positive().default(60_000),
      /** A reversal (trade.cancel) or a refund whose answer is unknown: tried again this often, this many times, then left for the next start. */
      paymentRetryMs: z.number().int().positive().default(5_000),
      paymentRetryAttempts: z.number().int().min(1).max(100).default(10),
      /** A completed sale prints at once through the collection's print path (off: collected later with its print number). */
      printOnCompletion: z.boolean().default(true),
    })
    .default({}),
  /** The SQLite store: nightly backups, and when /healthz calls the disk too full. */
  storage: z
    .object({
      /** Where the nightly `VACUUM INTO` copies go (default `<dataDir>/backups`). */
      backupDir: z.string().min(1).optional(),
      backupKeepDays: z.number().int().min(1).max(365).default(7),
      /** Cinema wall-clock time of the nightly backup, HH:MM. */
      backupAt: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/u, 'HH:MM')
        .default('03:30'),
      minFreeMb: z.number().min(0).default(200),
      minFreePercent: z.number().min(0).max(100).default(2),
    })
    .default({}),
  /** The cinema's own: its IANA time zone, in which every staff screen and slip shows times. */
  cinema: z
    .object({
      timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai').default(DEFAULT_CINEMA_TIME_ZONE),
    })
    .default({}),
  /** Payment providers; none configured means the kiosk sells nothing by phone. */
  payment: z.object({ alipay: alipaySchema.optional() }).default({}),
  /** The SMTP relay for e-mailed receipts; none configured means the kiosk offers no e-mail. */
  mail: mailSchema.optional(),
  /** The audit chain: HMAC-keyed with a key file kept outside the data folder. */
  audit: z.object({ keyFile: z.string().min(1).optional() }).default({}),
});

export type AppConfig = z.infer<typeof configSchema>;
export type CentralConfig = z.infer<typeof centralSchema>;
export type SarftUpstreamConfig = z.infer<typeof sarftUpstreamSchema>;
export { centralSchema };
export type AppConfigInput = z.input<typeof configSchema>;

/** The seed's example client identity (seed 003 §3.9): a placeholder, never a cinema's own. */
export const PLACEHOLDER_CLIENT_IDENTITY = { optionalClientId: '111.111.111.111', optionalClientName: '3rdParty' } as const;
/** What the demo runs with: the seed's own example, which its simulator stands in for. */
export const DEMO_CLIENT_IDENTITY = { optionalClientClass: 'RSP', ...PLACEHOLDER_CLIENT_IDENTITY } as const;

const IDENTITY_FIELDS = ['optionalClientClass', 'optionalClientId', 'optionalClientName'] as const;

type IdentityFields = Partial<Record<(typeof IDENTITY_FIELDS)[number], unknown>>;

/** The identity fields that are missing or hold seed 003's placeholder. */
export function unusableIdentityFields(central: IdentityFields): { missing: string[]; placeholders: string[] } {
  const missing = IDENTITY_FIELDS.filter((f) => typeof central[f] !== 'string' || (central[f] as string).trim() === '');
  const placeholders = (['optionalClientId', 'optionalClientName'] as const).filter(
    (f) => typeof central[f] === 'string' && (central[f] as string).trim().toLowerCase() === PLACEHOLDER_CLIENT_IDENTITY[f].toLowerCase(),
  );
  return { missing, placeholders };
}

/**
 * Why a client identity cannot go to a real central system, naming the settings; undefined when it can.
 * Missing fields and the seed's placeholders are refused: Vista issues each third party its own.
 */
export function clientIdentityProblem(central: IdentityFields): string | undefined {
  const { missing, placeholders } = unusableIdentityFields(central);
  const problems = [
    ...(missing.length > 0 ? [`${missing.map((f) => `central.${f}`).join(', ')} not set`] : []),
    ...placeholders.map(
      (f) => `central.${f} is seed 003's placeholder ${PLACEHOLDER_CLIENT_IDENTITY[f as keyof typeof PLACEHOLDER_CLIENT_IDENTITY]}`,
    ),
  ];
  if (problems.length === 0) return undefined;
  return `the third-party client identity (OptionalClientClass/Id/Name) is not this cinema's: ${problems.join('; ')}. Ask Vista for the identity issued with the connectapitoken and give it with --client-class, --client-id and --client-name (KIOSK_CLIENT_CLASS, KIOSK_CLIENT_ID, KIOSK_CLIENT_NAME) or in the technician console; only --demo runs with the seed's example identity`;
}

export function parseConfig(input: unknown): { ok: true; config: AppConfig } | { ok: false; problems: string[] } {
  const parsed = configSchema.safeParse(input);
  if (parsed.success) {
    if (!parsed.data.terminal.printServiceUrl && !parsed.data.central)
      return { ok: false, problems: ['central: required where this host runs the print service'] };
    return { ok: true, config: parsed.data };
  }
  return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}
