import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';

export interface SerialScannerSettings {
  path: string;
  baudRate: number;
  /** What ends a scan: CR, LF, CR LF, or nothing (a pause ends it). */
  suffix: 'CR' | 'LF' | 'CRLF' | 'none';
  /** Stripped from the start of each scan when present (some scanners prefix a symbology id). */
  prefix?: string;
  /** How often to look for the port again after it went away. */
  reconnectMs?: number;
}

const TERMINATORS = { CR: '\r', LF: '\n', CRLF: '\r\n', none: '' } as const;
const IDLE_END_MS = 60;
const MAX_SCAN = 1024;

export interface SerialScannerEvents {
  scan: [string];
  connected: [];
  disconnected: [string];
}

/**
 * A serial barcode scanner: splits the stream into scans by the suffix (or a pause), strips the
 * prefix, and after an unplug polls until the port is back (the port list, or the device path for
 * ports the list does not show, such as pseudo-terminals) and reopens it.
 */
export class SerialScanner extends EventEmitter<SerialScannerEvents> {
  private port: SerialPort | undefined;
  private buffer = '';
  private idleTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly settings: SerialScannerSettings) {
    super();
  }

  get connected(): boolean {
    return this.port?.isOpen ?? false;
  }

  start(): void {
    this.stopped = false;
    void this.tryOpen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    clearTimeout(this.idleTimer);
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private async tryOpen(): Promise<void> {
    if (this.stopped) return;
    if (!(await this.present())) return this.poll();
    const port = new SerialPort({ path: this.settings.path, baudRate: this.settings.baudRate, autoOpen: false });
    port.open((error) => {
      if (error) return this.poll();
      if (this.stopped) return port.close();
      this.port = port;
      this.emit('connected');
    });
    port.on('data', (chunk: Buffer) => this.receive(chunk.toString('latin1')));
    port.on('close', () => this.lost('port closed'));
    port.on('error', (error) => this.lost(error.message));
  }

  private async present(): Promise<boolean> {
    try {
      const ports = await SerialPort.list();
      if (ports.some((p) => p.path === this.settings.path)) return true;
    } catch {
      // no port list on this system: fall back to the path
    }
    return existsSync(this.settings.path);
  }

  private poll(): void {
    if (this.stopped) return;
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => void this.tryOpen(), this.settings.reconnectMs ?? 1_000);
    this.pollTimer.unref();
  }

  private lost(reason: string): void {
    if (!this.port) return;
    this.port.removeAllListeners();
    this.port = undefined;
    this.buffer = '';
    this.emit('disconnected', reason);
    this.poll();
  }

  private receive(text: string): void {
    const terminator = TERMINATORS[this.settings.suffix];
    this.buffer += text;
    if (this.buffer.length > MAX_SCAN * 4) this.buffer = this.buffer.slice(-MAX_SCAN);
    if (terminator) {
      let end = this.buffer.indexOf(terminator);
      while (end >= 0) {
        this.deliver(this.buffer.slice(0, end));
        this.buffer = this.buffer.slice(end + terminator.length);
        end = this.buffer.indexOf(terminator);
      }
      return;
    }
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.deliver(this.buffer);
      this.buffer = '';
    }, IDLE_END_MS);
  }

  private deliver(raw: string): void {
    let scan = raw.replace(/[\r\n]+/gu, '');
    if (this.settings.prefix && scan.startsWith(this.settings.prefix)) scan = scan.slice(this.settings.prefix.length);
    if (scan.length > 0 && scan.length <= MAX_SCAN) this.emit('scan', scan);
  }
}
