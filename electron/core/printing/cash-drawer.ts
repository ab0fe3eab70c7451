import type { TicketPrinter } from './ticket-printer';

/**
 * The cash drawer hangs off the receipt printer's drawer port and opens on ESC p m t1 t2 (generate
 * pulse): m picks the connector pin (0: pin 2, 1: pin 5), t1 and t2 are the pulse's on and off times
 * in 2 ms steps. Sent as a document through the one printer protocol, so the printer's process-ID
 * confirmation says the pulse was given; a printer that is not ready opens nothing.
 */
export interface DrawerPulse {
  /** The connector pin the drawer is wired to: most drawers use pin 2, a second drawer pin 5. */
  pin: 2 | 5;
  /** How long the solenoid is driven; 50 to 200 ms opens common drawers. */
  onMs: number;
}

export const DEFAULT_DRAWER_PULSE: DrawerPulse = { pin: 2, onMs: 100 };

/** ESC p with the times rounded to the printer's 2 ms steps; off time at least on time, as EPSON requires. */
export function drawerKickBytes(pulse: DrawerPulse): Buffer {
  const on = Math.min(255, Math.max(1, Math.round(pulse.onMs / 2)));
  const off = Math.min(255, Math.max(on, 250));
  return Buffer.from([0x1b, 0x70, pulse.pin === 2 ? 0 : 1, on, off]);
}

export type DrawerOutcome = 'opened' | 'not-ready' | 'unknown';

export class CashDrawer {
  constructor(
    private readonly printer: TicketPrinter,
    private readonly pulse: DrawerPulse = DEFAULT_DRAWER_PULSE,
  ) {}

  /** Opens the drawer: `opened` when the printer confirmed the pulse. */
  async open(): Promise<DrawerOutcome> {
    const { outcome } = await this.printer.printDocument(drawerKickBytes(this.pulse));
    return outcome === 'printed' ? 'opened' : outcome === 'unknown' ? 'unknown' : 'not-ready';
  }
}
