import type { RunningHost } from '../../electron/host/host';
import { SarftKioskHttpClient } from '../../electron/core/central/sarft-kiosk-service.client';
import { md5 } from './in-process-host';

/**
 * The two ticket sources every collection test runs against (issue 13): `central` (the default
 * simulator, GetSingleBooking with our extended fields, MarkBookingAsCollected) and `vista-sarft`
 * (the simulator in seed-strict mode, tickets, QR and printed mark from its SarftKioskService stand-in).
 */
export const ticketSourceModes = [
  { mode: 'central', strictSeed: false, markPath: '/booking/markcollected' },
  { mode: 'vista-sarft', strictSeed: true, markPath: '/SarftKioskService/FetchTicket' },
] as const;
export type TicketSourceMode = (typeof ticketSourceModes)[number];

/**
 * The national QR codes of a booking's tickets as its ticket source hands them out: central's
 * GetSingleBooking (the simulator's state) or the SarftKioskService's request 3, asked over its wire.
 */
export async function sourceQrCodes(host: RunningHost, bookingNumber: number): Promise<string[]> {
  const sim = host.demo!.sim!.state.findBooking(bookingNumber, undefined)!;
  const sarft = host.config.sarftUpstream;
  if (!sarft) return sim.tickets.map((t) => t.ticketInfoCode);
  const client = new SarftKioskHttpClient({
    baseUrl: sarft.url,
    username: sarft.username,
    password: sarft.password,
    connectTimeoutMs: 2_000,
    requestTimeoutMs: 5_000,
  });
  try {
    return (await client.print(String(bookingNumber), md5(sim.bookingId))).tickets.map((t) => t.ticketInfoCode);
  } finally {
    await client.close();
  }
}
