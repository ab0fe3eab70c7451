// Bytes per ticket and per 4-ticket booking, native and raster QR; the transfer time those bytes take
// on a serial line at 9600, 38400 and 115200 baud (8N1: 10 bits a byte) beside the time to print a
// ticket at 250 mm/s; and the time to build one ticket's bytes.
// Run: npx tsx bench/ticket-bytes.bench.ts
import { performance } from 'node:perf_hooks';
import { buildTicketBytes, defaultLayoutProfile } from '../electron/core/printing/ticket-layout';
import { decodeEscPos } from '../electron/core/printing/escpos-decoder';
import type { ReleasedTicket } from '../shared/contract/sarft';
import { percentile, round } from './stats';

const ticket: ReleasedTicket = {
  ticketCode: '3109021100000001',
  cinemaName: '星河影城 (演示)',
  screenName: '2号厅 IMAX',
  filmName: '哪吒之魔童闹海',
  sessionDateTime: '2026-11-24T19:30:00+08:00',
  seatName: '12排10座',
  priceCents: 4500,
  serviceFeeCents: 300,
  printFlag: 0,
  state: 'claimed',
  returnValue: 0,
  // 8-digit cinema code + 172 Base64 characters, the real shape.
  ticketInfoCode: `31090211${'q'.repeat(171)}=`,
  cinemaCode: '31090211',
  reprintCount: 0,
};
const context = { terminalId: 'KIOSK-01', printedAt: '2026-11-24T18:05:00+08:00' };
const DOTS_PER_MM = 8; // 203 dpi
const LINE_DOTS = 30;

export function benchTicketBytes(): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const qrMode of ['native', 'raster'] as const) {
    const profile = { ...defaultLayoutProfile, qrMode };
    const bytes = buildTicketBytes(ticket, context, profile);
    const decoded = decodeEscPos(bytes);
    // Paper length: text lines, the QR (module count from a 180-character payload: version 8, 49 modules + quiet zone), feed.
    const qrDots = (49 + 8) * profile.qrModuleDots;
    const paperMm = (decoded.lines.length * LINE_DOTS + qrDots + profile.feedLinesBeforeCut * LINE_DOTS) / DOTS_PER_MM;
    const printMs = (paperMm / 250) * 1000;
    const times: number[] = [];
    for (let i = 0; i < 2_000; i += 1) {
      const started = performance.now();
      buildTicketBytes(ticket, context, profile);
      times.push(performance.now() - started);
    }
    result[qrMode] = {
      bytesPerTicket: bytes.length,
      bytesPer4TicketBooking: 4 * bytes.length,
      paperMm: round(paperMm),
      printMsAt250mmPerS: round(printMs),
      transferMs: Object.fromEntries([9600, 38400, 115200].map((baud) => [baud, round((bytes.length * 10 * 1000) / baud)])),
      buildMsP50: round(percentile(times, 50), 3),
      buildMsP99: round(percentile(times, 99), 3),
    };
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(benchTicketBytes(), null, 2));
