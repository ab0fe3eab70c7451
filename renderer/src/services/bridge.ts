import type { UiCallName, UiEvent, UiInput, UiOutput } from '../../../shared/contract/ui';
import type { Result } from '../../../shared/errors';

/** The one door from the renderer to the core: Electron's preload API, or HTTP in browser-kiosk mode. */
export interface Bridge {
  call<N extends UiCallName>(name: N, input: UiInput<N>): Promise<Result<UiOutput<N>>>;
  onEvent(listener: (event: UiEvent) => void): () => void;
}

declare global {
  interface Window {
    kioskBridge?: Bridge;
  }
}

function httpBridge(): Bridge {
  const secret = document.querySelector<HTMLMetaElement>('meta[name="kiosk-secret"]')?.content ?? '';
  return {
    async call(name, input) {
      try {
        const response = await fetch(`/api/call/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-kiosk-secret': secret },
          body: JSON.stringify(input),
        });
        return (await response.json()) as Result<UiOutput<typeof name>>;
      } catch (error) {
        return { ok: false, error: { code: 'PRINT_SERVICE_UNREACHABLE', message: (error as Error).message } };
      }
    },
    onEvent(listener) {
      const source = new EventSource(`/api/events?secret=${encodeURIComponent(secret)}`);
      source.onmessage = (message) => listener(JSON.parse(message.data as string) as UiEvent);
      return () => source.close();
    },
  };
}

let bridge: Bridge | undefined;

export function getBridge(): Bridge {
  bridge ??= window.kioskBridge ?? httpBridge();
  return bridge;
}

/** Unit tests replace the bridge. */
export function setBridge(replacement: Bridge): void {
  bridge = replacement;
}
