import { z } from 'zod';
import { printerProfileSchema, scannerSchema } from './devices';
import { plainText } from '../domain/text';
import { checkMailAddress } from '../domain/mail-address';
import { newPassword, printerStatus, terminalId, withSession } from './common';

const centralView = z.object({
  url: z.string(),
  cinemaId: z.string(),
  optionalClientClass: z.string(),
  optionalClientId: z.string(),
  optionalClientName: z.string(),
  tokenSet: z.boolean(),
});

/**
 * Where ticket data comes from (issue 13): `central` (GetSingleBooking), or `vista-sarft`, the cinema's own
 * SarftKioskService on its LAN, named by its address and user (never the password).
 */
const ticketSourceView = z.object({
  kind: z.enum(['central', 'vista-sarft']),
  url: z.string().optional(),
  username: z.string().optional(),
});

/** Alipay face-to-face payment as the console shows it: never a key, only whether the app key is set and Alipay's key's fingerprint. */
/** The SMTP relay for e-mailed receipts, as the console shows it: the password never, only whether one is set. */
const mailView = z.object({
  configured: z.boolean(),
  host: z.string().optional(),
  port: z.number().int().optional(),
  security: z.enum(['tls', 'starttls', 'none']).optional(),
  user: z.string().optional(),
  from: z.string().optional(),
  fromName: z.string().optional(),
  passwordSet: z.boolean(),
});

const alipayView = z.object({
  configured: z.boolean(),
  appId: z.string().optional(),
  gatewayUrl: z.string().optional(),
  timeoutMs: z.number().int().optional(),
  appKeySet: z.boolean(),
  /** SHA-256 (hex) of Alipay's public key (DER), to compare with the open platform's. */
  alipayPublicKeySha256: z.string().optional(),
});

/** The technicians' console: devices, terminals, the central connection, diagnostics and configuration. */
export const techCalls = {
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
  'tech.scanners.update': {
    input: withSession({ scanners: z.array(scannerSchema).max(4) }),
    output: z.object({ scanners: z.array(scannerSchema) }),
  },
  'tech.terminals.list': {
    input: withSession({}),
    output: z.object({
      terminals: z.array(
        z.object({
          terminalId: z.string(),
          username: z.string(),
          disabled: z.boolean(),
          createdAt: z.string(),
          lastSeenAt: z.string().nullable(),
        }),
      ),
    }),
  },
  'tech.terminals.add': {
    input: withSession({ terminalId: terminalId, password: newPassword }),
    output: z.object({ terminalId: z.string() }),
  },
  'tech.terminals.setDisabled': {
    input: withSession({ terminalId: terminalId, disabled: z.boolean() }),
    output: z.object({ terminalId: z.string(), disabled: z.boolean() }),
  },
  /** The central API connection (the token itself is never shown) and a live test of it. */
  'tech.central.test': { input: withSession({}), output: centralView.extend({ reachable: z.boolean(), detail: z.string() }) },
  /** The central connection's settings and the ticket source, without testing anything: the console's form opens filled. */
  'tech.central.get': { input: withSession({}), output: centralView.extend({ ticketSource: ticketSourceView }) },
  /** Tests the ticket source: the SarftKioskService's own sign-in (request 1), or central's GetSingleBooking. */
  'tech.ticketSource.test': {
    input: withSession({}),
    output: ticketSourceView.extend({ reachable: z.boolean(), detail: z.string() }),
  },
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
  /** The Alipay settings (keys never shown). */
  'tech.alipay.get': { input: withSession({}), output: alipayView },
  /** Saves them: the app private key sealed at rest (left out, the current one stays; a new app id or gateway needs it again). */
  'tech.alipay.update': {
    input: withSession({
      appId: z.string().regex(/^\d{16}$/u, 'an Alipay app id is 16 digits'),
      gatewayUrl: z.string().url().max(300),
      alipayPublicKey: z.string().min(1).max(4_096),
      timeoutMs: z.number().int().min(500).max(60_000).default(8_000),
      appPrivateKey: z.string().min(1).max(8_192).optional(),
    }),
    output: alipayView,
  },
  /** The SMTP relay for e-mailed receipts (the password never shown). */
  'tech.mail.get': { input: withSession({}), output: mailView },
  /** Saves it: the password sealed at rest (left out, the current one stays; a new host, port or user needs it again). */
  'tech.mail.update': {
    input: withSession({
      host: z
        .string()
        .min(1)
        .max(253)
        .regex(/^[A-Za-z0-9.:[\]-]+$/u, 'a host name or an IP address'),
      port: z.number().int().min(1).max(65535),
      security: z.enum(['tls', 'starttls', 'none']),
      user: plainText(256, { field: 'user' }).optional(),
      password: z.string().min(1).max(1_024).optional(),
      from: z
        .string()
        .max(254)
        .refine((v) => checkMailAddress(v).ok, 'from: an e-mail address such as receipts@cinema.example'),
      fromName: plainText(60, { min: 1, field: 'fromName' }).optional(),
    }),
    output: mailView,
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
      mismatches: z.array(
        z.object({
          kind: z.string(),
          bookingNumber: z.number().int(),
          ticketCode: z.string().optional(),
          suggestedAction: z.string(),
          repaired: z.boolean(),
        }),
      ),
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
