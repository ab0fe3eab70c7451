import iconv from 'iconv-lite';
import { unitAt } from './escpos-tokenizer';

/** One thing a person sees on the paper, in order. */
export type Block =
  | { kind: 'text'; text: string; align: 'left' | 'center' | 'right'; bold: boolean; scale: number }
  | { kind: 'qr'; payload: string; cellSize: number; ecc: 'L' | 'M' | 'Q' | 'H' }
  | { kind: 'raster'; widthBytes: number; height: number; data: string }
  | { kind: 'cut' };

/** What a printed job looks like to a person: text lines, QR payloads and cuts, per ticket (cut to cut). */
export interface DecodedJob {
  lines: string[];
  qrPayloads: string[];
  cuts: number;
  /** Sections between cuts: one per ticket for ticket jobs. */
  pieces: { lines: string[]; qrPayloads: string[] }[];
  blocks: Block[];
  /** Cash-drawer pulses (ESC p m t1 t2): the pin and the on/off times in ms. */
  drawerKicks: { pin: 2 | 5; onMs: number; offMs: number }[];
}

const ECC = { 0x30: 'L', 0x31: 'M', 0x32: 'Q', 0x33: 'H' } as const;

/** Decodes ESC/POS bytes the way an EPSON-compatible printer in Chinese (GB18030) mode would render them. */
export function decodeEscPos(bytes: Buffer): DecodedJob {
  const job: DecodedJob = { lines: [], qrPayloads: [], cuts: 0, pieces: [], blocks: [], drawerKicks: [] };
  let piece = { lines: [] as string[], qrPayloads: [] as string[] };
  let text: number[] = [];
  const style = { align: 'left' as 'left' | 'center' | 'right', bold: false, scale: 1 };
  const qr = { cellSize: 3, ecc: 'M' as 'L' | 'M' | 'Q' | 'H' };

  const flushLine = () => {
    const line = iconv.decode(Buffer.from(text), 'gb18030').replace(/\s+$/u, '');
    text = [];
    if (line.length === 0) return;
    job.lines.push(line);
    piece.lines.push(line);
    job.blocks.push({ kind: 'text', text: line, ...style });
  };
  const endPiece = () => {
    flushLine();
    if (piece.lines.length > 0 || piece.qrPayloads.length > 0) job.pieces.push(piece);
    piece = { lines: [], qrPayloads: [] };
  };

  let i = 0;
  while (i < bytes.length) {
    const unit = unitAt(bytes, i);
    if (!unit) break; // a truncated command at the end prints nothing
    const b1 = bytes[i + 1];
    switch (unit.kind) {
      case 'text':
        text.push(bytes[i]!);
        break;
      case 'lf':
        flushLine();
        break;
      case 'cut':
        job.cuts += 1;
        endPiece();
        job.blocks.push({ kind: 'cut' });
        break;
      case 'qr': {
        const fn = bytes[i + 6];
        if (bytes[i + 5] === 0x31 && fn === 0x43) qr.cellSize = bytes[i + 7] ?? 3;
        if (bytes[i + 5] === 0x31 && fn === 0x45) qr.ecc = ECC[(bytes[i + 7] ?? 0x31) as keyof typeof ECC] ?? 'M';
        if (bytes[i + 5] === 0x31 && fn === 0x50) {
          const payload = bytes.subarray(i + 8, i + unit.length).toString('latin1');
          job.qrPayloads.push(payload);
          piece.qrPayloads.push(payload);
          flushLine();
          job.blocks.push({ kind: 'qr', payload, ...qr });
        }
        break;
      }
      case 'raster':
        if (bytes[i] === 0x1d) {
          flushLine();
          const widthBytes = bytes[i + 4]! + 256 * bytes[i + 5]!;
          const height = bytes[i + 6]! + 256 * bytes[i + 7]!;
          job.blocks.push({ kind: 'raster', widthBytes, height, data: bytes.subarray(i + 8, i + unit.length).toString('base64') });
        }
        break;
      case 'command':
        if (bytes[i] === 0x1b && b1 === 0x61) style.align = (['left', 'center', 'right'] as const)[((bytes[i + 2] ?? 0) % 48) % 3]!;
        if (bytes[i] === 0x1b && b1 === 0x45) style.bold = (bytes[i + 2] ?? 0) % 2 === 1;
        if (bytes[i] === 0x1b && b1 === 0x40) Object.assign(style, { align: 'left', bold: false, scale: 1 });
        if (bytes[i] === 0x1b && b1 === 0x21) style.scale = ((bytes[i + 2] ?? 0) & 0x30) !== 0 ? 2 : 1;
        if (bytes[i] === 0x1b && b1 === 0x70)
          job.drawerKicks.push({
            pin: (bytes[i + 2] ?? 0) % 2 === 0 ? 2 : 5,
            onMs: (bytes[i + 3] ?? 0) * 2,
            offMs: (bytes[i + 4] ?? 0) * 2,
          });
        if (bytes[i] === 0x1d && b1 === 0x21) style.scale = Math.max(((bytes[i + 2] ?? 0) >> 4) + 1, ((bytes[i + 2] ?? 0) & 0x0f) + 1);
        break;
      default:
        break;
    }
    i += unit.length;
  }
  endPiece();
  return job;
}
