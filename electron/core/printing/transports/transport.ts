import type { PrinterStatus } from '../../../../shared/contract/ui';

/** One open connection to a printer: bytes out, status and confirmations back where the link allows it. */
export interface PrinterSession {
  write(bytes: Buffer): Promise<void>;
  /** DLE EOT 1–4. Null when this link has no read-back (device files). */
  readStatus(): Promise<PrinterStatus | null>;
  /**
   * Sends a process-ID request (GS ( H) after the data written so far and waits until the printer
   * says it has printed that data. Answers 'printed', 'timeout', or 'no-read-back' on one-way links.
   */
  confirmPrinted(timeoutMs: number): Promise<'printed' | 'timeout' | 'no-read-back'>;
  /** DLE ENQ 2: recover and clear the printer's buffer, so nothing stale comes out once the fault is fixed. */
  clearBuffer(): Promise<void>;
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
