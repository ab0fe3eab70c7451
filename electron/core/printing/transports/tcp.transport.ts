import { Socket } from 'node:net';
import type { PrinterStatus } from '../../../../shared/contract/ui';
import { interpretStatus, statusRequestBytes, STATUS_REQUESTS } from '../printer-status';
import { PrinterLinkError, type PrinterSession, type PrinterTransport } from './transport';

/** ESC/POS over TCP (port 9100), with DLE EOT read-back on the same connection. */
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
        resolve(new TcpPrinterSession(socket, this.timeouts));
      });
    });
  }
}

class TcpPrinterSession implements PrinterSession {
  private received: number[] = [];
  private waiter: (() => void) | undefined;
  private failure: Error | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly timeouts: { statusMs: number; writeMs: number },
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.received.push(...chunk);
      this.waiter?.();
    });
    socket.on('error', (error) => {
      this.failure = new PrinterLinkError(`printer link failed: ${error.message}`, error);
      this.waiter?.();
    });
    socket.on('close', () => {
      this.failure ??= new PrinterLinkError('printer closed the connection');
      this.waiter?.();
    });
  }

  write(bytes: Buffer): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new PrinterLinkError('printer did not accept data in time')), this.timeouts.writeMs);
      this.socket.write(bytes, (error) => {
        clearTimeout(timer);
        if (error) reject(new PrinterLinkError(`write failed: ${error.message}`, error));
        else resolve();
      });
    });
  }

  async readStatus(): Promise<PrinterStatus | null> {
    this.received = [];
    await this.write(statusRequestBytes());
    const deadline = Date.now() + this.timeouts.statusMs;
    while (this.received.length < STATUS_REQUESTS.length) {
      if (this.failure) throw this.failure;
      const left = deadline - Date.now();
      if (left <= 0) return { state: 'offline', ready: false, detail: 'no status reply' };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return interpretStatus(this.received.slice(0, STATUS_REQUESTS.length));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.end(() => resolve());
      setTimeout(() => {
        this.socket.destroy();
        resolve();
      }, 1_000).unref();
    });
  }
}
