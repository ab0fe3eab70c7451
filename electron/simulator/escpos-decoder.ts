import iconv from 'iconv-lite';

/** What a printed job looks like to a person: text lines, QR payloads and cuts, per ticket (cut to cut). */
export interface DecodedJob {
  lines: string[];
  qrPayloads: string[];
  cuts: number;
  /** Sections between cuts: one per ticket for ticket jobs. */
  pieces: { lines: string[]; qrPayloads: string[] }[];
}

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;
const LF = 0x0a;

/** Argument byte counts of the ESC and GS commands our printers receive (the rest are skipped as one byte). */
const escArgs: Record<number, number> = { 0x40: 0, 0x61: 1, 0x45: 1, 0x2d: 1, 0x4d: 1, 0x64: 1, 0x74: 1, 0x21: 1, 0x7b: 1, 0x47: 1, 0x32: 0, 0x33: 1, 0x52: 1, 0x4a: 1, 0x70: 3, 0x42: 1 };
const gsArgs: Record<number, number> = { 0x21: 1, 0x42: 1, 0x48: 1, 0x66: 1, 0x68: 1, 0x77: 1, 0x4c: 2, 0x57: 2, 0x62: 1, 0x7c: 1, 0x61: 1 };
const fsArgs: Record<number, number> = { 0x26: 0, 0x2e: 0, 0x43: 1, 0x21: 1, 0x2d: 1, 0x57: 1 };

/** Decodes ESC/POS bytes the way an EPSON-compatible printer in Chinese (GB18030) mode would render them. */
export function decodeEscPos(bytes: Buffer): DecodedJob {
  const job: DecodedJob = { lines: [], qrPayloads: [], cuts: 0, pieces: [] };
  let piece = { lines: [] as string[], qrPayloads: [] as string[] };
  let text: number[] = [];
  const flushLine = () => {
    const line = iconv.decode(Buffer.from(text), 'gb18030').replace(/\s+$/u, '');
    text = [];
    if (line.length > 0) {
      job.lines.push(line);
      piece.lines.push(line);
    }
  };
  const endPiece = () => {
    flushLine();
    if (piece.lines.length > 0 || piece.qrPayloads.length > 0) job.pieces.push(piece);
    piece = { lines: [], qrPayloads: [] };
  };

  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === LF) {
      flushLine();
      i += 1;
    } else if (b === DLE && bytes[i + 1] === 0x04) {
      i += 3; // real-time status request
    } else if (b === ESC) {
      const cmd = bytes[i + 1] ?? 0;
      if (cmd === 0x2a) {
        // ESC * m nL nH: bit image column data
        const width = (bytes[i + 3] ?? 0) + 256 * (bytes[i + 4] ?? 0);
        const m = bytes[i + 2] ?? 0;
        i += 5 + width * (m >= 32 ? 3 : 1);
      } else {
        i += 2 + (escArgs[cmd] ?? 0);
      }
    } else if (b === FS) {
      i += 2 + (fsArgs[bytes[i + 1] ?? 0] ?? 0);
    } else if (b === GS) {
      const cmd = bytes[i + 1] ?? 0;
      if (cmd === 0x56) {
        // GS V m [n]: cut; m 65/66 carry a feed byte
        const m = bytes[i + 2] ?? 0;
        i += m >= 65 ? 4 : 3;
        job.cuts += 1;
        endPiece();
      } else if (cmd === 0x28 && bytes[i + 2] === 0x6b) {
        const len = (bytes[i + 3] ?? 0) + 256 * (bytes[i + 4] ?? 0);
        const cn = bytes[i + 5];
        const fn = bytes[i + 6];
        if (cn === 0x31 && fn === 0x50) {
          const payload = bytes.subarray(i + 8, i + 5 + len).toString('latin1');
          job.qrPayloads.push(payload);
          piece.qrPayloads.push(payload);
        }
        i += 5 + len;
      } else if (cmd === 0x76 && bytes[i + 2] === 0x30) {
        // GS v 0 m xL xH yL yH: raster image
        const x = (bytes[i + 4] ?? 0) + 256 * (bytes[i + 5] ?? 0);
        const y = (bytes[i + 6] ?? 0) + 256 * (bytes[i + 7] ?? 0);
        i += 8 + x * y;
      } else {
        i += 2 + (gsArgs[cmd] ?? 0);
      }
    } else if (b < 0x20 && b !== 0x09) {
      i += 1; // other control bytes print nothing
    } else {
      text.push(b);
      i += 1;
    }
  }
  endPiece();
  return job;
}
