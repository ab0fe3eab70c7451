import { SerialPort } from 'serialport';
import type { UiEvent } from '../../../shared/contract/ui';
import type { ScannerSettings } from '../../../shared/contract/devices';
import type { Logger } from '../observability/logger';
import { SerialScanner } from './serial-scanner';

/** The configured serial scanners; replaced as a whole when the technician changes them. */
export class ScannerPool {
  private scanners: { settings: ScannerSettings; scanner: SerialScanner }[] = [];

  constructor(
    private readonly emit: (event: UiEvent) => void,
    private readonly logger: Logger,
  ) {}

  async replace(settings: ScannerSettings[]): Promise<void> {
    await this.stop();
    this.scanners = settings.map((s) => {
      const scanner = new SerialScanner(s);
      scanner.on('scan', (raw) => this.emit({ type: 'scanner.scan', raw }));
      scanner.on('connected', () => this.emit({ type: 'scanner.status', path: s.path, connected: true }));
      scanner.on('disconnected', (reason) => {
        this.logger.warn({ path: s.path, reason }, 'scanner disconnected; waiting for it to come back');
        this.emit({ type: 'scanner.status', path: s.path, connected: false });
      });
      scanner.start();
      return { settings: s, scanner };
    });
  }

  status(): (ScannerSettings & { connected: boolean })[] {
    return this.scanners.map((s) => ({ ...s.settings, connected: s.scanner.connected }));
  }

  static async ports(): Promise<{ path: string; manufacturer?: string }[]> {
    try {
      return (await SerialPort.list()).map((p) => ({ path: p.path, ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}) }));
    } catch {
      return [];
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.scanners.map((s) => s.scanner.stop()));
    this.scanners = [];
  }
}
