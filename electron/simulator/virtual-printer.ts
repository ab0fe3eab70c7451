import { createServer, type Socket } from 'node:net';
import { EventEmitter } from 'node:events';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closableServer, listen } from '../core/net/listen';
import { decodeEscPos, type DecodedJob } from './escpos-decoder';

/** A TCP ESC/POS printer on 127.0.0.1: answers DLE EOT status requests and keeps every job on disk. */
export interface VirtualPrinterCondition {
  online: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
}

export interface StoredJob extends DecodedJob {
  job: number;
  receivedAt: string;
  bytes: number;
}

export interface RunningVirtualPrinter {
  port: number;
  /** The `--printer` value that reaches it. */
  url: string;
  dir: string;
  events: EventEmitter;
  condition: VirtualPrinterCondition;
  setCondition(change: Partial<VirtualPrinterCondition>): void;
  jobs(): StoredJob[];
  close(): Promise<void>;
}

const DLE = 0x10;
const EOT = 0x04;

export async function startVirtualPrinter(options: { dir: string; port?: number }): Promise<RunningVirtualPrinter> {
  mkdirSync(options.dir, { recursive: true });
  const condition: VirtualPrinterCondition = { online: true, coverOpen: false, paperOut: false, paperNearEnd: false };
  const stored: StoredJob[] = [];
  const events = new EventEmitter();
  let nextJob = nextJobNumber(options.dir);

  const store = (bytes: Buffer) => {
    const job = nextJob;
    nextJob += 1;
    const name = String(job).padStart(4, '0');
    const summary: StoredJob = { job, receivedAt: new Date().toISOString(), bytes: bytes.length, ...decodeEscPos(bytes) };
    writeFileSync(join(options.dir, `${name}.bin`), bytes);
    writeFileSync(join(options.dir, `${name}.json`), JSON.stringify(summary, null, 2));
    stored.push(summary);
    events.emit('job', summary);
  };

  const server = closableServer(createServer((socket) => serve(socket, condition, store)));
  const port = await listen(server, options.port ?? 0, '127.0.0.1');
  return {
    port,
    url: `tcp://127.0.0.1:${port}`,
    dir: options.dir,
    events,
    condition,
    setCondition: (change) => Object.assign(condition, change),
    jobs: () => [...stored],
    close: () => server.closeNow(),
  };
}

function serve(socket: Socket, condition: VirtualPrinterCondition, store: (bytes: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let pending = Buffer.alloc(0);
  let printable = 0;
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    // Status requests are answered in real time, as real printers do, even in the middle of a job.
    let data = Buffer.concat([pending, chunk]);
    let i = 0;
    while (i < data.length) {
      if (data[i] === DLE && i + 1 < data.length && data[i + 1] === EOT) {
        if (i + 2 >= data.length) break;
        socket.write(Buffer.from([statusByte(data[i + 2]!, condition)]));
        i += 3;
      } else if (data[i] === DLE && i + 1 >= data.length) {
        break;
      } else {
        printable += 1;
        i += 1;
      }
    }
    pending = data.subarray(i);
    data = Buffer.alloc(0);
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    if (printable > 0) store(Buffer.concat(chunks));
  });
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
