import { padPrintNo } from './print-no';

/**
 * What a scan or a typed entry can carry. Accepted formats (documented in the README):
 * - `0000000000111972` or `111972`: pickup number alone (1–16 digits); the verify code is asked next.
 * - `111972|WQNX8JL`, `111972,WQNX8JL`, `111972;WQNX8JL`, `111972 WQNX8JL`: pickup number and verify code.
 * - a URL whose query carries `printNo` (or `print_no`, `p`) and `verifyCode` (or `verify_code`, `v`).
 */
export type ScanPayload =
  { kind: 'pickup'; printNo: string; verifyCode?: string } | { kind: 'invalid'; reason: 'empty' | 'too-long' | 'unrecognised' };

const MAX_PAYLOAD = 512;
const VERIFY_CODE = /^[A-Za-z0-9]{4,20}$/;
/** The longest verify code (VERIFY_CODE's bound): how many characters the kiosk's keypad takes. */
export const VERIFY_CODE_MAX_LENGTH = 20;
const PAIR = /^(\d{1,16})\s*[|,;\s]\s*([A-Za-z0-9]{4,20})$/;

export function isVerifyCode(input: string): boolean {
  return VERIFY_CODE.test(input);
}

export function parseScanPayload(raw: string): ScanPayload {
  const text = raw.replace(/[\r\n\t]+$/u, '').trim();
  if (text.length === 0) return { kind: 'invalid', reason: 'empty' };
  if (text.length > MAX_PAYLOAD) return { kind: 'invalid', reason: 'too-long' };

  const alone = padPrintNo(text);
  if (alone) return { kind: 'pickup', printNo: alone };

  const pair = PAIR.exec(text);
  if (pair) return pickup(pair[1], pair[2]);

  if (/^https?:\/\//iu.test(text)) return fromUrl(text);
  return { kind: 'invalid', reason: 'unrecognised' };
}

function fromUrl(text: string): ScanPayload {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { kind: 'invalid', reason: 'unrecognised' };
  }
  const q = url.searchParams;
  const printNo = q.get('printNo') ?? q.get('print_no') ?? q.get('p');
  const verifyCode = q.get('verifyCode') ?? q.get('verify_code') ?? q.get('v');
  if (!printNo) return { kind: 'invalid', reason: 'unrecognised' };
  return pickup(printNo, verifyCode ?? undefined);
}

function pickup(printNoRaw: string | undefined, verifyCode: string | undefined): ScanPayload {
  const printNo = padPrintNo(printNoRaw ?? '');
  if (!printNo) return { kind: 'invalid', reason: 'unrecognised' };
  if (verifyCode === undefined) return { kind: 'pickup', printNo };
  if (!isVerifyCode(verifyCode)) return { kind: 'invalid', reason: 'unrecognised' };
  return { kind: 'pickup', printNo, verifyCode };
}
