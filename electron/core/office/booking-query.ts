import { createHash } from 'node:crypto';
import { bookingNumberOf } from '../../../shared/domain/print-no';
import { isVerifyCode, parseScanPayload } from '../../../shared/domain/scan-payload';

/**
 * What the clerk typed or scanned, read as what it names. Order matters: a refund slip's code; a
 * printed ticket's national QR (8 digits then Base64) or its 16-digit ticket code (which, unlike a
 * pickup number, does not start with zeros); a pickup number with or without its verify code, as
 * the kiosk reads them; a verify code alone.
 */
export type BookingQuery =
  | { kind: 'refund-code'; text: string }
  | { kind: 'ticket'; code: string }
  | { kind: 'booking'; bookingNumber: number; verifyMd5?: string }
  | { kind: 'verify-code'; verifyMd5: string }
  | { kind: 'unrecognised' };

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

export function readBookingQuery(raw: string): BookingQuery {
  const text = raw.replace(/[\r\n\t]+$/u, '').trim();
  if (/^RF-/iu.test(text)) return { kind: 'refund-code', text };
  if (/^\d{8}[A-Za-z0-9+/]{40,}={0,2}$/u.test(text) || /^[1-9]\d{15}$/u.test(text)) return { kind: 'ticket', code: text };
  const scan = parseScanPayload(text);
  if (scan.kind === 'pickup')
    return {
      kind: 'booking',
      bookingNumber: bookingNumberOf(scan.printNo),
      ...(scan.verifyCode ? { verifyMd5: md5(scan.verifyCode) } : {}),
    };
  if (isVerifyCode(text)) return { kind: 'verify-code', verifyMd5: md5(text) };
  return { kind: 'unrecognised' };
}
