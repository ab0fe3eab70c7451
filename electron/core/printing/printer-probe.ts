import type { PrinterStatus } from '../../../shared/contract/ui';
import type { PrinterSession, PrinterTransport } from './transports/transport';

/** Opens the printer, asks its status (DLE EOT 1–4) and closes: for screens and health checks. */
export async function probePrinter(printer: PrinterTransport): Promise<PrinterStatus> {
  let session: PrinterSession | undefined;
  try {
    session = await printer.open();
    return (await session.readStatus()) ?? { state: 'ready', ready: true, detail: 'no status read-back on this link' };
  } catch (error) {
    return { state: 'offline', ready: false, detail: (error as Error).message };
  } finally {
    await session?.close();
  }
}
