import { join } from 'node:path';
import { parseConfig, type AppConfig } from '../../electron/core/config/config';
import { AuditLog } from '../../electron/core/audit/audit-log';
import { openDatabase } from '../../electron/core/storage/database';
import { AuditRepository } from '../../electron/core/storage/repositories/audit.repository';
import { CLIENT_IDENTITY, tempDir } from './host-process';

/** The central system of `configOnDisk`: an address that is never called. */
export const CONFIG_CENTRAL_URL = 'https://central.example/WSVistaWebClient';

/**
 * A cinema's configuration (its own client identity, a TCP ticket printer) on a fresh data folder,
 * with the SQLite audit log beside it: what the technician's configuration store works on.
 */
export function configOnDisk(prefix: string): {
  dataDir: string;
  config: AppConfig;
  auditRows: AuditRepository;
  audit: AuditLog;
  close(): void;
} {
  const dataDir = tempDir(prefix);
  const parsed = parseConfig({
    dataDir,
    central: { url: CONFIG_CENTRAL_URL, connectApiToken: 'central-token', cinemaId: '1', ...CLIENT_IDENTITY },
    terminal: { id: 'KIOSK-01', username: 'k', password: 'a-long-password-k' },
    printer: { url: 'tcp://127.0.0.1:9100' },
    printService: {},
    ui: {},
    sync: {},
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const db = openDatabase(join(dataDir, 'kiosk.sqlite'));
  const auditRows = new AuditRepository(db);
  return { dataDir, config: parsed.config, auditRows, audit: new AuditLog(auditRows), close: () => db.close() };
}
