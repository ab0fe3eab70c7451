import { SerialPort } from 'serialport';
import { StreamPrinterSession } from './stream-session';
import { PrinterLinkError, type PrinterSession, type PrinterTransport } from './transport';

export interface SerialSettings {
  path: string;
  baudRate: number;
  parity: 'none' | 'even' | 'odd';
  dataBits: 7 | 8;
  stopBits: 1 | 2;
  flow: 'none' | 'rtscts' | 'xonxoff';
}

/** `serial:/dev/ttyUSB0?baud=38400&parity=none&dataBits=8&stopBits=1&flow=rtscts` → settings; null when malformed. */
export function parseSerialUrl(url: string): SerialSettings | null {
  const m = /^serial:([^?]+)(?:\?(.*))?$/u.exec(url);
  if (!m) return null;
  const q = new URLSearchParams(m[2] ?? '');
  const baudRate = Number(q.get('baud') ?? 9600);
  const parity = q.get('parity') ?? 'none';
  const dataBits = Number(q.get('dataBits') ?? 8);
  const stopBits = Number(q.get('stopBits') ?? 1);
  const flow = q.get('flow') ?? 'none';
  if (![1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200].includes(baudRate)) return null;
  if (
    !['none', 'even', 'odd'].includes(parity) ||
    ![7, 8].includes(dataBits) ||
    ![1, 2].includes(stopBits) ||
    !['none', 'rtscts', 'xonxoff'].includes(flow)
  )
    return null;
  return {
    path: m[1]!,
    baudRate,
    parity: parity as SerialSettings['parity'],
    dataBits: dataBits as 7 | 8,
    stopBits: stopBits as 1 | 2,
    flow: flow as SerialSettings['flow'],
  };
}

/** ESC/POS over a serial line (serialport), with read-back: status and confirmations work as over TCP. */
export class SerialPrinterTransport implements PrinterTransport {
  readonly description: string;

  constructor(
    private readonly settings: SerialSettings,
    private readonly timeouts = { statusMs: 1_500, writeMs: 30_000 },
  ) {
    this.description = `serial:${settings.path}@${settings.baudRate}`;
  }

  open(): Promise<PrinterSession> {
    const s = this.settings;
    const port = new SerialPort({
      path: s.path,
      baudRate: s.baudRate,
      parity: s.parity,
      dataBits: s.dataBits,
      stopBits: s.stopBits,
      rtscts: s.flow === 'rtscts',
      xon: s.flow === 'xonxoff',
      xoff: s.flow === 'xonxoff',
      autoOpen: false,
    });
    return new Promise((resolve, reject) => {
      port.open((error) => {
        if (error) reject(new PrinterLinkError(`cannot open ${this.description}: ${error.message}`, error));
        else resolve(new StreamPrinterSession(port, this.timeouts));
      });
    });
  }
}
