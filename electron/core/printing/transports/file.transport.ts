import { open, type FileHandle } from 'node:fs/promises';
import type { PrinterStatus } from '../../../../shared/contract/ui';
import { PrinterLinkError, type PrinterSession, type PrinterTransport } from './transport';

/** A device file (`/dev/usb/lp0`) or a plain file: bytes out, no read-back, so no status and no confirmation. */
export class FilePrinterTransport implements PrinterTransport {
  readonly description: string;

  constructor(private readonly path: string) {
    this.description = `file:${path}`;
  }

  async open(): Promise<PrinterSession> {
    let handle: FileHandle;
    try {
      handle = await open(this.path, 'a');
    } catch (error) {
      throw new PrinterLinkError(`cannot open ${this.path}: ${(error as Error).message}`, error);
    }
    return {
      write: async (bytes) => {
        await handle.write(bytes);
      },
      readStatus: async (): Promise<PrinterStatus | null> => null,
      confirmPrinted: async () => 'no-read-back',
      clearBuffer: async () => undefined,
      close: () => handle.close(),
    };
  }
}
