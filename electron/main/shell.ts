import type { BrowserWindowConstructorOptions } from 'electron';
import type { UiHandlers } from '../core/api/ui-dispatch';
import type { KioskCore } from '../core/app/kiosk-core';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, serveBundle } from './app-protocol';
import { registerUiIpc } from './ipc-registrar';
import { kioskWindowOptions, lockDownContents, lockDownKeyboard, lockDownSession } from './security';
import type { AppLike, BrowserWindowLike, IpcMainLike, MenuLike, ProtocolLike, SessionLike } from './seams';

/**
 * The Electron shell's rules in one place, over the seams of seams.ts so that tests drive this very
 * code: main.ts only hands over Electron's real objects.
 */

/** Before `ready`: the app: scheme must be privileged before any session exists, and every renderer sandboxed. */
export function prepareShell(deps: { app: AppLike; protocol: ProtocolLike }): void {
  deps.protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
  deps.app.enableSandbox();
}

export interface ShellDeps {
  app: AppLike;
  menu: MenuLike;
  protocol: ProtocolLike;
  session: SessionLike;
  ipcMain: IpcMainLike;
  createWindow(options: BrowserWindowConstructorOptions): BrowserWindowLike;
  rendererDist: string;
  preloadPath: string;
  core: { handlers: UiHandlers; events: KioskCore['events'] };
  /** `office` or `tech` open that console instead of the customer screens (KIOSK_START_PAGE). */
  startPage?: string | undefined;
}

const START_PAGES: Record<string, string> = { office: '#/office', tech: '#/tech' };

/** After `ready`: no menu, a locked session, the bundle on app://kiosk/, the kiosk window, the IPC contract. */
export async function openShell(deps: ShellDeps): Promise<{ window: BrowserWindowLike; close(): void }> {
  // The default menu carries Reload, Close Window, Toggle DevTools… each with a keyboard accelerator.
  deps.menu.setApplicationMenu(null);
  lockDownSession(deps.session);
  deps.protocol.handle(APP_SCHEME, (request) => serveBundle(request, deps.rendererDist));
  deps.app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  // A developer running from the source tree keeps DevTools; a packaged kiosk never has them.
  const devTools = !deps.app.isPackaged;
  const window = deps.createWindow(kioskWindowOptions({ preloadPath: deps.preloadPath, devTools }));
  lockDownContents(window.webContents);
  lockDownKeyboard(window.webContents, { devTools });
  const close = registerUiIpc(deps.ipcMain, deps.core.handlers, deps.core.events, window);
  const startPage = Object.hasOwn(START_PAGES, deps.startPage ?? '') ? START_PAGES[deps.startPage!]! : '';
  await window.loadURL(APP_INDEX_URL + startPage);
  return { window, close };
}
