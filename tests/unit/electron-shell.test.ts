import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_CSP } from '../../electron/core/security/csp';
import { uiCallChannel } from '../../shared/contract/ipc-channels';
import { openShell, prepareShell, type ShellDeps } from '../../electron/main/shell';
import { APP_INDEX_URL, serveBundle } from '../../electron/main/app-protocol';
import type {
  AppLike,
  BrowserWindowLike,
  FrameLike,
  IpcInvokeEventLike,
  IpcMainLike,
  KeyInput,
  MenuLike,
  ProtocolLike,
  ProtocolRequestLike,
  SchemePrivileges,
  SessionLike,
  WebContentsLike,
} from '../../electron/main/seams';
import { startDemoHost } from '../support/in-process-host';
import type { RunningHost } from '../../electron/host/host';
import type { BrowserWindowConstructorOptions } from 'electron';

/*
 * Electron cannot run here, so this drives the real shell code (electron/main/shell.ts and what it
 * wires) through recording stand-ins for Electron's objects, one per seam of seams.ts, and checks
 * each item of Electron's security checklist (electronjs.org/docs/latest/tutorial/security) and the
 * kiosk's own rules. The core behind the IPC handlers is the real demo host.
 */

type Listener = (...args: never[]) => unknown;

class RecordingContents implements WebContentsLike {
  readonly mainFrame: FrameLike = { url: APP_INDEX_URL };
  readonly listeners = new Map<string, Listener[]>();
  openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  zoomLevel = 0;
  devToolsClosed = 0;
  readonly sent: unknown[][] = [];
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  closeDevTools(): void {
    this.devToolsClosed += 1;
  }
  getZoomLevel(): number {
    return this.zoomLevel;
  }
  setZoomLevel(level: number): void {
    this.zoomLevel = level;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
  /** Fires an event the way Electron does; answers whether a listener called preventDefault. */
  fire(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    const preventable = { preventDefault: () => void (prevented = true) };
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(preventable, ...args);
    return prevented;
  }
  fireFrameNavigate(url: string): boolean {
    let prevented = false;
    for (const listener of this.listeners.get('will-frame-navigate') ?? [])
      (listener as (e: unknown) => unknown)({ url, preventDefault: () => void (prevented = true) });
    return prevented;
  }
}

class RecordingWindow implements BrowserWindowLike {
  readonly loaded: string[] = [];
  constructor(
    readonly webContents: RecordingContents,
    readonly options: BrowserWindowConstructorOptions,
  ) {}
  isDestroyed(): boolean {
    return false;
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
  }
}

class RecordingApp implements AppLike {
  sandboxed = 0;
  readonly created: Array<(event: unknown, contents: WebContentsLike) => void> = [];
  constructor(readonly isPackaged: boolean) {}
  enableSandbox(): void {
    this.sandboxed += 1;
  }
  on(_event: 'web-contents-created', listener: (event: unknown, contents: WebContentsLike) => void): this {
    this.created.push(listener);
    return this;
  }
  /** What Electron does for every new web contents (the window's, DevTools', a popup's). */
  contentsCreated(contents: RecordingContents): void {
    for (const listener of this.created) listener({}, contents);
  }
}

class RecordingIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown): void {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, event: IpcInvokeEventLike, input: unknown): Promise<unknown> {
    return Promise.resolve(this.handlers.get(channel)!(event, input));
  }
}

class RecordingProtocol implements ProtocolLike {
  readonly privileged: Array<{ scheme: string; privileges?: SchemePrivileges }> = [];
  readonly handlers = new Map<string, (request: ProtocolRequestLike) => Response | Promise<Response>>();
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: SchemePrivileges }>): void {
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: (request: ProtocolRequestLike) => Response | Promise<Response>): void {
    this.handlers.set(scheme, handler);
  }
}

class RecordingSession implements SessionLike {
  request: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  check: ((webContents: unknown, permission: string) => boolean) | null = null;
  device: ((details: unknown) => boolean) | null = null;
  headers:
    | ((
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
      ) => void)
    | null = null;
  readonly webRequest = { onHeadersReceived: (listener: NonNullable<RecordingSession['headers']>) => void (this.headers = listener) };
  setPermissionRequestHandler(handler: RecordingSession['request']): void {
    this.request = handler;
  }
  setPermissionCheckHandler(handler: RecordingSession['check']): void {
    this.check = handler;
  }
  setDevicePermissionHandler(handler: RecordingSession['device']): void {
    this.device = handler;
  }
}

interface Shell {
  app: RecordingApp;
  protocol: RecordingProtocol;
  session: RecordingSession;
  ipcMain: RecordingIpcMain;
  menuCalls: Array<{ menu: null; windowsBefore: number }>;
  window: RecordingWindow;
  close(): void;
}

let host: RunningHost;
let rendererDist: string;
beforeAll(async () => {
  host = await startDemoHost();
  rendererDist = join(import.meta.dirname, '../../renderer/dist');
});
afterAll(async () => {
  await host?.stop();
});

async function startShell(options: { isPackaged: boolean; startPage?: string; dist?: string }): Promise<Shell> {
  const app = new RecordingApp(options.isPackaged);
  const protocol = new RecordingProtocol();
  const session = new RecordingSession();
  const ipcMain = new RecordingIpcMain();
  const windows: RecordingWindow[] = [];
  const menuCalls: Shell['menuCalls'] = [];
  const menu: MenuLike = { setApplicationMenu: (m) => void menuCalls.push({ menu: m, windowsBefore: windows.length }) };
  prepareShell({ app, protocol });
  const deps: ShellDeps = {
    app,
    menu,
    protocol,
    session,
    ipcMain,
    createWindow: (windowOptions) => {
      const contents = new RecordingContents();
      const window = new RecordingWindow(contents, windowOptions);
      windows.push(window);
      app.contentsCreated(contents);
      return window;
    },
    rendererDist: options.dist ?? rendererDist,
    preloadPath: '/opt/kiosk/dist-electron/preload/preload.cjs',
    core: host.core,
    startPage: options.startPage,
  };
  const { close } = await openShell(deps);
  expect(windows).toHaveLength(1);
  return { app, protocol, session, ipcMain, menuCalls, window: windows[0]!, close };
}

const key = (
  k: string,
  code: string,
  mods: Partial<Pick<KeyInput, 'control' | 'alt' | 'shift' | 'meta' | 'isComposing'>> = {},
  type = 'keyDown',
): KeyInput => ({
  type,
  key: k,
  code,
  control: false,
  alt: false,
  shift: false,
  meta: false,
  ...mods,
});

describe('Electron security checklist, on the real shell code', () => {
  it('renderer settings: context isolation, sandbox, no Node, web security, no insecure content, no experimental or Blink features, no <webview>', async () => {
    const shell = await startShell({ isPackaged: true });
    const prefs = shell.window.options.webPreferences!;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(shell.app.sandboxed).toBe(1);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.preload).toBe('/opt/kiosk/dist-electron/preload/preload.cjs');
    expect(shell.window.options.kiosk).toBe(true);
    shell.close();
  });

  it('every permission request and check is denied, devices included', async () => {
    const shell = await startShell({ isPackaged: true });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'pointerLock']) {
      let granted: boolean | undefined;
      shell.session.request!({}, permission, (g) => void (granted = g));
      expect(granted, permission).toBe(false);
      expect(shell.session.check!({}, permission), permission).toBe(false);
    }
    expect(shell.session.device!({ deviceType: 'usb' })).toBe(false);
    shell.close();
  });

  it('the UI comes from the privileged app://kiosk/ scheme, never file://', async () => {
    const shell = await startShell({ isPackaged: true });
    expect(shell.protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(shell.protocol.handlers.has('app')).toBe(true);
    expect(shell.window.loaded).toEqual(['app://kiosk/index.html']);
    shell.close();
    const office = await startShell({ isPackaged: true, startPage: 'office' });
    expect(office.window.loaded).toEqual(['app://kiosk/index.html#/office']);
    office.close();
    const odd = await startShell({ isPackaged: true, startPage: 'constructor' });
    expect(odd.window.loaded).toEqual(['app://kiosk/index.html']);
    odd.close();
  });

  it('CSP: on every app: response (pages, assets, refusals), added by the session to any other, and in the built page as a meta tag', async () => {
    const shell = await startShell({ isPackaged: true });
    const handler = shell.protocol.handlers.get('app')!;
    const page = await handler({ url: 'app://kiosk/index.html', method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(KIOSK_CSP);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/u);
    const html = await page.text();
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/u.exec(html)?.[1];
    // The meta copy is the header minus frame-ancestors (ignored in meta): never stricter than the header.
    expect(meta).toBe(
      KIOSK_CSP.split('; ')
        .filter((d) => !d.startsWith('frame-ancestors'))
        .join('; '),
    );
    expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<script'));
    const script = readdirSync(join(rendererDist, 'assets')).find((f) => f.endsWith('.js'))!;
    const asset = await handler({ url: `app://kiosk/assets/${script}`, method: 'GET' });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/u);
    expect(asset.headers.get('content-security-policy')).toBe(KIOSK_CSP);
    const missing = await handler({ url: 'app://kiosk/nothing-here.js', method: 'GET' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(KIOSK_CSP);
    let headers: Record<string, string | string[]> | undefined;
    shell.session.headers!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (response) => void (headers = response.responseHeaders));
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [KIOSK_CSP] });
    shell.close();
  });

  it('navigation stays on app://kiosk: scheme and host compared exactly, for the page, redirects and subframes', async () => {
    const shell = await startShell({ isPackaged: true });
    const contents = shell.window.webContents;
    const distUrl = `file://${rendererDist}`;
    const refused = [
      `${distUrl}-evil/x.html`, // the old prefix check let a sibling folder through
      `${distUrl}/index.html`,
      'file:///etc/passwd',
      'app://evil/',
      'app://kiosk.evil/index.html',
      'app://kiosk:8080/index.html',
      'app://evil@kiosk/index.html',
      'app://kiosk@evil/index.html',
      'https://example.com/',
      'http://127.0.0.1:8080/',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'chrome://gpu',
      'not a url',
    ];
    for (const url of refused) {
      expect(contents.fire('will-navigate', url), url).toBe(true);
      expect(contents.fire('will-redirect', url), url).toBe(true);
      expect(contents.fireFrameNavigate(url), url).toBe(true);
    }
    for (const url of ['app://kiosk/index.html', 'app://kiosk/index.html#/office', 'app://kiosk/']) {
      expect(contents.fire('will-navigate', url), url).toBe(false);
      expect(contents.fireFrameNavigate(url), url).toBe(false);
    }
    shell.close();
  });

  it('new windows are denied and <webview> cannot attach, in the kiosk window and in any other web contents', async () => {
    const shell = await startShell({ isPackaged: true });
    for (const contents of [shell.window.webContents, new RecordingContents()]) {
      if (contents !== shell.window.webContents) shell.app.contentsCreated(contents);
      expect(contents.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
      expect(contents.openHandler!({ url: 'app://kiosk/index.html' })).toEqual({ action: 'deny' });
      expect(contents.fire('will-attach-webview')).toBe(true);
      expect(contents.fire('will-navigate', 'https://example.com/')).toBe(true);
    }
    // The guards are installed once per web contents, not once per call.
    expect(shell.window.webContents.listeners.get('will-navigate')).toHaveLength(1);
    shell.close();
  });

  it('IPC: only our window top frame showing app://kiosk reaches the core', async () => {
    const shell = await startShell({ isPackaged: true });
    const contents = shell.window.webContents;
    const channel = uiCallChannel('staff.status');
    const ok = (await shell.ipcMain.invoke(channel, { sender: contents, senderFrame: contents.mainFrame }, {})) as {
      ok: boolean;
      value?: unknown;
    };
    expect(ok.ok).toBe(true);
    const unauthorized = { ok: false, error: { code: 'UNAUTHORIZED', message: 'unexpected sender' } };
    const subframe = { url: APP_INDEX_URL };
    expect(await shell.ipcMain.invoke(channel, { sender: contents, senderFrame: subframe }, {})).toEqual(unauthorized);
    expect(await shell.ipcMain.invoke(channel, { sender: contents, senderFrame: null }, {})).toEqual(unauthorized);
    const other = new RecordingContents();
    expect(await shell.ipcMain.invoke(channel, { sender: other, senderFrame: other.mainFrame }, {})).toEqual(unauthorized);
    // Our own top frame, but showing something else than the bundle.
    for (const url of [
      `file://${rendererDist}/index.html`,
      `file://${rendererDist}-evil/x.html`,
      'app://evil/index.html',
      'https://example.com/',
    ]) {
      (contents.mainFrame as { url: string }).url = url;
      expect(await shell.ipcMain.invoke(channel, { sender: contents, senderFrame: contents.mainFrame }, {}), url).toEqual(unauthorized);
    }
    shell.close();
    expect(shell.ipcMain.handlers.size).toBe(0);
  });

  it('no Electron API beyond the contract reaches the page, and nothing opens external links', () => {
    const preload = readFileSync(join(import.meta.dirname, '../../electron/preload/preload.ts'), 'utf8');
    expect(preload.match(/exposeInMainWorld\(/gu)).toHaveLength(1);
    expect(preload).toMatch(/exposeInMainWorld\('kioskBridge', api\)/u);
    const mainDir = join(import.meta.dirname, '../../electron/main');
    for (const file of readdirSync(mainDir))
      expect(readFileSync(join(mainDir, file), 'utf8'), file).not.toMatch(/openExternal|shell\.open/u);
  });

  it('a supported Electron major', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
      allowScripts: Record<string, boolean>;
    };
    expect(Number(/\d+/u.exec(pkg.devDependencies.electron!)![0])).toBeGreaterThanOrEqual(45);
    expect(pkg.allowScripts.electron).toBe(false);
  });
});

describe('kiosk rules', () => {
  it('the application menu (Reload, Close, Toggle DevTools and their shortcuts) is removed before the window exists', async () => {
    const shell = await startShell({ isPackaged: true });
    expect(shell.menuCalls).toEqual([{ menu: null, windowsBefore: 0 }]);
    shell.close();
  });

  it('DevTools: disabled and closed on sight when packaged; available from the source tree', async () => {
    const packaged = await startShell({ isPackaged: true });
    expect(packaged.window.options.webPreferences!.devTools).toBe(false);
    packaged.window.webContents.fire('devtools-opened');
    expect(packaged.window.webContents.devToolsClosed).toBe(1);
    packaged.close();
    const dev = await startShell({ isPackaged: false });
    expect(dev.window.options.webPreferences!.devTools).toBe(true);
    dev.window.webContents.fire('devtools-opened');
    expect(dev.window.webContents.devToolsClosed).toBe(0);
    dev.close();
  });

  const blocked: Array<[string, KeyInput]> = [
    ['Ctrl+R (reload)', key('r', 'KeyR', { control: true })],
    ['Ctrl+Shift+R', key('R', 'KeyR', { control: true, shift: true })],
    ['Ctrl+W (close)', key('w', 'KeyW', { control: true })],
    ['Ctrl+Q', key('q', 'KeyQ', { control: true })],
    ['Ctrl+Shift+I (DevTools)', key('I', 'KeyI', { control: true, shift: true })],
    ['Ctrl+Shift+J', key('J', 'KeyJ', { control: true, shift: true })],
    ['Ctrl+Shift+C', key('C', 'KeyC', { control: true, shift: true })],
    ['Ctrl+P (print)', key('p', 'KeyP', { control: true })],
    ['Ctrl+O', key('o', 'KeyO', { control: true })],
    ['Ctrl+S', key('s', 'KeyS', { control: true })],
    ['Ctrl+N', key('n', 'KeyN', { control: true })],
    ['Ctrl+T', key('t', 'KeyT', { control: true })],
    ['Ctrl+L', key('l', 'KeyL', { control: true })],
    ['Ctrl+U (source)', key('u', 'KeyU', { control: true })],
    ['Ctrl+F', key('f', 'KeyF', { control: true })],
    ['Ctrl+Tab', key('Tab', 'Tab', { control: true })],
    ['Ctrl+J (a scanner line feed)', key('j', 'KeyJ', { control: true })],
    ['Ctrl+M (a scanner carriage return)', key('m', 'KeyM', { control: true })],
    ['Ctrl+Alt+A', key('a', 'KeyA', { control: true, alt: true })],
    ['F1', key('F1', 'F1')],
    ['F5 (reload)', key('F5', 'F5')],
    ['Shift+F5', key('F5', 'F5', { shift: true })],
    ['F7 (caret browsing)', key('F7', 'F7')],
    ['F10', key('F10', 'F10')],
    ['F11 (full screen)', key('F11', 'F11')],
    ['F12 (DevTools)', key('F12', 'F12')],
    ['Alt+F4 (close)', key('F4', 'F4', { alt: true })],
    ['Alt+Left (back)', key('ArrowLeft', 'ArrowLeft', { alt: true })],
    ['Alt+Home', key('Home', 'Home', { alt: true })],
    ['Alt+5', key('5', 'Digit5', { alt: true })],
    ['Alt+X', key('x', 'KeyX', { alt: true })],
    ['Alt+Shift+A', key('A', 'KeyA', { alt: true, shift: true })],
    ['Meta+R', key('r', 'KeyR', { meta: true })],
    ['Meta+Q', key('q', 'KeyQ', { meta: true })],
    ['Meta+1', key('1', 'Digit1', { meta: true })],
    ['context-menu key', key('ContextMenu', 'ContextMenu')],
    ['browser back key', key('BrowserBack', 'BrowserBack')],
    ['browser refresh key', key('BrowserRefresh', 'BrowserRefresh')],
    ['print screen', key('PrintScreen', 'PrintScreen')],
    ['unidentified', key('Unidentified', '')],
  ];
  const allowed: Array<[string, KeyInput]> = [
    ['a', key('a', 'KeyA')],
    ['Shift+A', key('A', 'KeyA', { shift: true })],
    ['7', key('7', 'Digit7')],
    ['numpad 7', key('7', 'Numpad7')],
    ['Shift+7 (&)', key('&', 'Digit7', { shift: true })],
    ['|', key('|', 'Backslash', { shift: true })],
    ['space', key(' ', 'Space')],
    ['/', key('/', 'Slash')],
    ['Enter', key('Enter', 'Enter')],
    ['numpad Enter', key('Enter', 'NumpadEnter')],
    ['Backspace', key('Backspace', 'Backspace')],
    ['Delete', key('Delete', 'Delete')],
    ['Escape', key('Escape', 'Escape')],
    ['Tab', key('Tab', 'Tab')],
    ['Shift+Tab', key('Tab', 'Tab', { shift: true })],
    ['arrows', key('ArrowDown', 'ArrowDown')],
    ['Home', key('Home', 'Home')],
    ['PageDown', key('PageDown', 'PageDown')],
    ['F2', key('F2', 'F2')],
    ['Alt+1', key('1', 'Digit1', { alt: true })],
    ['Alt+4', key('4', 'Digit4', { alt: true })],
    ['Alt+A', key('a', 'KeyA', { alt: true })],
    ['Alt+R', key('r', 'KeyR', { alt: true })],
    ['Alt+P', key('p', 'KeyP', { alt: true })],
    ['Ctrl+C', key('c', 'KeyC', { control: true })],
    ['Ctrl+V', key('v', 'KeyV', { control: true })],
    ['Ctrl+A', key('a', 'KeyA', { control: true })],
    ['Ctrl+Z', key('z', 'KeyZ', { control: true })],
    ['Shift alone', key('Shift', 'ShiftLeft', { shift: true })],
    ['Control alone', key('Control', 'ControlLeft', { control: true })],
    ['Alt alone', key('Alt', 'AltLeft', { alt: true })],
    ['input method composing', key('Process', 'KeyN', { isComposing: true })],
    ['a Chinese character', key('票', '')],
  ];

  it.each(blocked)('blocks %s before the page or Chromium sees it', async (_name, input) => {
    const shell = await startShell({ isPackaged: true });
    expect(shell.window.webContents.fire('before-input-event', input)).toBe(true);
    expect(shell.window.webContents.fire('before-input-event', { ...input, type: 'keyUp' })).toBe(true);
    expect(shell.window.webContents.zoomLevel).toBe(0);
    shell.close();
  });

  it.each(allowed)('lets %s through to the page', async (_name, input) => {
    const shell = await startShell({ isPackaged: true });
    expect(shell.window.webContents.fire('before-input-event', input)).toBe(false);
    shell.close();
  });

  it('zoom keys stay usable for accessibility: Ctrl+= / Ctrl+- / Ctrl+0 zoom the page, in bounded steps', async () => {
    const shell = await startShell({ isPackaged: true });
    const contents = shell.window.webContents;
    expect(contents.fire('before-input-event', key('=', 'Equal', { control: true }))).toBe(true);
    expect(contents.zoomLevel).toBe(0.5);
    contents.fire('before-input-event', key('=', 'Equal', { control: true }, 'keyUp'));
    expect(contents.zoomLevel).toBe(0.5);
    contents.fire('before-input-event', key('+', 'Equal', { control: true, shift: true }));
    expect(contents.zoomLevel).toBe(1);
    contents.fire('before-input-event', key('=', 'Equal', { control: true }, 'rawKeyDown'));
    expect(contents.zoomLevel).toBe(1.5);
    for (let i = 0; i < 20; i += 1) contents.fire('before-input-event', key('+', 'NumpadAdd', { control: true }));
    expect(contents.zoomLevel).toBe(4);
    contents.fire('before-input-event', key('0', 'Digit0', { control: true }));
    expect(contents.zoomLevel).toBe(0);
    for (let i = 0; i < 20; i += 1) contents.fire('before-input-event', key('-', 'Minus', { control: true }));
    expect(contents.zoomLevel).toBe(-2);
    shell.close();
  });
});

describe('app: protocol, path traversal', () => {
  let root: string;
  let dist: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kiosk-app-protocol-'));
    dist = join(root, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>kiosk</title>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'export {};');
    writeFileSync(join(root, 'secret.txt'), 'SECRET-OUTSIDE-THE-BUNDLE');
    mkdirSync(join(root, 'dist-evil'));
    writeFileSync(join(root, 'dist-evil', 'x.html'), 'SECRET-OUTSIDE-THE-BUNDLE');
    symlinkSync(join(root, 'secret.txt'), join(dist, 'link.txt'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves the bundle', async () => {
    const shell = await startShell({ isPackaged: true, dist });
    const handler = shell.protocol.handlers.get('app')!;
    expect(await (await handler({ url: 'app://kiosk/', method: 'GET' })).text()).toContain('<title>kiosk</title>');
    expect(await (await handler({ url: 'app://kiosk/assets/app.js', method: 'GET' })).text()).toBe('export {};');
    const head = await handler({ url: 'app://kiosk/assets/app.js', method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await handler({ url: 'app://kiosk/index.html', method: 'POST' })).status).toBe(405);
    shell.close();
  });

  it.each([
    'app://kiosk/../secret.txt',
    'app://kiosk/../../etc/passwd',
    'app://kiosk/../../../../../../etc/passwd',
    'app://kiosk/%2e%2e/secret.txt',
    'app://kiosk/%2E%2E/%2E%2E/etc/passwd',
    'app://kiosk/..%2fsecret.txt',
    'app://kiosk/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
    'app://kiosk/%2e%2e%2fsecret.txt',
    'app://kiosk/assets/..%2f..%2fsecret.txt',
    'app://kiosk/..%2fdist-evil%2fx.html',
    'app://kiosk/%2e%2e%2fdist-evil/x.html',
    'app://kiosk/..%5csecret.txt',
    'app://kiosk/..\\secret.txt',
    'app://kiosk/%252e%252e%252fsecret.txt',
    'app://kiosk/%2fetc%2fpasswd',
    'app://kiosk//etc/passwd',
    'app://kiosk/index.html%00.js',
    'app://kiosk/link.txt',
    'app://kiosk/C:/Windows/win.ini',
    'app://kiosk/C%3a%5cWindows%5cwin.ini',
    'app://kiosk/assets',
    'app://kiosk/%E0%A4%A',
    'app://evil/index.html',
    'app://kiosk.evil/index.html',
    'file:///etc/passwd',
  ])('refuses %s', async (url) => {
    const response = await serveBundle({ url, method: 'GET' }, dist);
    expect(response.status).not.toBe(200);
    expect(await response.text()).not.toContain('SECRET');
    expect(response.headers.get('content-security-policy')).toBe(KIOSK_CSP);
  });
});
