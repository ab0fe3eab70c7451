/**
 * The slice of Electron's API the shell uses, as plain interfaces. The real `app`, `Menu`,
 * `protocol`, `session.defaultSession`, `ipcMain` and `BrowserWindow` fit them (main.ts passes
 * them in and the compiler checks that they fit), so the shell's rules run under plain Node in
 * tests, where no Electron binary exists. Nothing here imports 'electron' at run time.
 */

export interface PreventableEvent {
  preventDefault(): void;
}

export interface FrameLike {
  readonly url: string;
}

/** What `before-input-event` reports of a key (Electron's `Input`). */
export interface KeyInput {
  type: string;
  key: string;
  code: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
  isComposing?: boolean;
}

export interface WebContentsLike {
  readonly mainFrame: FrameLike;
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: PreventableEvent & { url: string }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'before-input-event', listener: (event: PreventableEvent, input: KeyInput) => void): unknown;
  on(event: 'devtools-opened', listener: () => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  closeDevTools(): void;
  getZoomLevel(): number;
  setZoomLevel(level: number): void;
  send(channel: string, ...args: unknown[]): void;
}

export interface BrowserWindowLike {
  readonly webContents: WebContentsLike;
  isDestroyed(): boolean;
  loadURL(url: string): Promise<void>;
}

export interface IpcInvokeEventLike {
  readonly sender: unknown;
  readonly senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface MenuLike {
  setApplicationMenu(menu: null): void;
}

export interface SchemePrivileges {
  standard?: boolean;
  secure?: boolean;
  supportFetchAPI?: boolean;
  bypassCSP?: boolean;
  corsEnabled?: boolean;
  allowServiceWorkers?: boolean;
  stream?: boolean;
  codeCache?: boolean;
}

/** The request a protocol handler receives; a fetch `Request` fits. */
export interface ProtocolRequestLike {
  readonly url: string;
  readonly method: string;
}

export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: SchemePrivileges }>): void;
  handle(scheme: string, handler: (request: ProtocolRequestLike) => Response | Promise<Response>): void;
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string) => boolean) | null): void;
  setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null): void;
  readonly webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
      ) => void,
    ): void;
  };
}

export interface AppLike {
  readonly isPackaged: boolean;
  enableSandbox(): void;
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsLike) => void): unknown;
}
