import type { SafeParseReturnType } from 'zod';
import { sarftCalls, type SarftCallName, type SarftParsedRequest } from '../../../shared/contract/sarft';
import { PRINT_NO_LENGTH, MAX_BOOKING_NUMBER } from '../../../shared/domain/print-no';

/**
 * The SARFT request schemas (shared/contract/sarft.ts, the contract of record) checked by hand for
 * the requests they accept: zod 3 costs about 30 µs a call, this a microsecond. A request the hand
 * check does not accept goes to zod, which refuses it (or, should the two ever disagree, accepts it)
 * with its own issues: refusals are zod's, word for word. tests/unit/sarft-request-check.test.ts
 * generates requests and holds the two to the same decisions and the same parsed values.
 */
export function parseSarftRequest<N extends SarftCallName>(name: N, body: unknown): SafeParseReturnType<unknown, SarftParsedRequest<N>> {
  const quick = quickParse(name, body);
  if (quick !== undefined) return { success: true, data: quick as SarftParsedRequest<N> };
  return sarftCalls[name].request.safeParse(body) as SafeParseReturnType<unknown, SarftParsedRequest<N>>;
}

/** The parsed request, as zod would give it; undefined when the hand check does not accept it. Exported for the test. */
export function quickParse(name: SarftCallName, body: unknown): object | undefined {
  if (!isPlainObject(body)) return undefined;
  switch (name) {
    case 'query':
      return quickQuery(body);
    case 'applyPrint':
      return quickApplyPrint(body);
    case 'printResult':
      return quickPrintResult(body);
    case 'auth':
      return quickAuth(body);
  }
  return undefined;
}

function quickQuery(body: Record<string, unknown>): object | undefined {
  let keys = 0;
  for (const key in body) {
    if (key !== 'printNo' && key !== 'ticketCount') return undefined;
    keys += 1;
  }
  const printNo = paddedPrintNo(body.printNo);
  if (printNo === undefined) return undefined;
  if (keys === 1) return { printNo };
  const ticketCount = body.ticketCount;
  if (ticketCount === undefined) return { printNo, ticketCount };
  if (typeof ticketCount !== 'number' || !Number.isInteger(ticketCount) || ticketCount < 1 || ticketCount > 999) return undefined;
  return { printNo, ticketCount };
}

function quickApplyPrint(body: Record<string, unknown>): object | undefined {
  let hasCodes = false;
  for (const key in body) {
    if (key === 'ticketCodes') hasCodes = true;
    else if (key !== 'printNo' && key !== 'verifyCodeMd5') return undefined;
  }
  const printNo = paddedPrintNo(body.printNo);
  const verifyCodeMd5 = body.verifyCodeMd5;
  if (printNo === undefined || !isHex32(verifyCodeMd5)) return undefined;
  if (!hasCodes) return { printNo, verifyCodeMd5 };
  const ticketCodes = body.ticketCodes;
  if (ticketCodes === undefined) return { printNo, verifyCodeMd5, ticketCodes };
  const codes = ticketCodeList(ticketCodes, 1);
  return codes && { printNo, verifyCodeMd5, ticketCodes: codes };
}

function quickPrintResult(body: Record<string, unknown>): object | undefined {
  for (const key in body) if (key !== 'printNo' && key !== 'printToken' && key !== 'printed' && key !== 'failed') return undefined;
  const printNo = paddedPrintNo(body.printNo);
  const printToken = body.printToken;
  if (printNo === undefined || !isShortText(printToken, 128)) return undefined;
  const printed = ticketCodeList(body.printed, 0);
  const failed = printed && ticketCodeList(body.failed, 0);
  return failed && { printNo, printToken, printed, failed };
}

function quickAuth(body: Record<string, unknown>): object | undefined {
  for (const key in body) if (key !== 'username' && key !== 'password' && key !== 'terminalId') return undefined;
  const { username, password, terminalId } = body;
  if (!isShortText(username, 64) || !isShortText(password, 256) || !isShortText(terminalId, 64)) return undefined;
  return { username, password, terminalId };
}

/** What a JSON or XML body decodes to; anything else (arrays, class instances) is left to zod. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

const MAX_PADDED = String(MAX_BOOKING_NUMBER).padStart(PRINT_NO_LENGTH, '0');

/** 1 to 16 ASCII digits, at most MAX_BOOKING_NUMBER (isPrintNo), zero-padded to 16. */
function paddedPrintNo(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > PRINT_NO_LENGTH || !allDigits(value)) return undefined;
  const padded = value.length === PRINT_NO_LENGTH ? value : value.padStart(PRINT_NO_LENGTH, '0');
  return padded <= MAX_PADDED ? padded : undefined;
}

/** An array of at least `min`, at most 999 ticket codes (16 ASCII digits each); a copy, as zod gives. */
function ticketCodeList(value: unknown, min: number): string[] | undefined {
  if (!Array.isArray(value) || value.length < min || value.length > 999) return undefined;
  const codes: string[] = [];
  for (let i = 0; i < value.length; i += 1) {
    const code: unknown = value[i];
    if (typeof code !== 'string' || code.length !== 16 || !allDigits(code)) return undefined;
    codes.push(code);
  }
  return codes;
}

function isShortText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= max;
}

function isHex32(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 32) return false;
  for (let i = 0; i < 32; i += 1) {
    const c = value.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

function allDigits(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
