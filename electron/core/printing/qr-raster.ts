import QRCode from 'qrcode';

/** Rows per raster strip: printers without a QR command get the image in small blocks, not one huge one. */
export const STRIP_ROWS = 24;

/**
 * The QR symbol as `GS v 0` raster strips (EPSON-compatible), for printers without the native
 * `GS ( k` command. The payload is encoded as bytes, so its length is counted right whatever it holds.
 */
export function qrRasterStrips(payload: string, moduleDots: number, ecc: 'L' | 'M' | 'Q' | 'H' = 'M'): Buffer[] {
  const symbol = QRCode.create([{ data: Buffer.from(payload, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: ecc });
  const quiet = 4;
  const modules = symbol.modules.size + 2 * quiet;
  const dots = modules * moduleDots;
  const widthBytes = Math.ceil(dots / 8);
  const image = Buffer.alloc(widthBytes * dots);
  for (let y = 0; y < dots; y += 1) {
    const r = Math.floor(y / moduleDots) - quiet;
    for (let x = 0; x < dots; x += 1) {
      const c = Math.floor(x / moduleDots) - quiet;
      const dark = r >= 0 && c >= 0 && r < symbol.modules.size && c < symbol.modules.size && symbol.modules.get(r, c);
      if (dark) image[y * widthBytes + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  const strips: Buffer[] = [];
  for (let top = 0; top < dots; top += STRIP_ROWS) {
    const rows = Math.min(STRIP_ROWS, dots - top);
    const header = Buffer.from([0x1d, 0x76, 0x30, 0x00, widthBytes & 0xff, widthBytes >> 8, rows & 0xff, rows >> 8]);
    strips.push(Buffer.concat([header, image.subarray(top * widthBytes, (top + rows) * widthBytes)]));
  }
  return strips;
}
