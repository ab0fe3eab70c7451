// The collection bench's peers in a process of their own (COLLECTION_PEERS=process): the central
// simulator and the virtual printer (which decodes every job and renders its PNG preview) then do not
// run on the host's event loop, as in a cinema where central is remote and the printer is a device.
// Started by collection.bench.ts over IPC: READY with the URLs; bookings made on request; for every
// printer connection the time its last byte was in (performance.timeOrigin + now, comparable across
// processes) and every stored job.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startCentralSim } from '../electron/simulator/central-sim.server';
import { startVirtualPrinter, type StoredJob } from '../electron/simulator/virtual-printer';

const sim = await startCentralSim({ port: 0, seed: 1 });
const printer = await startVirtualPrinter({ dir: mkdtempSync(join(tmpdir(), 'bench-collect-printer-')) });
printer.events.on('received', () => process.send!({ receivedAt: performance.timeOrigin + performance.now() }));
printer.events.on('job', (job: StoredJob) => process.send!({ job: { job: job.job, bytes: job.bytes } }));
process.on('message', (message: { createBooking?: { id: number; ticketCount: number; sessionId: string } }) => {
  if (!message.createBooking) return;
  const { id, ticketCount, sessionId } = message.createBooking;
  const booking = sim.state.createBooking({ ticketCount, sessionId });
  process.send!({ booking: { id, bookingNumber: booking.bookingNumber, bookingId: booking.bookingId } });
});
process.send!({ ready: { centralUrl: sim.baseUrl, token: sim.token, cinemaId: sim.cinemaId, printerUrl: printer.url } });
process.on('disconnect', () => {
  void Promise.allSettled([sim.close(), printer.close()]).then(() => process.exit(0));
});
