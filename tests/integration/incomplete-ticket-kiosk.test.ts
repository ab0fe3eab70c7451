import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../electron/core/observability/logger';
import { startHost, type RunningHost } from '../../electron/host/host';
import { tempDir } from '../support/host-process';

/**
 * Our kiosk's own check before the first byte: a print service (another vendor's, or a broken one) that
 * releases a ticket without its hall still gets nothing printed; the kiosk reports the claim failed and
 * tells the customer to see the box office. The print service here is a small loopback server speaking
 * the contract's JSON (no such faulty peer exists to run).
 */
let service: Server;
let kiosk: RunningHost;
const reports: Record<string, unknown>[] = [];
const ticket = {
  ticketCode: '3109021100000001',
  cinemaName: '星河影城',
  screenName: '',
  filmName: '流浪地球3',
  sessionDateTime: '2030-12-08T19:30:00+08:00',
  seatName: '5排7座',
  priceCents: 4500,
  serviceFeeCents: 300,
  printFlag: 0,
  state: 'claimed',
  returnValue: 0,
  ticketInfoCode: '31090211QRQRQR',
  cinemaCode: '31090211',
  reprintCount: 0,
};

beforeAll(async () => {
  service = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const reply = (fields: object) => res.end(JSON.stringify({ resultCode: 0, message: 'ok', requestId: 'r', ...fields }));
      res.setHeader('content-type', 'application/json');
      if (req.url === '/sarft/v1/auth') return reply({ token: 'tok', expiresIn: 3600 });
      if (req.url === '/sarft/v1/tickets/apply-print') return reply({ printToken: 'claim-1', expiresIn: 120, tickets: [ticket] });
      if (req.url === '/sarft/v1/tickets/print-result') {
        reports.push(JSON.parse(body) as Record<string, unknown>);
        return reply({ printedCount: 0, printTime: '2030-12-08T19:00:00+08:00' });
      }
      res.statusCode = 404;
      reply({ resultCode: 9000 });
    });
  });
  await new Promise<void>((r) => service.listen(0, '127.0.0.1', r));
  kiosk = await startHost(
    {
      demo: false,
      dataDir: tempDir('kiosk-incomplete'),
      printServiceUrl: `http://127.0.0.1:${(service.address() as AddressInfo).port}`,
      terminal: { id: 'KIOSK-09', password: 'a-terminal-password' },
      printer: 'virtual',
      printServicePort: 0,
      uiPort: 0,
    },
    silentLogger(),
  );
});
afterAll(async () => {
  await kiosk?.stop();
  service?.close();
});

describe("the kiosk's own check of what a claim released", () => {
  it('a released ticket without its hall: nothing printed, the claim reported failed, the customer sent to the box office', async () => {
    expect(await kiosk.core.handlers['kiosk.collect']({ printNo: '111972', verifyCode: 'WQNX8JL' })).toMatchObject({
      ok: false,
      error: { code: 'TICKET_INCOMPLETE', details: { missing: ['screenName'] } },
    });
    expect(reports).toEqual([{ printNo: '0000000000111972', printToken: 'claim-1', printed: [], failed: [ticket.ticketCode] }]);
    await new Promise((r) => setTimeout(r, 200));
    expect(kiosk.virtualPrinter!.jobs()).toEqual([]);
  });
});
