import { afterAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { silentLogger } from '../../electron/core/observability/logger';
import { startHost, type HostOptions, type RunningHost } from '../../electron/host/host';
import { SarftKioskHttpClient } from '../../electron/core/central/sarft-kiosk-service.client';
import { startHostProcess, tempDir, type HostProcess } from '../support/host-process';

const options = (over: Partial<HostOptions>): HostOptions => ({
  demo: true,
  dataDir: tempDir('kiosk-strict'),
  printServicePort: 0,
  uiPort: 0,
  printer: 'virtual',
  ...over,
});

let host: RunningHost | undefined;
let child: HostProcess | undefined;
afterAll(async () => {
  await host?.stop();
  await child?.stop('SIGKILL');
});

describe('the host with --demo --strict-seed', () => {
  it('runs the embedded simulator in strict mode and names its SarftKioskService stand-in', async () => {
    host = await startHost(options({ strictSeed: true }), silentLogger());
    const sim = host.demo!.sim!;
    expect(sim.strictSeed).toBe(true);
    expect(host.demo!.sarft).toEqual({ url: sim.sarft.url, username: sim.sarft.username, password: sim.sarft.password });

    const booking = sim.state.demoBookings().find((b) => b.state === 'unprinted' && b.ticketCount === 4)!;
    const res = await request(`${host.centralUrl}/RESTBooking.svc/booking`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connectapitoken: sim.token },
      body: JSON.stringify({
        ReturnTransactionStatusInfoIfSingleBookingMatch: true,
        BookingNumber: booking.bookingNumber,
        CinemaId: sim.cinemaId,
        OptionalClientId: '111.111.111.111',
      }),
    });
    const text = await res.body.text();
    expect(text).toContain('"ResultCode":0');
    expect(text).not.toMatch(/TicketCode|TicketInfoCode|SeatRowId|ScreenName/u);

    const sarft = new SarftKioskHttpClient({
      ...host.demo!.sarft!,
      baseUrl: host.demo!.sarft!.url,
      connectTimeoutMs: 1_000,
      requestTimeoutMs: 3_000,
    });
    try {
      const reply = await sarft.query(booking.printNo, 4);
      expect(reply.tickets.map((t) => t.ticketCode)).toEqual(
        sim.state.findBooking(booking.bookingNumber, undefined)!.tickets.map((t) => t.ticketCode),
      );
    } finally {
      await sarft.close();
    }
  });

  it('refuses --strict-seed without the embedded simulator', async () => {
    await expect(startHost(options({ demo: false, strictSeed: true }), silentLogger())).rejects.toThrow(
      /--strict-seed is for the embedded demo simulator/u,
    );
    await expect(
      startHost(
        options({ strictSeed: true, centralUrl: 'http://127.0.0.1:9/WSVistaWebClient', centralToken: 't', cinemaId: '0200' }),
        silentLogger(),
      ),
    ).rejects.toThrow(/--strict-seed is for the embedded demo simulator/u);
  });

  it('prints the stand-in in the CLI READY line', async () => {
    child = await startHostProcess(['--demo', '--strict-seed']);
    expect(child.stdout()).toMatch(/READY print-service=\S+ ui=\S+ central=\S+ sarft=http:\/\/127\.0\.0\.1:\d+\/SarftKioskService/u);
  });
});
