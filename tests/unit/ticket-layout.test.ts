import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { buildTicketBytes, defaultLayoutProfile, wallClock } from '../../electron/core/printing/ticket-layout';
import { encodeGb18030 } from '../../electron/core/printing/gb18030';
import { decodeEscPos } from '../../electron/core/printing/escpos-decoder';
import type { ReleasedTicket } from '../../shared/contract/sarft';

const ticket: ReleasedTicket = {
  ticketCode: '3109021100000001',
  cinemaName: '星河影城',
  screenName: '2号厅 IMAX',
  filmName: '流浪地球3',
  sessionDateTime: '2026-11-24T19:30:00+08:00',
  seatName: '7排10座',
  priceCents: 4500,
  serviceFeeCents: 300,
  printFlag: 0,
  state: 'claimed',
  returnValue: 0,
  ticketInfoCode: `31090211${'Ab+/'.repeat(43)}`,
  cinemaCode: '31090211',
  reprintCount: 0,
};
const context = { terminalId: 'KIOSK-01', printedAt: '2026-11-24T18:05:09+08:00', paperWidthMm: 80 as const };

describe('the printed ticket', () => {
  it('carries every field, the QR exactly as received, and one cut', () => {
    const job = decodeEscPos(buildTicketBytes(ticket, context));
    const text = job.lines.join('\n');
    for (const field of [
      '星河影城',
      '流浪地球3',
      '2号厅 IMAX',
      '2026-11-24 19:30',
      '7排10座',
      '￥45.00',
      '￥3.00',
      '3109021100000001',
      '2026-11-24 18:05',
      'KIOSK-01',
    ]) {
      expect(text).toContain(field);
    }
    expect(job.qrPayloads).toEqual([ticket.ticketInfoCode]);
    expect(job.cuts).toBe(1);
    expect(text).not.toContain('REPRINT');
  });
  it('encodes Chinese as GB18030 two-byte text, with ¥ as the full-width sign', () => {
    const bytes = buildTicketBytes(ticket, context);
    expect(bytes.includes(iconv.encode('流浪地球3', 'gb18030'))).toBe(true);
    expect(encodeGb18030('¥')).toEqual(Buffer.from([0xa3, 0xa4]));
    expect(encodeGb18030('😀')).toEqual(Buffer.from('?'));
  });
  it('prints REPRINT n where it applies', () => {
    expect(decodeEscPos(buildTicketBytes(ticket, { ...context, reprint: 2 })).lines).toContain('REPRINT 2');
  });
  it('counts a non-ASCII QR payload in bytes, not UTF-16 units', () => {
    const job = decodeEscPos(buildTicketBytes({ ...ticket, ticketInfoCode: '票' }, context));
    expect(Buffer.from(job.qrPayloads[0]!, 'latin1').toString('utf8')).toBe('票');
  });
  it('stays small: under 1.5 KB a ticket with a native QR', () => {
    expect(buildTicketBytes(ticket, context).length).toBeLessThan(1536);
  });
  it('shows the cinema wall clock as received', () => {
    expect(wallClock('2026-11-24T07:05:00-05:00')).toBe('2026-11-24 07:05');
  });
});

describe('printer profiles', () => {
  it('raster QR: GS v 0 strips of at most 24 rows, no native QR command', () => {
    const bytes = buildTicketBytes(ticket, context, { ...defaultLayoutProfile, qrMode: 'raster' });
    const job = decodeEscPos(bytes);
    const strips = job.blocks.filter((b) => b.kind === 'raster');
    expect(strips.length).toBeGreaterThan(3);
    expect(strips.every((s) => s.kind === 'raster' && s.height <= 24)).toBe(true);
    expect(job.qrPayloads).toEqual([]);
  });
  it('full, partial or no cut; left margin; no Chinese switch for printers that boot in Chinese mode', () => {
    const full = buildTicketBytes(ticket, context, { ...defaultLayoutProfile, cutMode: 'full', leftMarginDots: 16 });
    expect(full.includes(Buffer.from([0x1d, 0x56, 0x00]))).toBe(true);
    expect(full.includes(Buffer.from([0x1d, 0x4c, 16, 0]))).toBe(true);
    expect(decodeEscPos(buildTicketBytes(ticket, context, { ...defaultLayoutProfile, cutMode: 'none' })).cuts).toBe(0);
    expect(buildTicketBytes(ticket, context).includes(Buffer.from([0x1c, 0x26]))).toBe(true);
    expect(
      buildTicketBytes(ticket, context, { ...defaultLayoutProfile, bootsInChineseMode: true }).includes(Buffer.from([0x1c, 0x26])),
    ).toBe(false);
  });
  it('STAR printers get STAR commands (the QR store command, ESC p for Kanji mode)', () => {
    const star = buildTicketBytes(ticket, context, { ...defaultLayoutProfile, type: 'star' });
    expect(star.includes(Buffer.from([0x1b, 0x70]))).toBe(true);
    expect(star.includes(Buffer.from([0x1b, 0x1d, 0x79]))).toBe(true); // ESC GS y: STAR QR
    expect(star.includes(Buffer.from(ticket.ticketInfoCode))).toBe(true);
  });
  it('58 mm paper keeps every field', () => {
    const text = decodeEscPos(buildTicketBytes(ticket, context, { ...defaultLayoutProfile, paperWidthMm: 58 })).lines.join('\n');
    for (const field of ['流浪地球3', '7排10座', '3109021100000001']) expect(text).toContain(field);
  });
});
