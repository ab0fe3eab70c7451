import { ipcMain, type BrowserWindow } from 'electron';
import { uiContract, type UiCallName } from '../../shared/contract/ui';
import { UI_EVENT_CHANNEL, uiCallChannel } from '../../shared/contract/ipc-channels';
import { dispatchUiCall, type UiHandlers } from '../core/app/ui-handlers';
import type { KioskCore } from '../core/app/kiosk-core';

/** One `ipcMain.handle` per contract entry, validated by the same zod schemas as the HTTP transport. */
export function registerUiIpc(handlers: UiHandlers, events: KioskCore['events'], window: BrowserWindow): () => void {
  const names = Object.keys(uiContract) as UiCallName[];
  for (const name of names) {
    ipcMain.handle(uiCallChannel(name), (event, input: unknown) => {
      // Only our own window's top frame may call the core.
      if (event.sender !== window.webContents || event.senderFrame !== window.webContents.mainFrame) {
        return { ok: false, error: { code: 'UNAUTHORIZED', message: 'unexpected sender' } };
      }
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
