import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A refund's code, printed on its slip as text and QR: `RF-<cinema code>-<refund id>-<check>`. The
 * check is an HMAC under this host's secret, so the box office can tell a slip this cinema issued
 * from a forged or mistyped one before it looks anything up.
 */
const CODE = /^RF-(\d{1,12})-(\d{8})-([0-9A-HJKMNP-TV-Z]{10})$/u;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function check(secret: Buffer, cinemaCode: string, refundId: number): string {
  const mac = createHmac('sha256', secret).update(`refund:${cinemaCode}:${refundId}`).digest();
  let out = '';
  for (let i = 0; i < 10; i += 1) out += CROCKFORD[mac[i]! & 31];
  return out;
}

export function refundCodeOf(secret: Buffer, cinemaCode: string, refundId: number): string {
  return `RF-${cinemaCode}-${String(refundId).padStart(8, '0')}-${check(secret, cinemaCode, refundId)}`;
}

export function looksLikeRefundCode(text: string): boolean {
  return /^RF-/iu.test(text.trim());
}

/** The refund id a code names, when its check holds; null for anything else. */
export function verifyRefundCode(secret: Buffer, text: string): number | null {
  const m = CODE.exec(text.trim().toUpperCase());
  if (!m) return null;
  const refundId = Number(m[2]);
  const expected = Buffer.from(check(secret, m[1]!, refundId));
  const given = Buffer.from(m[3]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? refundId : null;
}
