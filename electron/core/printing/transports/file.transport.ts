import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { PrinterStatus } from '../../../../shared/contract/ui';
import { PrinterLinkError, type PrinterSession, type PrinterTransport } from './transport';

// No O_CREAT: a missing device is not made into a file. O_NOFOLLOW: a symbolic link planted at the
// device's path does not redirect the bytes. O_NOCTTY: a tty printer port never becomes our terminal.
const OPEN_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW | constants.O_NOCTTY;

/** A printer device file (`/dev/usb/lp0`): bytes out, no read-back, so no status and no confirmation. */
export class FilePrinterTransport implements PrinterTransport {
  readonly description: string;

  constructor(private readonly path: string) {
    this.description = `file:${path}`;
  }

  async open(): Promise<PrinterSession> {
    let handle: FileHandle;
    try {
      handle = await open(this.path, OPEN_FLAGS);
    } catch (error) {
      throw new PrinterLinkError(`cannot open ${this.path}: ${(error as Error).message}`, error);
    }
    // Checked on the open handle, not the path: nothing can be swapped in between.
    const stat = await handle.stat().catch(async (error: unknown) => {
      await handle.close();
      throw new PrinterLinkError(`cannot check ${this.path}: ${(error as Error).message}`, error);
    });
    if (!stat.isCharacterDevice()) {
      await handle.close();
      throw new PrinterLinkError(`${this.path} is not a printer device (not a character device): nothing written`);
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
