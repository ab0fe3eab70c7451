import { z } from 'zod';

/** The one configuration schema: defaults here, then the config file, `KIOSK_*` variables and CLI flags. */
/** A printer and how to drive it: link, command set, paper, Chinese mode, QR mode, cut, margins. */
export const printerProfileSchema = z.object({
  /** `tcp://HOST:PORT`, `serial:/dev/ttyUSB0?baud=38400&parity=none&flow=rtscts`, or `file:/dev/usb/lp0`. */
  url: z.string().regex(/^(tcp:\/\/[^\s/]+:\d+|serial:\S+|file:.+)$/u, 'printer must be tcp://HOST:PORT, serial:PATH?baud=N or file:PATH'),
  name: z.string().max(64).default('ticket printer'),
  type: z.enum(['epson', 'star']).default('epson'),
  paperWidthMm: z.union([z.literal(80), z.literal(58)]).default(80),
  /** Printers set to boot in Chinese (two-byte) mode need no switch command; others get FS & (EPSON) or ESC p (STAR). */
  bootsInChineseMode: z.boolean().default(false),
  /** Native `GS ( k`, or a raster image (for printers without a QR command), sent in strips. */
  qrMode: z.enum(['native', 'raster']).default('native'),
  /** Dots per QR module. */
  qrModuleDots: z.number().int().min(2).max(8).default(4),
  cutMode: z.enum(['full', 'partial', 'none']).default('partial'),
  leftMarginDots: z.number().int().min(0).max(200).default(0),
  feedLinesBeforeCut: z.number().int().min(0).max(10).default(3),
  /** How long one ticket may take to come out before its outcome is unknown. */
  ticketTimeoutMs: z.number().int().min(500).max(120_000).default(15_000),
});
export type PrinterProfile = z.infer<typeof printerProfileSchema>;

/** A serial barcode scanner. */
export const scannerSchema = z.object({
  path: z.string().min(1),
  baudRate: z.union([z.literal(9600), z.literal(19200), z.literal(38400), z.literal(57600), z.literal(115200)]).default(9600),
  suffix: z.enum(['CR', 'LF', 'CRLF', 'none']).default('CR'),
  prefix: z.string().max(8).optional(),
});

const centralSchema = z.object({
    url: z.string().url(),
    connectApiToken: z.string().min(1),
    cinemaId: z.string().min(1).max(10),
    optionalClientId: z.string().max(20).default('111.111.111.111'),
    connectTimeoutMs: z.number().int().positive().default(3_000),
    requestTimeoutMs: z.number().int().positive().default(8_000),
    /** Minutes east of UTC of the cinema's wall clock. */
    cinemaOffsetMinutes: z.number().int().min(-840).max(840).default(480),
});

const minutes = (value: number) => z.number().positive().default(value);

export const configSchema = z.object({
  dataDir: z.string().min(1),
  /** The central booking API; needed by a host that runs the print service. */
  central: centralSchema.optional(),
  printService: z.object({
    /** Bind address: loopback unless TLS is on or a LAN address is named explicitly. */
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(0),
    /** Serve HTTPS with a self-signed certificate kept in the data folder. */
    tls: z.boolean().default(false),
    limits: z
      .object({
        loginFailures: z.number().int().positive().default(5),
        loginWindowMinutes: minutes(15),
        loginLockMinutes: minutes(15),
        verifyFailures: z.number().int().positive().default(10),
        verifyWindowMinutes: minutes(60),
        verifyLockMinutes: minutes(60),
        queriesPerMinute: z.number().int().positive().default(60),
      })
      .default({}),
    claimTtlSeconds: z.number().int().positive().default(120),
    tokenTtlHours: z.number().positive().default(12),
    collectionClosesAfterStartMinutes: z.number().int().min(0).default(30),
    bookingCacheSeconds: z.number().int().min(0).default(30),
  }),
  terminal: z.object({
    id: z.string().min(1).max(64),
    username: z.string().min(1).max(64),
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
    idleWarningSeconds: z.number().int().min(3).default(15),
  }),
  sync: z.object({
    pollMs: z.number().int().positive().default(1_000),
    baseDelayMs: z.number().int().positive().default(1_000),
    maxDelayMs: z.number().int().positive().default(60_000),
    maxAttempts: z.number().int().positive().default(50),
    batch: z.number().int().positive().default(50),
  }),
});

export type AppConfig = z.infer<typeof configSchema>;
export type CentralConfig = z.infer<typeof centralSchema>;
export type AppConfigInput = z.input<typeof configSchema>;

export function parseConfig(input: unknown): { ok: true; config: AppConfig } | { ok: false; problems: string[] } {
  const parsed = configSchema.safeParse(input);
  if (parsed.success) {
    if (!parsed.data.terminal.printServiceUrl && !parsed.data.central) return { ok: false, problems: ['central: required where this host runs the print service'] };
    return { ok: true, config: parsed.data };
  }
  return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}
