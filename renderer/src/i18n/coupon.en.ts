import type zh from './coupon.zh-CN';

const en: typeof zh = {
  title: 'Your pickup code',
  hint: 'Take a photo of this QR code. If your tickets did not print, show it at any ticket kiosk to collect them.',
  printNo: 'Pickup number',
  verifyCode: 'Verify code',
  qrLabel: 'Pickup QR code: pickup number {printNo}, verify code {verifyCode}',
};

export default en;
