import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { appendQr, newDocument, QR_MAX_BYTES } from '../../electron/core/printing/escpos-document';
import { unitAt } from '../../electron/core/printing/escpos-tokenizer';
import { decodeEscPos } from '../../electron/core/printing/escpos-decoder';
import { defaultLayoutProfile, type LayoutProfile } from '../../electron/core/printing/ticket-layout';
import { buildSlipBytes } from '../../electron/core/printing/slip-layout';
import { hasUnsafeCharacters, printableText } from '../../shared/domain/text';
import { commandsOf } from '../support/escpos-units';

/** The bytes one `text(line)` call adds to a document. */
function textBytes(line: string, profile: LayoutProfile = defaultLayoutProfile): Buffer {
  const { printer, text } = newDocument(profile);
  const before = Buffer.from(printer.getBuffer()).length;
  text(line);
  return Buffer.from(printer.getBuffer()).subarray(before);
}

/** Printable ASCII, or a GBK two-byte pair: lead 0x81–0xFE, trail 0x40–0x7E or 0x80–0xFE. */
function isPrintableGbkText(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i += 1) {
    const b = bytes[i]!;
    if (b >= 0x20 && b <= 0x7e) continue;
    const trail = bytes[i + 1];
    if (b < 0x81 || b > 0xfe || trail === undefined || trail < 0x40 || trail === 0x7f || trail > 0xfe) return false;
    i += 1;
  }
  return true;
}

const DRAWER_PULSE = '\x10\x14\x01\x00\x05';
const CUT = '\x1dV\x00';
const NV_PRINT = '\x1cq';
/** Strings rich in what an attacker would send: controls, C1, separators, bidi, CJK, emoji, lone surrogates. */
const hostileChar = fc.oneof(
  fc.integer({ min: 0, max: 0x20 }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x7f, max: 0xa0 }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\u2028', '\u2029', '\u202e', '\u2066', '\u2069', '\ufffd', '¥', '票', '😀', '\ud800', '\udfff', 'A', '1'),
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
);
const hostileString = fc.oneof(
  fc.string({ unit: hostileChar, maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(DRAWER_PULSE, CUT, NV_PRINT, `片名${CUT}${DRAWER_PULSE}`),
);

describe('text reaches the paper as text only (the ESC/POS document builder)', () => {
  it('for any string, text() emits no byte below 0x20 but its own LF, and only printable ASCII or GBK pairs', () => {
    fc.assert(
      fc.property(hostileString, fc.constantFrom<LayoutProfile['type']>('epson', 'star'), (line, type) => {
        const bytes = textBytes(line, { ...defaultLayoutProfile, type });
        expect(bytes.at(-1)).toBe(0x0a);
        const body = bytes.subarray(0, -1);
        expect(body.every((b) => b >= 0x20 && b !== 0x7f)).toBe(true);
        expect(isPrintableGbkText(body)).toBe(true);
        // As an EPSON printer reads it: text units, then the one line feed.
        const kinds: string[] = [];
        for (let i = 0; i < bytes.length;) {
          const unit = unitAt(bytes, i)!;
          kinds.push(unit.kind);
          i += unit.length;
        }
        expect(kinds.slice(0, -1).every((k) => k === 'text')).toBe(true);
        expect(kinds.at(-1)).toBe('lf');
      }),
      { numRuns: 3000 },
    );
  });

  it('GB18030 itself never needs a control byte: two-byte trails are ≥ 0x40, four-byte forms use 0x30–0x39 in positions 2 and 4 (every BMP character checked)', () => {
    for (let c = 0x80; c <= 0xffff; c += 1) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const bytes = iconv.encode(String.fromCharCode(c), 'gb18030');
      if (bytes.length === 2) {
        expect(
          bytes[0]! >= 0x81 && bytes[0]! <= 0xfe && bytes[1]! >= 0x40 && bytes[1]! !== 0x7f && bytes[1]! <= 0xfe,
          `U+${c.toString(16)}`,
        ).toBe(true);
      } else {
        expect(bytes.length, `U+${c.toString(16)}`).toBe(4);
        const [b1, b2, b3, b4] = bytes;
        expect(b1! >= 0x81 && b2! >= 0x30 && b2! <= 0x39 && b3! >= 0x81 && b4! >= 0x30 && b4! <= 0x39, `U+${c.toString(16)}`).toBe(true);
      }
    }
  });

  it('a drawer pulse, a cut and an NV-memory command in a line print as placeholders', () => {
    const bytes = textBytes(`退票${DRAWER_PULSE}原因${CUT}${NV_PRINT}`);
    for (const attack of [DRAWER_PULSE, CUT, NV_PRINT]) expect(bytes.includes(Buffer.from(attack, 'latin1'))).toBe(false);
    const job = decodeEscPos(bytes);
    expect(job.cuts).toBe(0);
    expect(job.lines).toEqual(['退票?????原因?V??q']);
  });

  it('a slip whose lines carry commands has exactly the commands of a clean slip', () => {
    const clean = buildSlipBytes(
      { heading: '星河影城', title: '退票凭证 REFUND', lines: ['原因 Reason: 顾客行程变更', 'x'], qr: 'R-2026-0001' },
      defaultLayoutProfile,
    );
    const hostile = buildSlipBytes(
      { heading: `星河影城${CUT}`, title: `退票凭证${NV_PRINT}`, lines: [`原因 Reason: ${DRAWER_PULSE}`, '\x1b@'], qr: 'R-2026-0001' },
      defaultLayoutProfile,
    );
    expect(commandsOf(hostile)).toEqual(commandsOf(clean));
  });
});

describe('QR payloads are data inside a byte-counted frame', () => {
  it('a payload holding commands stays inside the EPSON store command', () => {
    const { printer } = newDocument(defaultLayoutProfile);
    appendQr(printer, `票${CUT}${DRAWER_PULSE}`, defaultLayoutProfile);
    const job = decodeEscPos(Buffer.from(printer.getBuffer()));
    expect(job.cuts).toBe(0);
    expect(Buffer.from(job.qrPayloads[0]!, 'latin1').toString('utf8')).toBe(`票${CUT}${DRAWER_PULSE}`);
  });

  it('STAR: the store command (ESC GS y D 1 0 nL nH) carries the UTF-8 byte count before the data', () => {
    const star = { ...defaultLayoutProfile, type: 'star' as const };
    const { printer } = newDocument(star);
    const before = Buffer.from(printer.getBuffer()).length;
    const payload = `票${CUT}`;
    appendQr(printer, payload, star);
    const bytes = Buffer.from(printer.getBuffer()).subarray(before);
    const data = Buffer.from(payload, 'utf8');
    const store = Buffer.concat([
      Buffer.from([0x1b, 0x1d, 0x79, 0x44, 0x31, 0x00, data.length, 0]),
      data,
      Buffer.from([0x1b, 0x1d, 0x79, 0x50]),
    ]);
    expect(bytes.includes(store)).toBe(true);
  });

  it('refuses a payload longer than the store command takes (its length header would overflow)', () => {
    const { printer } = newDocument(defaultLayoutProfile);
    expect(() => appendQr(printer, 'A'.repeat(65_536), defaultLayoutProfile)).toThrow(RangeError);
    expect(() => appendQr(printer, 'A'.repeat(QR_MAX_BYTES + 1), defaultLayoutProfile)).toThrow(RangeError);
  });
});

describe('printableText and the unsafe set', () => {
  it('turns line breaks into spaces and other controls, C1, separators and bidi overrides into U+FFFD', () => {
    expect(printableText('a\tb\r\nc')).toBe('a b  c');
    expect(printableText('x\x1bq\x85\u202eevil\u2066')).toBe('x\ufffdq \ufffdevil\ufffd');
    expect(printableText('流浪地球3 ¥45')).toBe('流浪地球3 ¥45');
    fc.assert(fc.property(hostileString, (s) => !hasUnsafeCharacters(printableText(s))));
  });
});
