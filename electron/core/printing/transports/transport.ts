import type { PrinterStatus } from '../../../../shared/contract/ui';

/** One open connection to a printer: bytes out, status back where the link allows it. */
export interface PrinterSession {
  write(bytes: Buffer): Promise<void>;
  /** Null when this link has no read-back (device files). */
  readStatus(): Promise<PrinterStatus | null>;
  close(): Promise<void>;
}

export interface PrinterTransport {
  readonly description: string;
  open(): Promise<PrinterSession>;
}

export class PrinterLinkError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}
