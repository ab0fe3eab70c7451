import { app, BrowserWindow, ipcMain, Menu, protocol, session } from 'electron';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../core/observability/logger';
import { startHost, RENDERER_DIST } from '../host/host';
import { openShell, prepareShell } from './shell';

/**
 * Electron wiring only: the same host as headless mode, shown in a locked-down kiosk window that
 * talks to the core over IPC (the rules live in shell.ts). Demo by default; `KIOSK_*` variables
 * configure a real cinema.
 */
const logger = createLogger();
// As the headless host: what this process writes (store, config, host secret) is for its user only.
process.umask(0o077);
prepareShell({ app, protocol });
/** The central token from its owner-only file (one trailing newline dropped), else from the variable. */
const centralToken = process.env.KIOSK_CENTRAL_TOKEN_FILE
  ? readFileSync(process.env.KIOSK_CENTRAL_TOKEN_FILE, 'utf8').replace(/\r?\n$/u, '')
  : process.env.KIOSK_CENTRAL_TOKEN;
if (!app.requestSingleInstanceLock()) app.quit();

app
  .whenReady()
  .then(async () => {
    const demo = !process.env.KIOSK_CENTRAL_URL;
    const host = await startHost(
      {
        demo,
        dataDir: join(app.getPath('userData'), demo ? 'demo' : 'host'),
        ...(process.env.KIOSK_CENTRAL_URL ? { centralUrl: process.env.KIOSK_CENTRAL_URL } : {}),
        ...(centralToken ? { centralToken } : {}),
        ...(process.env.KIOSK_CINEMA_ID ? { cinemaId: process.env.KIOSK_CINEMA_ID } : {}),
        // The client identity Vista issued (else config.json's); outside the demo the host refuses none or a placeholder.
        clientIdentity: {
          ...(process.env.KIOSK_CLIENT_CLASS ? { optionalClientClass: process.env.KIOSK_CLIENT_CLASS } : {}),
          ...(process.env.KIOSK_CLIENT_ID ? { optionalClientId: process.env.KIOSK_CLIENT_ID } : {}),
          ...(process.env.KIOSK_CLIENT_NAME ? { optionalClientName: process.env.KIOSK_CLIENT_NAME } : {}),
        },
        printServicePort: Number(process.env.KIOSK_PRINT_SERVICE_PORT ?? 0),
        uiPort: 0,
        printer: process.env.KIOSK_PRINTER ?? (demo ? 'virtual' : ''),
        ...(process.env.KIOSK_AUDIT_KEY_FILE ? { auditKeyFile: process.env.KIOSK_AUDIT_KEY_FILE } : {}),
      },
      logger,
    );
    const shell = await openShell({
      app,
      menu: Menu,
      protocol,
      session: session.defaultSession,
      ipcMain,
      createWindow: (options) => new BrowserWindow(options),
      rendererDist: RENDERER_DIST,
      preloadPath: join(import.meta.dirname, '../preload/preload.cjs'),
      core: host.core,
      startPage: process.env.KIOSK_START_PAGE,
    });
    app.on('before-quit', () => {
      shell.close();
      void host.stop();
    });
  })
  .catch((error: unknown) => {
    logger.fatal({ err: (error as Error).message }, 'cannot start');
    app.exit(1);
  });

app.on('window-all-closed', () => app.quit());
