import { uiContract, type UiCallName } from '../../shared/contract/ui';
import { UI_EVENT_CHANNEL, uiCallChannel } from '../../shared/contract/ipc-channels';
import { dispatchUiCall, type UiHandlers } from '../core/api/ui-dispatch';
import type { KioskCore } from '../core/app/kiosk-core';
import { isAppUrl } from './app-protocol';
import type { BrowserWindowLike, IpcInvokeEventLike, IpcMainLike } from './seams';

/**
 * Only our window's top frame, showing our own bundle, may call the core: not a subframe, not
 * another window, and not our window after something navigated it elsewhere (the frame's URL is
 * checked on every call, Electron's checklist "validate the sender of all IPC messages").
 */
export function isTrustedSender(event: IpcInvokeEventLike, window: BrowserWindowLike): boolean {
  const frame = event.senderFrame;
  return event.sender === window.webContents && frame !== null && frame === window.webContents.mainFrame && isAppUrl(frame.url);
}

/** One `ipcMain.handle` per contract entry, validated by the same zod schemas as the HTTP transport. */
export function registerUiIpc(
  ipcMain: IpcMainLike,
  handlers: UiHandlers,
  events: KioskCore['events'],
  window: BrowserWindowLike,
): () => void {
  const names = Object.keys(uiContract) as UiCallName[];
  for (const name of names) {
    ipcMain.handle(uiCallChannel(name), (event, input: unknown) => {
      if (!isTrustedSender(event, window)) return { ok: false, error: { code: 'UNAUTHORIZED', message: 'unexpected sender' } };
      return dispatchUiCall(handlers, name, input);
    });
  }
  const forward = (event: unknown) => {
    if (!window.isDestroyed()) window.webContents.send(UI_EVENT_CHANNEL, event);
  };
  events.on('event', forward);
  return () => {
    for (const name of names) ipcMain.removeHandler(uiCallChannel(name));
    events.off('event', forward);
  };
}
