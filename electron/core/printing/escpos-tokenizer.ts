/**
 * Splits an ESC/POS byte stream into units (a command with its arguments, or one text byte), the way
 * an EPSON-compatible printer reads it. Shared by the virtual printer's engine and the decoder.
 */
export type UnitKind = 'text' | 'lf' | 'cut' | 'qr' | 'raster' | 'process-id' | 'realtime' | 'command';

export interface Unit {
  kind: UnitKind;
  length: number;
}

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;

const escArgs: Record<number, number> = {
  0x40: 0,
  0x61: 1,
  0x45: 1,
  0x2d: 1,
  0x4d: 1,
  0x64: 1,
  0x74: 1,
  0x21: 1,
  0x7b: 1,
  0x47: 1,
  0x32: 0,
  0x33: 1,
  0x52: 1,
  0x4a: 1,
  0x70: 3,
  0x42: 1,
};
const gsArgs: Record<number, number> = {
  0x21: 1,
  0x42: 1,
  0x48: 1,
  0x66: 1,
  0x68: 1,
  0x77: 1,
  0x4c: 2,
  0x57: 2,
  0x62: 1,
  0x7c: 1,
  0x61: 1,
  0x72: 1,
};
const fsArgs: Record<number, number> = { 0x26: 0, 0x2e: 0, 0x43: 1, 0x21: 1, 0x2d: 1, 0x57: 1 };

/** The unit starting at `i`, or null when the stream does not yet hold all of it. */
export function unitAt(b: Buffer, i: number): Unit | null {
  const need = (n: number, kind: UnitKind): Unit | null => (i + n <= b.length ? { kind, length: n } : null);
  const byte = b[i];
  if (byte === undefined) return null;
  if (byte === 0x0a) return { kind: 'lf', length: 1 };
  if (byte === DLE) {
    if (i + 1 >= b.length) return null;
    const cmd = b[i + 1];
    if (cmd === 0x04 || cmd === 0x05) return need(3, 'realtime');
    return { kind: 'command', length: 1 };
  }
  if (byte === ESC) {
    if (i + 1 >= b.length) return null;
    const cmd = b[i + 1]!;
    if (cmd === 0x2a) {
      if (i + 5 > b.length) return null;
      const m = b[i + 2]!;
      const width = b[i + 3]! + 256 * b[i + 4]!;
      return need(5 + width * (m >= 32 ? 3 : 1), 'raster');
    }
    return need(2 + (escArgs[cmd] ?? 0), 'command');
  }
  if (byte === FS) {
    if (i + 1 >= b.length) return null;
    return need(2 + (fsArgs[b[i + 1]!] ?? 0), 'command');
  }
  if (byte === GS) {
    if (i + 2 >= b.length) return null;
    const cmd = b[i + 1]!;
    if (cmd === 0x56) return need(b[i + 2]! >= 65 ? 4 : 3, 'cut');
    if (cmd === 0x28) {
      if (i + 5 > b.length) return null;
      const len = b[i + 3]! + 256 * b[i + 4]!;
      const kind: UnitKind = b[i + 2] === 0x6b ? 'qr' : b[i + 2] === 0x48 ? 'process-id' : 'command';
      return need(5 + len, kind);
    }
    if (cmd === 0x76 && b[i + 2] === 0x30) {
      if (i + 8 > b.length) return null;
      const x = b[i + 4]! + 256 * b[i + 5]!;
      const y = b[i + 6]! + 256 * b[i + 7]!;
      return need(8 + x * y, 'raster');
    }
    return need(2 + (gsArgs[cmd] ?? 0), 'command');
  }
  if (byte < 0x20 && byte !== 0x09) return { kind: 'command', length: 1 };
  return { kind: 'text', length: 1 };
}
