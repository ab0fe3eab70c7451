import type { PrinterStatus } from '../../../shared/contract/ui';
import type { PrinterSession, PrinterTransport } from './transports/transport';

/**
 * `printed`: the printer confirmed it (or the link cannot say, and the bytes went out).
 * `not-ready`: nothing was sent. `cancelled`: the caller's journal step said no; nothing was sent. `unknown`: bytes went out and the printer did not confirm them.
 */
export type JobOutcome = 'printed' | 'not-ready' | 'cancelled' | 'unknown';

export async function readStatusOf(session: PrinterSession): Promise<PrinterStatus> {
  try {
    return (await session.readStatus()) ?? { state: 'ready', ready: true };
  } catch (error) {
    return { state: 'offline', ready: false, detail: (error as Error).message };
  }
}

/**
 * One document on one printer: its status first, then `beforeFirstByte` (where the caller journals the
 * job and may still call it off), the bytes, and the printer's process-ID confirmation. On an unconfirmed job the
 * printer's buffer is cleared, so nothing stale comes out once the fault is fixed.
 */
export async function printJob(printer: PrinterTransport, bytes: Buffer, timeoutMs: number, beforeFirstByte: () => boolean = () => true): Promise<{ outcome: JobOutcome; status: PrinterStatus }> {
  let session: PrinterSession;
  try {
    session = await printer.open();
  } catch (error) {
    return { outcome: 'not-ready', status: { state: 'offline', ready: false, detail: (error as Error).message } };
  }
  try {
    const before = await readStatusOf(session);
    if (!before.ready) return { outcome: 'not-ready', status: before };
    if (!beforeFirstByte()) return { outcome: 'cancelled', status: before };
    let confirmation: 'printed' | 'timeout' | 'no-read-back' | 'link-failed';
    try {
      await session.write(bytes);
      confirmation = await session.confirmPrinted(timeoutMs);
    } catch {
      confirmation = 'link-failed';
    }
    if (confirmation === 'printed' || confirmation === 'no-read-back') return { outcome: 'printed', status: await readStatusOf(session) };
    await session.clearBuffer().catch(() => undefined);
    return { outcome: 'unknown', status: await readStatusOf(session) };
  } finally {
    await session.close();
  }
}
