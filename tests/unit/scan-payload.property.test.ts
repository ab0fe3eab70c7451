import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseScanPayload } from '../../shared/domain/scan-payload';
import { isPrintNo } from '../../shared/domain/print-no';

// Above 2^53 - 1 a printNo is refused (print-no.test.ts): booking numbers must stay exact.
const printNo = fc.stringMatching(/^\d{1,16}$/u).filter(isPrintNo);
const verifyCode = fc.stringMatching(/^[A-Za-z0-9]{4,20}$/u);

describe('scan payload parser (property tests)', () => {
  it('never throws, and anything it accepts is a 16-digit printNo with an optional 4–20 character code', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.webUrl({ withQueryParameters: true })), (raw) => {
        const parsed = parseScanPayload(raw);
        if (parsed.kind === 'pickup') {
          expect(parsed.printNo).toMatch(/^\d{16}$/u);
          if (parsed.verifyCode !== undefined) expect(parsed.verifyCode).toMatch(/^[A-Za-z0-9]{4,20}$/u);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it('reads back every well-formed payload in every accepted format', () => {
    fc.assert(
      fc.property(
        printNo,
        verifyCode,
        fc.constantFrom('|', ',', ';', ' ', 'url', 'url-short', 'alone'),
        fc.constantFrom('', '\r', '\n', '\r\n'),
        (p, v, format, suffix) => {
          const text =
            format === 'alone'
              ? p
              : format === 'url'
                ? `https://t.example/pickup?printNo=${p}&verifyCode=${v}`
                : format === 'url-short'
                  ? `http://t.example/?p=${p}&v=${v}`
                  : `${p}${format}${v}`;
          const parsed = parseScanPayload(text + suffix);
          expect(parsed).toEqual(
            format === 'alone'
              ? { kind: 'pickup', printNo: p.padStart(16, '0') }
              : { kind: 'pickup', printNo: p.padStart(16, '0'), verifyCode: v },
          );
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
