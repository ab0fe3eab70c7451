import { z } from 'zod';
import { ticketStates } from '../domain/ticket';
import { isPrintNo, PRINT_NO_RULE } from '../domain/print-no';

/** The SARFT-style print service wire contract (SARFT-CONTRACT.md): one schema per call. */
const printNo = z
  .string()
  .regex(/^\d{1,16}$/u, 'printNo must be 1 to 16 digits')
  .refine(isPrintNo, PRINT_NO_RULE)
  .transform((s) => s.padStart(16, '0'));
const ticketCode = z.string().regex(/^\d{16}$/u, 'ticketCode must be 16 digits');
const shortText = (max: number) => z.string().min(1).max(max);

export const authRequest = z.object({ username: shortText(64), password: shortText(256), terminalId: shortText(64) }).strict();
export const authReply = z.object({ token: z.string(), expiresIn: z.number().int() });

/**
 * Extension to the SARFT query (ours; other vendors' terminals never send it): with `verifyCodeMd5`, the
 * query is a proof of both codes first. The service answers the booking's details only when the MD5
 * matches; a wrong code is answered PrintNoOrVerifyWrong and counted by the same per-pickup-number limits
 * as apply-print (so a kiosk can check the code before showing anything, without claiming). A pickup
 * number central does not know is answered PrintNoOrVerifyWrong too, as apply-print does. With a right
 * code the booking is read fresh from central and its refusals come at once (refunded, session over,
 * not yet available, central unreachable). Without the field the query is unchanged.
 */
const queryVerifyCodeMd5 = z.string().regex(/^[0-9a-fA-F]{32}$/u, 'verifyCodeMd5 must be 32 hex digits');
export const queryRequest = z
  .object({ printNo, ticketCount: z.number().int().min(1).max(999).optional(), verifyCodeMd5: queryVerifyCodeMd5.optional() })
  .strict();

export const ticketFields = z.object({
  ticketCode: z.string(),
  cinemaName: z.string(),
  screenName: z.string(),
  filmName: z.string(),
  sessionDateTime: z.string(),
  seatName: z.string(),
  priceCents: z.number().int(),
  serviceFeeCents: z.number().int(),
  printFlag: z.union([z.literal(0), z.literal(1)]),
  state: z.enum(ticketStates),
});
export const queryReply = z.object({
  printNo: z.string(),
  ticketCount: z.number().int(),
  tickets: z.array(ticketFields),
});

export const applyPrintRequest = z
  .object({
    printNo,
    verifyCodeMd5: z.string().regex(/^[0-9a-fA-F]{32}$/u, 'verifyCodeMd5 must be 32 hex digits'),
    ticketCodes: z.array(ticketCode).min(1).max(999).optional(),
  })
  .strict();
export const releasedTicket = ticketFields.extend({
  returnValue: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  ticketInfoCode: z.string(),
  cinemaCode: z.string(),
  reprintCount: z.number().int(),
});
export const applyPrintReply = z.object({
  printToken: z.string(),
  expiresIn: z.number().int(),
  tickets: z.array(releasedTicket),
});

/**
 * print-result is the terminal's report on its whole claim (seed 003 §3.14 reports per booking, not ticket
 * by ticket). Listed as printed: printed; listed as failed: collectable again; tickets of the claim in
 * neither list are unknown at once: the terminal has reported and does not know (a fault mid-ticket), so
 * only the box office settles them. The claim ends with the report: the same terminal and session asking
 * apply-print again get 2008, never the in-doubt ticket to print a second time. A repeated identical
 * report answers the same and changes nothing. A claim that expires with no report turns its tickets unknown.
 */
export const printResultRequest = z
  .object({
    printNo,
    printToken: shortText(128),
    printed: z.array(ticketCode).max(999),
    failed: z.array(ticketCode).max(999),
  })
  .strict();
export const printResultReply = z.object({ printedCount: z.number().int(), printTime: z.string() });

export const sarftCalls = {
  auth: { path: '/sarft/v1/auth', request: authRequest, reply: authReply },
  query: { path: '/sarft/v1/tickets/query', request: queryRequest, reply: queryReply },
  applyPrint: { path: '/sarft/v1/tickets/apply-print', request: applyPrintRequest, reply: applyPrintReply },
  printResult: { path: '/sarft/v1/tickets/print-result', request: printResultRequest, reply: printResultReply },
} as const;
export type SarftCallName = keyof typeof sarftCalls;
export type SarftRequest<N extends SarftCallName> = z.input<(typeof sarftCalls)[N]['request']>;
export type SarftParsedRequest<N extends SarftCallName> = z.output<(typeof sarftCalls)[N]['request']>;
export type SarftReply<N extends SarftCallName> = z.infer<(typeof sarftCalls)[N]['reply']>;
export type ReleasedTicket = z.infer<typeof releasedTicket>;
export type TicketFields = z.infer<typeof ticketFields>;

/**
 * The two other dialects the print service speaks on the same four paths (SARFT-CONTRACT.md, last section):
 * - `seed`: JSON with seed 003 §3.14's names, for kiosks written from the seed alone:
 *     auth          {"username":"kiosk-7","password":"…"}                  → {"result_code":0,"token":"…","expires_in":43200,…}
 *     query         {"print_no":"0000000000111999","ticket_count":4,"token":"…"}
 *     apply-print   {"print_no":"111999","verify_code_md5":"9c1e…","token":"…"}
 *     print-result  {"print_no":"111999","ticket_count":2,"token":"…"}      (the first 2 tickets of the claim printed, the rest not)
 *   Replies: our reply in snake_case (`result_code`, `print_token`, `tickets[].ticket_info_code`, …).
 * - `vendor`: XML in the style other vendors' services use, roots as in sarft-xml.ts:
 *     <ApplyFetchTicket><PrintNo>111999</PrintNo><VerifyCodeMD5>9c1e…</VerifyCodeMD5><Token>…</Token></ApplyFetchTicket>
 *     <FetchTicket><PrintNo>111999</PrintNo><TicketCount>2</TicketCount><Token>…</Token></FetchTicket>
 *   Replies: the XML reply (PascalCase, nested `Tickets/Ticket`), as for our own XML requests.
 * Both dialects' tickets also carry the standard's `PrintNo`, `Price` and `Service` (yuan, two decimals).
 * The token: `Authorization: Bearer` as in our dialect, or, since the seed names no header, in the body
 * (`token` / `<Token>`); both present and different is refused (9000, field token). A call without a
 * token after auth cannot be allowed: the token is what tells which terminal asks (one printer per
 * claim, the per-terminal limits, the audit), and anyone on the LAN could otherwise act as any kiosk.
 * Auth without a terminal id: an account is one terminal (terminals.username is unique), so the
 * username alone names it.
 */
export const standardFieldNames = {
  username: { seed: 'username', vendor: 'Username' },
  password: { seed: 'password', vendor: 'Password' },
  terminalId: { seed: 'terminal_id', vendor: 'TerminalId' },
  token: { seed: 'token', vendor: 'Token' },
  printNo: { seed: 'print_no', vendor: 'PrintNo' },
  ticketCount: { seed: 'ticket_count', vendor: 'TicketCount' },
  verifyCodeMd5: { seed: 'verify_code_md5', vendor: 'VerifyCodeMD5' },
} as const;
export type StandardDialect = 'seed' | 'vendor';
type StandardField = keyof typeof standardFieldNames;

const bodyToken = shortText(512).optional();
/** The standard requests under our names; each dialect's schema is this with its names (standardRequest). */
const standardShapes = {
  auth: { username: shortText(64), password: shortText(256), terminalId: shortText(64).optional() },
  query: { printNo, ticketCount: z.number().int().min(1).max(999).optional(), token: bodyToken },
  applyPrint: { printNo, verifyCodeMd5: z.string().regex(/^[0-9a-fA-F]{32}$/u, 'verifyCodeMd5 must be 32 hex digits'), token: bodyToken },
  /** The seed's call 4: how many tickets of the live claim printed, counted from its first (claim order). */
  printResult: { printNo, ticketCount: z.number().int().min(0).max(999), token: bodyToken },
} satisfies Record<SarftCallName, Partial<Record<StandardField, z.ZodTypeAny>>>;

/** print-result in the standard dialects: the first `ticketCount` tickets of the caller's claim printed, the rest failed. */
export interface PrintCountReport {
  printNo: string;
  ticketCount: number;
}

/** A call's schema in one dialect: the dialect's field names, strict, parsed to our names. */
export function standardRequest(name: SarftCallName, dialect: StandardDialect): z.ZodType<Record<string, unknown>, z.ZodTypeDef, unknown> {
  const shape = standardShapes[name] as Partial<Record<StandardField, z.ZodTypeAny>>;
  const renamed: Record<string, z.ZodTypeAny> = {};
  for (const [ours, schema] of Object.entries(shape)) renamed[standardFieldNames[ours as StandardField][dialect]] = schema;
  return z
    .object(renamed)
    .strict()
    .transform((parsed) => {
      const out: Record<string, unknown> = {};
      for (const ours of Object.keys(shape) as StandardField[]) {
        const value = parsed[standardFieldNames[ours][dialect]];
        if (value !== undefined) out[ours] = value;
      }
      return out;
    });
}
