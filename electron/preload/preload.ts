import { contextBridge, ipcRenderer } from 'electron';
import { uiContract, uiEvent, type UiCallName, type UiEvent } from '../../shared/contract/ui';
import { UI_EVENT_CHANNEL, uiCallChannel } from '../../shared/contract/ipc-channels';

/**
 * Exposes exactly the UI contract to the page: one `call` per contract entry and an event
 * subscription. No ipcRenderer, no Node, nothing else crosses.
 */
const api = {
  call: (name: UiCallName, input: unknown) => {
    if (!Object.hasOwn(uiContract, name)) return Promise.resolve({ ok: false, error: { code: 'VALIDATION', message: 'no such call' } });
    return ipcRenderer.invoke(uiCallChannel(name), input);
  },
  onEvent: (listener: (event: UiEvent) => void) => {
    const handler = (_event: Electron.IpcRendererEvent, payload: unknown) => {
      const parsed = uiEvent.safeParse(payload);
      if (parsed.success) listener(parsed.data);
    };
    ipcRenderer.on(UI_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(UI_EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('kioskBridge', api);
