import { padPrintNo } from './print-no';
import { isVerifyCode } from './scan-payload';

/** What a control coupon carries: enough to collect the tickets later at any kiosk. */
export interface ControlCoupon {
  printNo: string;
  verifyCode: string;
}

/**
 * The control coupon's QR text (seed 002's контрольный купон): the pickup number, zero-padded to 16
 * digits, and the verify code as `printNo|verifyCode`, the pair form every kiosk's scan path already
 * takes (parseScanPayload), so a phone showing it at any kiosk starts a collection with both filled in.
 * Plain digits and letters only: nothing a scanner's keyboard layout or a wedge could garble.
 */
export function controlCouponPayload(coupon: ControlCoupon): string {
  const printNo = padPrintNo(coupon.printNo);
  if (!printNo) throw new RangeError('a control coupon needs a pickup number of 1 to 16 digits');
  if (!isVerifyCode(coupon.verifyCode)) throw new RangeError('a control coupon needs a verify code of 4 to 20 letters or digits');
  return `${printNo}|${coupon.verifyCode}`;
}
