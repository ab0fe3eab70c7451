import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import type { RunningHost } from '../../electron/host/host';
import { SerialPrinterTransport, parseSerialUrl } from '../../electron/core/printing/transports/serial.transport';
import { SerialScanner } from '../../electron/core/scanning/serial-scanner';
import { startVirtualPrinter, type RunningVirtualPrinter } from '../../electron/simulator/virtual-printer';
import { tempDir } from '../support/host-process';
import { startSocat } from '../support/socat';
import { eventually } from '../support/sim-control';
import { bookingPicker, startDemoHost } from '../support/in-process-host';

describe('a serial printer, through a pseudo-terminal bridged by socat to the virtual printer', () => {
  let printer: RunningVirtualPrinter;
  let host: RunningHost;
  const dir = tempDir('serial-printer');
  const link = join(dir, 'ttyPRINTER');

  beforeAll(async () => {
    printer = await startVirtualPrinter({ dir: join(dir, 'captures') });
    host = await startDemoHost({ printer: { url: `serial:${link}?baud=38400&parity=none&flow=none` } });
  });
  afterAll(async () => {
    await host?.stop();
    await printer?.close();
  });

  it('reads status, confirms each ticket and prints a 2-ticket booking over the serial line', async () => {
    const bridge = await startSocat(`pty,raw,echo=0,link=${link}`, `tcp:127.0.0.1:${printer.port}`, [link]);
    const b = bookingPicker(host)('unprinted', 2);
    try {
      expect(await host.core.handlers['kiosk.collect']({ printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({
        ok: true,
        value: { printed: 2, failed: 0, unknown: 0 },
      });
    } finally {
      await bridge.stop();
    }
    const job = (
      await eventually(
        async () => printer.jobs(),
        (j) => j.length > 0,
      )
    ).at(-1)!;
    expect(job.cuts).toBe(2);
    expect(job.qrPayloads).toEqual(host.demo!.sim!.state.findBooking(b.bookingNumber, undefined)!.tickets.map((t) => t.ticketInfoCode));
  });

  it('refuses before the first byte when the serial line is not there', async () => {
    const b = bookingPicker(host)('unprinted', 1);
    expect(await host.core.handlers['kiosk.collect']({ printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({
      ok: false,
      error: { code: 'PRINTER_NOT_READY' },
    });
  });

  it('writes exactly the bytes it is given to the other end of a pty pair', async () => {
    const a = join(dir, 'ttyA');
    const other = join(dir, 'ttyB');
    const pair = await startSocat(`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${other}`, [a, other]);
    const reader = new SerialPort({ path: other, baudRate: 9600 });
    const received: Buffer[] = [];
    reader.on('data', (d: Buffer) => received.push(d));
    try {
      await new Promise<void>((resolve, reject) => reader.once('open', resolve).once('error', reject));
      const session = await new SerialPrinterTransport(parseSerialUrl(`serial:${a}?baud=9600`)!).open();
      const payload = Buffer.from([0x1b, 0x40, 0x1c, 0x26, 0xc1, 0xf7, 0xc0, 0xcb, 0x0a, 0x1d, 0x56, 0x01]);
      await session.write(payload);
      await eventually(
        async () => Buffer.concat(received).length,
        (n) => n >= payload.length,
      );
      expect(Buffer.concat(received)).toEqual(payload);
      await session.close();
    } finally {
      await new Promise<void>((resolve) => (reader.isOpen ? reader.close(() => resolve()) : resolve()));
      await pair.stop();
    }
  });

  it('parses serial settings and refuses odd ones', () => {
    expect(parseSerialUrl('serial:/dev/ttyUSB0?baud=115200&parity=even&flow=rtscts')).toMatchObject({
      path: '/dev/ttyUSB0',
      baudRate: 115200,
      parity: 'even',
      flow: 'rtscts',
      dataBits: 8,
      stopBits: 1,
    });
    for (const bad of ['serial:/dev/x?baud=12345', 'serial:/dev/x?parity=mark', 'serial:/dev/x?flow=magic', 'tcp://x:1'])
      expect(parseSerialUrl(bad)).toBeNull();
  });
});

describe('a serial scanner through a socat pty pair', () => {
  it('reads scans with suffix and prefix, survives an unplug, and reconnects when the port is back', async () => {
    const dir = tempDir('serial-scanner');
    const device = join(dir, 'ttySCANNER');
    const feeder = join(dir, 'ttyFEED');
    let pair = await startSocat(`pty,raw,echo=0,link=${device}`, `pty,raw,echo=0,link=${feeder}`, [device, feeder]);
    const scanner = new SerialScanner({ path: device, baudRate: 9600, suffix: 'CR', prefix: ']Q1', reconnectMs: 100 });
    const scans: string[] = [];
    const states: string[] = [];
    scanner.on('scan', (s) => scans.push(s));
    scanner.on('connected', () => states.push('connected'));
    scanner.on('disconnected', () => states.push('disconnected'));
    const send = async (text: string) => {
      const port = new SerialPort({ path: feeder, baudRate: 9600 });
      await new Promise<void>((resolve, reject) => port.once('open', resolve).once('error', reject));
      await new Promise<void>((resolve) => port.write(text, () => port.drain(() => resolve())));
      await new Promise<void>((resolve) => setTimeout(resolve, 100));
      await new Promise<void>((resolve) => port.close(() => resolve()));
    };
    try {
      scanner.start();
      await eventually(
        async () => scanner.connected,
        (c) => c,
      );
      await send(']Q10000000000111972|WQNX8JL\r111973\r');
      await eventually(
        async () => scans.length,
        (n) => n >= 2,
      );
      expect(scans).toEqual(['0000000000111972|WQNX8JL', '111973']);

      await pair.stop(); // unplugged
      await eventually(
        async () => states.includes('disconnected'),
        (d) => d,
      );
      pair = await startSocat(`pty,raw,echo=0,link=${device}`, `pty,raw,echo=0,link=${feeder}`, [device, feeder]);
      await eventually(
        async () => states.filter((s) => s === 'connected').length,
        (n) => n >= 2,
        5_000,
      );
      await send('https://t.example/p?printNo=111974&verifyCode=ABCD\r');
      await eventually(
        async () => scans.length,
        (n) => n >= 3,
      );
      expect(scans[2]).toBe('https://t.example/p?printNo=111974&verifyCode=ABCD');
    } finally {
      await scanner.stop();
      await pair.stop();
    }
  });
});
