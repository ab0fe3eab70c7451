import { z } from 'zod';

/** Device settings: one schema for the config file, the technician console and the contract. */
/** A printer and how to drive it: link, command set, paper, Chinese mode, QR mode, cut, margins. */
export const printerProfileSchema = z.object({
  /** `tcp://HOST:PORT`, `serial:/dev/ttyUSB0?baud=38400&parity=none&flow=rtscts`, or `file:/dev/usb/lp0`. */
  url: z.string().regex(/^(tcp:\/\/[^\s/]+:\d+|serial:\S+|file:.+)$/u, 'printer must be tcp://HOST:PORT, serial:PATH?baud=N or file:PATH'),
  name: z.string().max(64).default('ticket printer'),
  type: z.enum(['epson', 'star']).default('epson'),
  paperWidthMm: z.union([z.literal(80), z.literal(58)]).default(80),
  /** Printers set to boot in Chinese (two-byte) mode need no switch command; others get FS & (EPSON) or ESC p (STAR). */
  bootsInChineseMode: z.boolean().default(false),
  /** Native `GS ( k`, or a raster image (for printers without a QR command), sent in strips. */
  qrMode: z.enum(['native', 'raster']).default('native'),
  /** Dots per QR module. */
  qrModuleDots: z.number().int().min(2).max(8).default(4),
  cutMode: z.enum(['full', 'partial', 'none']).default('partial'),
  leftMarginDots: z.number().int().min(0).max(200).default(0),
  feedLinesBeforeCut: z.number().int().min(0).max(10).default(3),
  /** How long one ticket may take to come out before its outcome is unknown. */
  ticketTimeoutMs: z.number().int().min(500).max(120_000).default(15_000),
});
export type PrinterProfile = z.infer<typeof printerProfileSchema>;
export type ScannerSettings = z.infer<typeof scannerSchema>;

/** A serial barcode scanner. */
export const scannerSchema = z.object({
  path: z.string().min(1),
  baudRate: z.union([z.literal(9600), z.literal(19200), z.literal(38400), z.literal(57600), z.literal(115200)]).default(9600),
  suffix: z.enum(['CR', 'LF', 'CRLF', 'none']).default('CR'),
  prefix: z.string().max(8).optional(),
});
