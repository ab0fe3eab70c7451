import { Socket } from 'node:net';
import { StreamPrinterSession } from './stream-session';
import { PrinterLinkError, type PrinterSession, type PrinterTransport } from './transport';

/** ESC/POS over TCP (port 9100), with read-back on the same connection. */
export class TcpPrinterTransport implements PrinterTransport {
  readonly description: string;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeouts = { connectMs: 3_000, statusMs: 1_500, writeMs: 10_000 },
  ) {
    this.description = `tcp://${host}:${port}`;
  }

  static fromUrl(url: string): TcpPrinterTransport {
    const parsed = new URL(url);
    return new TcpPrinterTransport(parsed.hostname, Number(parsed.port || 9100));
  }

  open(): Promise<PrinterSession> {
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new PrinterLinkError(`no connection to ${this.description}`));
      }, this.timeouts.connectMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(new PrinterLinkError(`cannot reach ${this.description}: ${error.message}`, error));
      });
      socket.connect(this.port, this.host, () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.setNoDelay(true);
        resolve(new StreamPrinterSession(socket, this.timeouts));
      });
    });
  }
}
