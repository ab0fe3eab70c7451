import type { PrinterStatus } from '../../../shared/contract/ui';
import type { PrinterProfile } from '../config/config';
import { timingMark } from '../observability/timing-marks';
import type { PrinterRegistry, PrinterRole } from './printer-registry';
import type { PrinterSession } from './transports/transport';

/**
 * One document's fate. `printed`: the printer confirmed it (or the link cannot say, and the bytes went
 * out). `not-ready`: nothing was sent. `cancelled`: the caller's step before the first byte said no;
 * nothing was sent. `unknown`: bytes went out and the printer did not confirm them.
 */
export type DocumentOutcome = 'printed' | 'not-ready' | 'cancelled' | 'unknown';

/** An open printer whose status was ready: documents go out one by one, each confirmed. */
export interface PrintRun {
  /** The status read when the run opened. */
  readonly before: PrinterStatus;
  /** The profile the run's documents are laid out for (the printer in use when it opened). */
  readonly profile: PrinterProfile;
  /**
   * One document: the printer's status (the run's first document uses `before`), then `beforeSend`
   * (where the caller journals it and may still call it off), the bytes, the confirmation. After an
   * unconfirmed document the buffer is cleared and the run sends nothing more.
   */
  print(bytes: Buffer, beforeSend?: () => boolean): Promise<DocumentOutcome>;
  status(): Promise<PrinterStatus>;
}

export type RunResult<T> = { ready: true; value: T } | { ready: false; status: PrinterStatus };

export async function readStatusOf(session: PrinterSession): Promise<PrinterStatus> {
  try {
    return (await session.readStatus()) ?? { state: 'ready', ready: true };
  } catch (error) {
    return { state: 'offline', ready: false, detail: (error as Error).message };
  }
}

/**
 * The one printer protocol, for every job (collection, reprint, test page, slips): status before, the
 * bytes, the printer's process-ID confirmation after, the buffer cleared on a fault (nothing stale
 * comes out once paper is loaded), an outcome per document. Reads the printer in use from the
 * registry at each job, so a technician's change applies to the next one.
 */
export class TicketPrinter {
  private preview: Buffer | undefined;

  constructor(
    private readonly registry: PrinterRegistry,
    private readonly role: PrinterRole = 'ticket',
  ) {}

  get profile(): PrinterProfile {
    return this.registry.current(this.role).profile;
  }

  /** Opens the printer, asks its status (DLE EOT 1–4) and closes: for screens and health checks. */
  async status(): Promise<PrinterStatus> {
    let session: PrinterSession | undefined;
    try {
      session = await this.registry.current(this.role).transport.open();
      return (await session.readStatus()) ?? { state: 'ready', ready: true, detail: 'no status read-back on this link' };
    } catch (error) {
      return { state: 'offline', ready: false, detail: (error as Error).message };
    } finally {
      await session?.close();
    }
  }

  /** Opens the printer and reads its status; `work` runs only when it is ready. The session closes after. */
  async run<T>(work: (run: PrintRun) => Promise<T>): Promise<RunResult<T>> {
    const { transport, profile } = this.registry.current(this.role);
    let session: PrinterSession;
    try {
      session = await transport.open();
    } catch (error) {
      return { ready: false, status: { state: 'offline', ready: false, detail: (error as Error).message } };
    }
    timingMark('printer.opened');
    try {
      const before = await readStatusOf(session);
      timingMark('printer.status');
      if (!before.ready) return { ready: false, status: before };
      return { ready: true, value: await work(new SessionRun(session, before, profile)) };
    } finally {
      await session.close();
    }
  }

  /**
   * A single document. Given as a layout, it is laid out for the printer the job opened, even if the
   * technician changes it meanwhile. `statusAfter` reads the printer's status once more after it (for
   * the screens that show it); otherwise the status is the one read before (one round trip less).
   */
  async printDocument(
    document: Buffer | ((profile: PrinterProfile) => Buffer),
    beforeSend?: () => boolean,
    options: { statusAfter?: boolean } = {},
  ): Promise<{ outcome: DocumentOutcome; status: PrinterStatus }> {
    const result = await this.run(async (run) => {
      const outcome = await run.print(Buffer.isBuffer(document) ? document : document(run.profile), beforeSend);
      return { outcome, status: outcome === 'cancelled' || !options.statusAfter ? run.before : await run.status() };
    });
    return result.ready ? result.value : { outcome: 'not-ready', status: result.status };
  }

  /** The bytes of the last job kept for the technician's preview. */
  lastJobBytes(): Buffer | undefined {
    return this.preview;
  }

  /** Starts a new preview (a collection's tickets are added one by one). */
  resetPreview(bytes: Buffer = Buffer.alloc(0)): void {
    this.preview = bytes;
  }

  addToPreview(bytes: Buffer): void {
    this.preview = Buffer.concat([this.preview ?? Buffer.alloc(0), bytes]);
  }
}

class SessionRun implements PrintRun {
  private documents = 0;
  private faulted = false;

  constructor(
    private readonly session: PrinterSession,
    readonly before: PrinterStatus,
    readonly profile: PrinterProfile,
  ) {}

  async print(bytes: Buffer, beforeSend: () => boolean = () => true): Promise<DocumentOutcome> {
    if (this.faulted) return 'not-ready';
    if (this.documents > 0 && !(await this.status()).ready) return 'not-ready';
    if (!beforeSend()) return 'cancelled';
    this.documents += 1;
    let confirmation: 'printed' | 'timeout' | 'no-read-back' | 'link-failed';
    try {
      await this.session.write(bytes);
      timingMark('printer.bytes-written');
      confirmation = await this.session.confirmPrinted(this.profile.ticketTimeoutMs);
      timingMark('printer.confirmed');
    } catch {
      confirmation = 'link-failed';
    }
    if (confirmation === 'printed' || confirmation === 'no-read-back') return 'printed';
    // Some of it may be on paper: unknown until staff look, never sent again by itself.
    this.faulted = true;
    await this.session.clearBuffer().catch(() => undefined);
    return 'unknown';
  }

  status(): Promise<PrinterStatus> {
    return readStatusOf(this.session);
  }
}
