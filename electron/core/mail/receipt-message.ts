import QRCode from 'qrcode';
import { receiptText, type SaleReceipt } from '../../../shared/domain/sale-receipt';
import { printableText } from '../../../shared/domain/text';
import type { OutgoingMail } from './mailer';

const COUPON_CID = 'control-coupon@receipt';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A header value: one line, no control or bidi characters, at most `max` characters. */
const headerText = (s: string, max: number) =>
  printableText(s)
    .replace(/\ufffd/gu, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .slice(0, max);

/**
 * The receipt as an e-mail: the same lines as the paper (receiptText), as plain text and as HTML,
 * with the control coupon's QR as an inline PNG the HTML shows (a phone keeps it to collect the
 * tickets at any kiosk). The subject and the sender's name pass headerText: a film title cannot add
 * a header or a line to the message.
 */
export async function receiptMessage(
  receipt: SaleReceipt,
  to: string,
  messageId: string,
  from: { name: string; address: string },
): Promise<OutgoingMail> {
  const body = receiptText(receipt, 48, { wholeReferences: true });
  const png = await QRCode.toBuffer([{ data: Buffer.from(body.couponQr, 'utf8'), mode: 'byte' }], {
    type: 'png',
    errorCorrectionLevel: 'M',
    scale: 8,
    margin: 4,
  });
  const lines = [body.heading, body.title, '', ...body.lines.map((l) => (l === '=' ? '-'.repeat(48) : l)), '', ...body.couponLines];
  const html = [
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>',
    `<h1>${escapeHtml(body.heading)}</h1><h2>${escapeHtml(body.title)}</h2>`,
    `<pre style="font-family:monospace">${escapeHtml(body.lines.map((l) => (l === '=' ? '-'.repeat(48) : l)).join('\n'))}</pre>`,
    `<p><img src="cid:${COUPON_CID}" alt="取票二维码 Pickup QR ${escapeHtml(body.couponQr)}" width="264" height="264"></p>`,
    `<p>${body.couponLines.map(escapeHtml).join('<br>')}</p>`,
    '</body></html>',
  ].join('');
  return {
    from: { name: headerText(from.name, 60), address: from.address },
    to,
    subject: headerText(`购票凭证 Receipt · ${receipt.filmTitle} · ${receipt.showTime}`, 150),
    messageId,
    text: lines.join('\n'),
    html,
    inline: [{ cid: COUPON_CID, filename: 'pickup-qr.png', contentType: 'image/png', content: png }],
  };
}
