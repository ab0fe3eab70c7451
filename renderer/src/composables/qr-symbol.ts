import QRCode from 'qrcode';

/** A QR symbol as an SVG path of its dark modules, with the quiet zone the standard asks for around it. */
export interface QrSymbol {
  /** The side of the symbol with its quiet zone, in modules (the SVG's viewBox). */
  side: number;
  path: string;
}

const QUIET = 4;

/**
 * Draws `text` (as UTF-8 bytes) as a QR symbol: an SVG path rather than a canvas, so it is sharp at
 * every kiosk size and the same on the first render. Used by the control coupon and the payment QR.
 */
export function qrSymbol(text: string, errorCorrectionLevel: 'L' | 'M' | 'Q' | 'H' = 'M'): QrSymbol {
  const qr = QRCode.create([{ data: new TextEncoder().encode(text), mode: 'byte' }], { errorCorrectionLevel });
  const size = qr.modules.size;
  let path = '';
  for (let row = 0; row < size; row += 1)
    for (let col = 0; col < size; col += 1) if (qr.modules.get(row, col)) path += `M${col + QUIET} ${row + QUIET}h1v1h-1z`;
  return { side: size + 2 * QUIET, path };
}
