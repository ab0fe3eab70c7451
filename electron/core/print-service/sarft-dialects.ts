import type { ZodError } from 'zod';
import { sarftCalls, standardFieldNames, standardRequest, type SarftCallName, type StandardDialect } from '../../../shared/contract/sarft';
import { parseJsonObject } from '../net/http-body';
import { parseSarftRequest } from './sarft-request-check';
import { encodeXmlReply, fromXml, parseXmlRequest, XmlRefused } from './sarft-xml';

/**
 * The dialects of the print service's four calls, and the one place that tells them apart and
 * translates them (SARFT-CONTRACT.md, last section; the schemas and examples in shared/contract/sarft.ts):
 * - `json`: our contract (camelCase JSON). Tried first and as before, so its hot path is unchanged.
 * - `xml`: our contract in XML (sarft-xml.ts).
 * - `seed-json`: seed 003 §3.14's names (`print_no`, `ticket_count`, `verify_code_md5`, auth without a
 *   terminal id). Told apart by those names: a body that fails our schema, carries one of them (or is an
 *   auth body) and none of our own names. Replies are ours in snake_case.
 * - `vendor-xml`: the vendors' XML (`VerifyCodeMD5`, `Token`, `FetchTicket` with `TicketCount`, auth
 *   without `TerminalId`). Told apart by those elements; a `QueryTicketInfo` with `PrintNo` and
 *   `TicketCount` is the same request in both XML dialects. Replies are the XML reply, as for ours.
 * Assumptions beyond the seed (it gives names, not a wire): the seed's JSON uses its parameter names
 * as keys; the token may travel in the body (`token`/`Token`) as the seed names no header; the
 * standard's per-ticket `PrintNo`, `Price` and `Service` (yuan, two decimals) are added to the tickets
 * of every reply but our JSON's. The gate and the service see only our requests: the seed's call 4
 * becomes a PrintCountReport, which the service settles against the caller's claim.
 * Refusals before the body is read (no such path, not POST, wrong Content-Type, over 64 KiB) cannot know
 * the dialect: they answer ours in the request's encoding, with the same status and code.
 */
export type Dialect = 'json' | 'xml' | 'seed-json' | 'vendor-xml';

export type DecodedRequest =
  | { ok: true; dialect: Dialect; request: object; bearer: string | undefined }
  | { ok: false; dialect: Dialect; reason: string; details?: Record<string, unknown> };

type Schemas = Record<SarftCallName, ReturnType<typeof standardRequest>>;
const schemasOf = (dialect: StandardDialect): Schemas => ({
  auth: standardRequest('auth', dialect),
  query: standardRequest('query', dialect),
  applyPrint: standardRequest('applyPrint', dialect),
  printResult: standardRequest('printResult', dialect),
});
const seedSchemas = schemasOf('seed');
const vendorSchemas = schemasOf('vendor');

/** Keys only the seed's JSON has, and keys only ours has: a body with one of ours is ours, refused in our names. */
const SEED_KEYS = ['print_no', 'ticket_count', 'verify_code_md5', 'terminal_id', 'token'];
const OUR_KEYS = ['printNo', 'ticketCount', 'verifyCodeMd5', 'terminalId', 'ticketCodes', 'printToken', 'printed', 'failed'];
/** The same for the XML elements (ours are our keys in PascalCase). */
const VENDOR_ELEMENTS = ['VerifyCodeMD5', 'Token'];
const OUR_ELEMENTS = ['VerifyCodeMd5', 'TerminalId', 'TicketCodes', 'PrintToken', 'Printed', 'Failed'];
const has = (body: object, key: string): boolean => Object.prototype.hasOwnProperty.call(body, key);

/** A request body in any dialect, as our request (to be handed to the gate) and the bearer token it carries. */
export function decodeSarftRequest(
  name: SarftCallName,
  encoding: 'json' | 'xml',
  raw: Buffer,
  headerBearer: string | undefined,
): DecodedRequest {
  if (encoding === 'json') {
    const body = parseJsonObject(raw);
    if (!body) return { ok: false, dialect: 'json', reason: 'body must be a JSON object' };
    const parsed = parseSarftRequest(name, body);
    if (parsed.success) return { ok: true, dialect: 'json', request: parsed.data, bearer: headerBearer };
    if (!isSeedJson(name, body)) return refused('json', parsed.error);
    return fromStandard('seed-json', seedSchemas[name], body, headerBearer);
  }
  let content: unknown;
  try {
    content = parseXmlRequest(name, raw.toString('utf8'));
  } catch (error) {
    if (error instanceof XmlRefused) return { ok: false, dialect: 'xml', reason: error.message };
    throw error;
  }
  if (isVendorXml(name, content)) {
    const schema = vendorSchemas[name];
    return fromStandard('vendor-xml', schema, fromXml(schema, content), headerBearer);
  }
  const parsed = parseSarftRequest(name, fromXml(sarftCalls[name].request, content));
  if (!parsed.success) return refused('xml', parsed.error);
  return { ok: true, dialect: 'xml', request: parsed.data, bearer: headerBearer };
}

function isSeedJson(name: SarftCallName, body: Record<string, unknown>): boolean {
  if (OUR_KEYS.some((key) => has(body, key))) return false;
  return name === 'auth' || SEED_KEYS.some((key) => has(body, key));
}

function isVendorXml(name: SarftCallName, content: unknown): boolean {
  if (content === null || typeof content !== 'object' || Array.isArray(content)) return false;
  if (OUR_ELEMENTS.some((element) => has(content, element))) return false;
  return (
    name === 'auth' || VENDOR_ELEMENTS.some((element) => has(content, element)) || (name === 'printResult' && has(content, 'TicketCount'))
  );
}

function fromStandard(
  dialect: 'seed-json' | 'vendor-xml',
  schema: Schemas[SarftCallName],
  body: unknown,
  headerBearer: string | undefined,
) {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    // The schemas' messages name our fields ("printNo must be…"): said in the asker's names.
    const names = dialect === 'seed-json' ? 'seed' : 'vendor';
    const fields = validationFields(parsed.error).map(({ field, problem }) => ({
      field,
      problem: problem.replace(/\b(printNo|ticketCount|verifyCodeMd5)\b/gu, (ours) => standardFieldNames[ours as 'printNo'][names]),
    }));
    return refused(dialect, undefined, fields);
  }
  const { token, ...request } = parsed.data;
  if (typeof token === 'string' && headerBearer !== undefined && token !== headerBearer) {
    const field = dialect === 'seed-json' ? 'token' : 'Token';
    return refused(dialect, undefined, [{ field, problem: 'differs from the Authorization header' }]);
  }
  return { ok: true, dialect, request, bearer: headerBearer ?? (token as string | undefined) } as const;
}

function refused(dialect: Dialect, error: ZodError | undefined, fields = error ? validationFields(error) : []): DecodedRequest {
  return { ok: false, dialect, reason: 'validation failed', details: { fields } };
}

/** Names the offending fields (in the asker's names) without echoing their (possibly hostile) values. */
function validationFields(error: ZodError): { field: string; problem: string }[] {
  return error.issues
    .slice(0, 10)
    .map((issue) => ({ field: issue.path.join('.').slice(0, 64) || '(body)', problem: issue.message.slice(0, 120) }));
}

/**
 * A reply in the asker's dialect, but for our JSON (the server sends that itself). `printNo`: the
 * request's, for the standard's per-ticket `PrintNo`.
 */
export function encodeDialectReply(
  dialect: Exclude<Dialect, 'json'>,
  name: SarftCallName,
  body: Record<string, unknown>,
  printNo: string | undefined,
): { contentType: string; payload: string } {
  const reply = withStandardTicketFields(body, printNo);
  if (dialect === 'seed-json') return { contentType: 'application/json; charset=utf-8', payload: JSON.stringify(snakeKeys(reply)) };
  return { contentType: 'application/xml; charset=utf-8', payload: encodeXmlReply(name, reply) };
}

function withStandardTicketFields(body: Record<string, unknown>, printNo: string | undefined): Record<string, unknown> {
  if (!Array.isArray(body.tickets)) return body;
  const tickets = (body.tickets as Record<string, unknown>[]).map((t) => ({
    ...(printNo !== undefined ? { printNo } : {}),
    ...t,
    price: yuan(t.priceCents),
    service: yuan(t.serviceFeeCents),
  }));
  return { ...body, tickets };
}

/** Integer cents as the standard's money: yuan with two decimals, exactly. */
export function yuan(cents: unknown): string | undefined {
  if (typeof cents !== 'number' || !Number.isSafeInteger(cents)) return undefined;
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const snake = (key: string): string => key.replace(/[A-Z]/gu, (c) => `_${c.toLowerCase()}`);

function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[snake(key)] = snakeKeys(v);
  return out;
}
