import type { BrowserWindowConstructorOptions } from 'electron';
import { KIOSK_CSP } from '../core/security/csp';
import { isAppUrl } from './app-protocol';
import { judgeKey, nextZoomLevel } from './kiosk-keys';
import type { SessionLike, WebContentsLike } from './seams';

/** Deny every permission (camera, notifications, geolocation, USB, serial, HID…): a kiosk page needs none of them. */
export function lockDownSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // The app: protocol sets the CSP itself; this covers any other response the session ever sees.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [KIOSK_CSP] } });
  });
}

/**
 * Applied to every web contents the app ever creates: no navigation off the app's origin (scheme
 * and host compared exactly, for the top frame and subframes), no new windows, no <webview>.
 */
const lockedDown = new WeakSet<WebContentsLike>();
export function lockDownContents(contents: WebContentsLike): void {
  // Called for the kiosk window and again from `web-contents-created`: one set of guards is enough.
  if (lockedDown.has(contents)) return;
  lockedDown.add(contents);
  const stayOnApp = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', stayOnApp);
  contents.on('will-redirect', stayOnApp);
  contents.on('will-frame-navigate', (event) => stayOnApp(event, event.url));
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * The kiosk window's keyboard: only the keys the UI needs reach the page (kiosk-keys.ts), zoom keys
 * zoom, and DevTools close as soon as anything opens them in a packaged build.
 */
export function lockDownKeyboard(contents: WebContentsLike, options: { devTools: boolean }): void {
  contents.on('before-input-event', (event, input) => {
    const verdict = judgeKey(input);
    if (verdict.action === 'allow') return;
    event.preventDefault();
    // Once per press: the key's release (keyUp) is swallowed but does not zoom again.
    if (verdict.action === 'zoom' && input.type !== 'keyUp') contents.setZoomLevel(nextZoomLevel(contents.getZoomLevel(), verdict.step));
  });
  if (!options.devTools) contents.on('devtools-opened', () => contents.closeDevTools());
}

/** The kiosk window: full screen, no menu bar, and every renderer setting of Electron's security checklist. */
export function kioskWindowOptions(options: { preloadPath: string; devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    backgroundColor: '#101418',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: options.devTools,
      spellcheck: false,
    },
  };
}
