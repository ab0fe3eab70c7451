import type { PrinterStatus } from '../../../../shared/contract/ui';
import { interpretStatus, statusRequestBytes, STATUS_REQUESTS } from '../printer-status';
import { PrinterLinkError, type PrinterSession } from './transport';

/** What a TCP socket and a serial port have in common. */
export interface ByteLink {
  write(bytes: Buffer, callback: (error?: Error | null) => void): unknown;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  end(callback?: () => void): unknown;
  destroy(): unknown;
  readonly destroyed: boolean;
}

const PROCESS_ID_REPLY = 0x37;
const PROCESS_ID_LENGTH = 7;

/**
 * A printer session over a two-way byte link. Replies are told apart by shape: a process-ID
 * reply starts with 0x37 0x22 and is seven bytes; a status byte always has bits 1 and 4 set and
 * bits 0 and 7 clear (0x37 does not), so the two can arrive interleaved.
 */
export class StreamPrinterSession implements PrinterSession {
  private statusBytes: number[] = [];
  private processReplies: string[] = [];
  private partial: number[] | undefined;
  private waiter: (() => void) | undefined;
  private failure: Error | undefined;
  private nextProcessId = 0;

  constructor(
    private readonly link: ByteLink,
    private readonly timeouts: { statusMs: number; writeMs: number },
  ) {
    link.on('data', (chunk: Buffer) => {
      for (const byte of chunk) this.receive(byte);
      this.waiter?.();
    });
    link.on('error', (error) => {
      this.failure = new PrinterLinkError(`printer link failed: ${error.message}`, error);
      this.waiter?.();
    });
    link.on('close', () => {
      this.failure ??= new PrinterLinkError('printer closed the connection');
      this.waiter?.();
    });
  }

  write(bytes: Buffer): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new PrinterLinkError('printer did not accept data in time')), this.timeouts.writeMs);
      this.link.write(bytes, (error) => {
        clearTimeout(timer);
        if (error) reject(new PrinterLinkError(`write failed: ${error.message}`, error));
        else resolve();
      });
    });
  }

  async readStatus(): Promise<PrinterStatus | null> {
    this.statusBytes = [];
    await this.write(statusRequestBytes());
    const got = await this.until(() => this.statusBytes.length >= STATUS_REQUESTS.length, this.timeouts.statusMs);
    if (!got) return { state: 'offline', ready: false, detail: 'no status reply' };
    return interpretStatus(this.statusBytes.slice(0, STATUS_REQUESTS.length));
  }

  async confirmPrinted(timeoutMs: number): Promise<'printed' | 'timeout'> {
    const id = String(this.nextProcessId++ % 10_000).padStart(4, '0');
    await this.write(Buffer.concat([Buffer.from([0x1d, 0x28, 0x48, 0x06, 0x00, 0x30, 0x30]), Buffer.from(id, 'ascii')]));
    return (await this.until(() => this.processReplies.includes(id), timeoutMs)) ? 'printed' : 'timeout';
  }

  async clearBuffer(): Promise<void> {
    await this.write(Buffer.from([0x10, 0x05, 0x02])).catch(() => undefined);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.link.destroyed) return resolve();
      const timer = setTimeout(() => {
        this.link.destroy();
        resolve();
      }, 1_000);
      timer.unref();
      this.link.end(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private receive(byte: number): void {
    if (this.partial) {
      this.partial.push(byte);
      if (this.partial.length === PROCESS_ID_LENGTH) {
        this.processReplies.push(Buffer.from(this.partial.slice(2, 6)).toString('ascii'));
        this.partial = undefined;
      }
    } else if (byte === PROCESS_ID_REPLY) {
      this.partial = [byte];
    } else {
      this.statusBytes.push(byte);
    }
  }

  /** Waits until `done` holds; false on time-out. Throws when the link failed. */
  private async until(done: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (this.failure) throw this.failure;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return true;
  }
}
