import iconv from 'iconv-lite';

/**
 * Chinese text for printers in two-byte (GBK range) mode. `¥` (U+00A5) is a four-byte GB18030
 * sequence that such printers print as garbage, so it becomes the full-width `￥` (A3 A4).
 * Characters outside the two-byte range become `?` rather than corrupting the line.
 */
export function encodeGb18030(text: string): Buffer {
  const mapped = text.replace(/\u00a5/gu, '\uffe5');
  const parts: Buffer[] = [];
  for (const char of mapped) {
    const bytes = iconv.encode(char, 'gb18030');
    parts.push(bytes.length <= 2 ? bytes : Buffer.from('?'));
  }
  return Buffer.concat(parts);
}
