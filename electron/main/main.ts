import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLogger } from '../core/app/logger';
import { startHost, RENDERER_DIST } from '../host/host';
import { registerUiIpc } from './ipc-registrar';
import { kioskWindowOptions, lockDownContents, lockDownSession } from './security';

/**
 * Electron wiring only: the same host as headless mode, shown in a locked-down kiosk window that
 * talks to the core over IPC. Demo by default; `KIOSK_*` variables configure a real cinema.
 */
const logger = createLogger();
app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

app.whenReady().then(async () => {
  lockDownSession();
  const demo = !process.env.KIOSK_CENTRAL_URL;
  const host = await startHost(
    {
      demo,
      dataDir: join(app.getPath('userData'), demo ? 'demo' : 'host'),
      ...(process.env.KIOSK_CENTRAL_URL ? { centralUrl: process.env.KIOSK_CENTRAL_URL } : {}),
      ...(process.env.KIOSK_CENTRAL_TOKEN ? { centralToken: process.env.KIOSK_CENTRAL_TOKEN } : {}),
      ...(process.env.KIOSK_CINEMA_ID ? { cinemaId: process.env.KIOSK_CINEMA_ID } : {}),
      printServicePort: Number(process.env.KIOSK_PRINT_SERVICE_PORT ?? 0),
      uiPort: 0,
      printer: process.env.KIOSK_PRINTER ?? (demo ? 'virtual' : ''),
      ...(process.env.KIOSK_AUDIT_KEY_FILE ? { auditKeyFile: process.env.KIOSK_AUDIT_KEY_FILE } : {}),
    },
    logger,
  );
  const window = new BrowserWindow(kioskWindowOptions(join(import.meta.dirname, '../preload/preload.cjs')));
  const indexUrl = pathToFileURL(join(RENDERER_DIST, 'index.html')).toString();
  lockDownContents(window.webContents, pathToFileURL(RENDERER_DIST).toString());
  const unregister = registerUiIpc(host.core.handlers, host.core.events, window);
  // A box-office PC or a technician's laptop opens its console instead of the customer screens.
  const startPage = ({ office: '#/office', tech: '#/tech' } as Record<string, string>)[process.env.KIOSK_START_PAGE ?? ''] ?? '';
  await window.loadURL(indexUrl + startPage);
  app.on('before-quit', () => {
    unregister();
    void host.stop();
  });
}).catch((error: unknown) => {
  logger.fatal({ err: (error as Error).message }, 'cannot start');
  app.exit(1);
});

app.on('window-all-closed', () => app.quit());
