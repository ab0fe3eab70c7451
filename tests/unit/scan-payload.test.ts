import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { parseScanPayload } from '../../shared/domain/scan-payload';

describe('scan payloads', () => {
  it('reads a pickup number alone', () => {
    expect(parseScanPayload('111972\r\n')).toEqual({ kind: 'pickup', printNo: '0000000000111972' });
  });
  it('reads pickup number and verify code with each separator', () => {
    for (const sep of ['|', ',', ';', ' ']) {
      expect(parseScanPayload(`0000000000111972${sep}WQNX8JL`)).toEqual({
        kind: 'pickup',
        printNo: '0000000000111972',
        verifyCode: 'WQNX8JL',
      });
    }
  });
  it('reads a URL carrying both', () => {
    expect(parseScanPayload('https://tickets.example/pickup?printNo=111972&verifyCode=WQNX8JL')).toEqual({
      kind: 'pickup',
      printNo: '0000000000111972',
      verifyCode: 'WQNX8JL',
    });
    expect(parseScanPayload('https://t.example/p?p=5&v=ABCD')).toEqual({ kind: 'pickup', printNo: '0000000000000005', verifyCode: 'ABCD' });
  });
  it('refuses what it cannot read', () => {
    expect(parseScanPayload('')).toEqual({ kind: 'invalid', reason: 'empty' });
    expect(parseScanPayload('x'.repeat(600))).toEqual({ kind: 'invalid', reason: 'too-long' });
    for (const bad of [
      'hello',
      '111972|AB',
      '111972|<script>',
      '12345678901234567',
      'https://x.example/?verifyCode=ABCD',
      'javascript:alert(1)',
    ]) {
      expect(parseScanPayload(bad).kind).toBe('invalid');
    }
  });
  it('the wire carries the MD5 of the verify code (VistaBookingId), as the seed says', () => {
    // The seed's sample booking id; MD5 is lower-case hex, 32 characters.
    const md5 = createHash('md5').update('WQNX8JL').digest('hex');
    expect(md5).toMatch(/^[0-9a-f]{32}$/u);
    expect(md5).not.toBe(createHash('md5').update('wqnx8jl').digest('hex'));
  });
});
