import { createServer, type Socket } from 'node:net';
import { EventEmitter } from 'node:events';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closableServer, listen } from '../core/net/listen';
import { decodeEscPos, type DecodedJob } from '../core/printing/escpos-decoder';
import { unitAt } from '../core/printing/escpos-tokenizer';
import { renderPreview } from '../core/printing/print-preview';

/**
 * A TCP ESC/POS printer on 127.0.0.1, EPSON-compatible. Real-time commands (DLE EOT status,
 * DLE ENQ 2 clear buffer) are answered on arrival; everything else goes to a buffer that the
 * "engine" prints while it can (online, paper, cover closed), answering GS ( H process-ID
 * requests once the data before them is printed. What the engine printed is the job, kept as
 * `NNNN.bin`, `NNNN.json` (decoded) and `NNNN.png` (preview) when the connection closes.
 */
export interface VirtualPrinterCondition {
  online: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
}

/** Faults a technician's printer really has, for tests and demos. */
export interface VirtualPrinterFaults {
  /** Paper runs out after this many cuts (tickets) from now. */
  paperOutAfterCuts?: number;
  /** Paper runs out after this many more printed bytes: in the middle of a ticket. */
  paperOutAfterBytes?: number;
  /** Drop the connection once this many bytes of a job have arrived. */
  dropAfterBytes?: number;
  /** Take this long to accept each chunk of data (a slow or busy printer). */
  acceptDelayMs?: number;
  /** Never answer status requests. */
  silent?: boolean;
}

export interface StoredJob extends DecodedJob {
  job: number;
  receivedAt: string;
  /** Bytes the engine printed (the .bin file). */
  bytes: number;
  /** Bytes received but never printed (cleared, or still waiting when the link closed). */
  unprintedBytes: number;
}

export interface RunningVirtualPrinter {
  port: number;
  /** The `--printer` value that reaches it. */
  url: string;
  dir: string;
  events: EventEmitter;
  condition: VirtualPrinterCondition;
  setCondition(change: Partial<VirtualPrinterCondition>): void;
  setFaults(faults: VirtualPrinterFaults): void;
  jobs(): StoredJob[];
  close(): Promise<void>;
}

export async function startVirtualPrinter(options: {
  dir: string;
  port?: number;
  paperWidthDots?: number;
}): Promise<RunningVirtualPrinter> {
  mkdirSync(options.dir, { recursive: true });
  const condition: VirtualPrinterCondition = { online: true, coverOpen: false, paperOut: false, paperNearEnd: false };
  let faults: VirtualPrinterFaults = {};
  let cutsSinceFaultSet = 0;
  let bytesSinceFaultSet = 0;
  const stored: StoredJob[] = [];
  const events = new EventEmitter();
  let nextJob = nextJobNumber(options.dir);
  const connections = new Set<Connection>();

  const store = async (printed: Buffer, unprinted: number) => {
    const job = nextJob;
    nextJob += 1;
    const name = String(job).padStart(4, '0');
    const decoded = decodeEscPos(printed);
    const summary: StoredJob = { job, receivedAt: new Date().toISOString(), bytes: printed.length, unprintedBytes: unprinted, ...decoded };
    writeFileSync(join(options.dir, `${name}.bin`), printed);
    writeFileSync(join(options.dir, `${name}.json`), JSON.stringify(summary, null, 2));
    writeFileSync(join(options.dir, `${name}.png`), await renderPreview(decoded.blocks, options.paperWidthDots ?? 576));
    stored.push(summary);
    events.emit('job', summary);
  };

  const printer = {
    condition,
    canPrint: () => condition.online && !condition.coverOpen && !condition.paperOut,
    onPrinted: (bytes: number) => {
      bytesSinceFaultSet += bytes;
      if (faults.paperOutAfterBytes !== undefined && bytesSinceFaultSet >= faults.paperOutAfterBytes) condition.paperOut = true;
    },
    onCut: () => {
      cutsSinceFaultSet += 1;
      if (faults.paperOutAfterCuts !== undefined && cutsSinceFaultSet >= faults.paperOutAfterCuts) condition.paperOut = true;
    },
    faults: () => faults,
    store,
  };
  const server = closableServer(
    createServer((socket) => {
      // Status and process-ID replies are a byte or a few each: without this, Nagle's algorithm holds
      // them for the client's delayed ACK (about 40 ms a job), which real printers' stacks do not add.
      socket.setNoDelay(true);
      // Every byte of the connection is in: for benches, before the job's files and preview are written
      // (so registered before the connection's own close listener, which stores the job).
      socket.on('close', () => events.emit('received'));
      const connection = new Connection(socket, printer);
      connections.add(connection);
      socket.on('close', () => connections.delete(connection));
    }),
  );
  const port = await listen(server, options.port ?? 0, '127.0.0.1');
  return {
    port,
    url: `tcp://127.0.0.1:${port}`,
    dir: options.dir,
    events,
    condition,
    setCondition: (change) => {
      Object.assign(condition, change);
      // Loading paper or closing the cover lets the engine print what is still buffered.
      for (const c of connections) c.pump();
    },
    setFaults: (next) => {
      faults = next;
      cutsSinceFaultSet = 0;
      bytesSinceFaultSet = 0;
    },
    jobs: () => [...stored],
    close: () => server.closeNow(),
  };
}

interface PrinterModel {
  condition: VirtualPrinterCondition;
  canPrint(): boolean;
  onPrinted(bytes: number): void;
  onCut(): void;
  faults(): VirtualPrinterFaults;
  store(printed: Buffer, unprinted: number): Promise<void>;
}

class Connection {
  private carry = Buffer.alloc(0);
  private pending = Buffer.alloc(0);
  private readonly printed: Buffer[] = [];
  private received = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: Socket,
    private readonly printer: PrinterModel,
  ) {
    socket.on('data', (chunk: Buffer) => {
      const delay = printer.faults().acceptDelayMs;
      if (!delay) return this.accept(chunk);
      socket.pause();
      this.queue = this.queue.then(
        () =>
          new Promise((resolve) =>
            setTimeout(() => {
              this.accept(chunk);
              socket.resume();
              resolve();
            }, delay),
          ),
      );
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      const printed = Buffer.concat(this.printed);
      if (printed.length > 0 || this.pending.length > 0) void printer.store(printed, this.pending.length);
    });
  }

  private accept(chunk: Buffer): void {
    if (this.socket.destroyed) return;
    const drop = this.printer.faults().dropAfterBytes;
    let data = Buffer.concat([this.carry, chunk]);
    let i = 0;
    let runStart = 0;
    const keepRun = () => {
      if (i > runStart) this.pending = Buffer.concat([this.pending, data.subarray(runStart, i)]);
    };
    // Command by command, so that a DLE inside image or QR data is data, not a real-time request.
    for (let unit = unitAt(data, i); unit; unit = unitAt(data, i)) {
      if (unit.kind === 'realtime') {
        keepRun();
        if (data[i + 1] === 0x04 && !this.printer.faults().silent)
          this.socket.write(Buffer.from([statusByte(data[i + 2]!, this.printer.condition)]));
        if (data[i + 1] === 0x05 && data[i + 2] === 2) this.pending = Buffer.alloc(0); // clear the buffer: nothing stale comes out later
        i += unit.length;
        runStart = i;
        continue;
      }
      this.received += unit.length;
      i += unit.length;
      if (drop !== undefined && this.received >= drop) {
        keepRun();
        this.pump();
        this.socket.destroy();
        return;
      }
    }
    keepRun();
    this.carry = data.subarray(i);
    data = Buffer.alloc(0);
    this.pump();
  }

  /** The engine: prints buffered units while the printer can. */
  pump(): void {
    let i = 0;
    while (i < this.pending.length) {
      const unit = unitAt(this.pending, i);
      if (!unit) break;
      // A process-ID request is answered once everything before it is printed, even if the paper
      // ran out right after; anything else waits for a printer that can print.
      if (unit.kind !== 'process-id' && !this.printer.canPrint()) break;
      const bytes = this.pending.subarray(i, i + unit.length);
      if (unit.kind === 'process-id') {
        // GS ( H 06 00 30 30 d1..d4 → 37 22 d1..d4 00, once everything before it is printed.
        if (!this.socket.destroyed)
          this.socket.write(Buffer.concat([Buffer.from([0x37, 0x22]), bytes.subarray(7, 11), Buffer.from([0x00])]));
      } else {
        this.printed.push(Buffer.from(bytes));
        this.printer.onPrinted(bytes.length);
      }
      i += unit.length;
      if (unit.kind === 'cut') this.printer.onCut();
    }
    this.pending = this.pending.subarray(i);
  }
}

/** ESC/POS DLE EOT n replies: bits 1 and 4 are always set; the others flag faults. */
export function statusByte(n: number, c: VirtualPrinterCondition): number {
  const base = 0x12;
  switch (n) {
    case 1:
      return base | (c.online && !c.coverOpen && !c.paperOut ? 0 : 0x08);
    case 2:
      return base | (c.coverOpen ? 0x04 : 0) | (c.paperOut ? 0x20 : 0) | (c.online ? 0 : 0x40);
    case 3:
      return base | (c.online ? 0 : 0x20);
    case 4:
      return base | (c.paperNearEnd || c.paperOut ? 0x0c : 0) | (c.paperOut ? 0x60 : 0);
    default:
      return base;
  }
}

function nextJobNumber(dir: string): number {
  const numbers = readdirSync(dir)
    .map((f) => /^(\d{4,})\.bin$/u.exec(f)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
  return numbers.length === 0 ? 1 : Math.max(...numbers) + 1;
}
