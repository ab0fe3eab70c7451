import { z } from 'zod';
import { printerStatus } from './common';
import { kioskCalls } from './kiosk';
import { staffCalls } from './staff';
import { officeCalls } from './office';
import { techCalls } from './tech';
import { officeSaleCalls, saleCalls, saleOrderEvent } from './sale';

/**
 * The one typed contract between the renderer and the core, carried by IPC or by HTTP. Each domain
 * keeps its calls in its own module (kiosk.ts, staff.ts, office.ts, tech.ts; shared schemas in
 * common.ts); this module composes them and holds the events.
 */
export { printerStates, printerStatus, type PrinterStatus } from './common';
export type { BookingDetail, RefundView, ShiftReportLine } from './office';

export const uiContract = {
  ...kioskCalls,
  ...staffCalls,
  ...officeCalls,
  ...techCalls,
  ...saleCalls,
  ...officeSaleCalls,
} as const;

export type UiCallName = keyof typeof uiContract;
export type UiInput<N extends UiCallName> = z.input<(typeof uiContract)[N]['input']>;
export type UiOutput<N extends UiCallName> = z.infer<(typeof uiContract)[N]['output']>;

export const uiEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('collection.progress'), printNo: z.string(), done: z.number().int(), total: z.number().int() }),
  z.object({ type: z.literal('printer.status'), status: printerStatus }),
  /** A scan from a serial scanner (keyboard-wedge scans are read in the renderer). */
  z.object({ type: z.literal('scanner.scan'), raw: z.string().max(1024) }),
  z.object({ type: z.literal('scanner.status'), path: z.string(), connected: z.boolean() }),
  /** An online refund's progress: each attempt, the wait before the next, and how it ended. */
  z.object({
    type: z.literal('office.refund.progress'),
    refundCode: z.string(),
    bookingNumber: z.number().int(),
    phase: z.enum(['sending', 'verifying', 'waiting', 'refunded', 'needs-staff']),
    attempt: z.number().int(),
    maxAttempts: z.number().int(),
    detail: z.string().optional(),
  }),
  saleOrderEvent,
]);
export type UiEvent = z.infer<typeof uiEvent>;

/**
 * Who may receive an event: `kiosk` any page of this host; `staff` only a stream opened with a live staff
 * session; `scan` a signed-in staff console when one listens, else the kiosk page (which collects with it).
 */
export const uiEventAudience: Record<UiEvent['type'], 'kiosk' | 'staff' | 'scan'> = {
  'collection.progress': 'kiosk',
  'printer.status': 'kiosk',
  'scanner.scan': 'scan',
  'scanner.status': 'staff',
  'office.refund.progress': 'staff',
  // Only the order id and state: each page follows its own order.
  'sale.order': 'kiosk',
};

export const isUiCallName = (name: string): name is UiCallName => Object.hasOwn(uiContract, name);
