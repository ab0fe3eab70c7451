import type { UiCallName, UiEvent, UiInput, UiOutput } from '../../../shared/contract/ui';
import type { Result } from '../../../shared/errors';

/** The one door from the renderer to the core: Electron's preload API, or HTTP in browser-kiosk mode. */
export interface Bridge {
  call<N extends UiCallName>(name: N, input: UiInput<N>): Promise<Result<UiOutput<N>>>;
  /**
   * Subscribes to the core's events. With a staff session the stream also carries staff events (serial
   * scans, refund progress); without one, only the kiosk's own (collection progress, printer status).
   */
  onEvent(listener: (event: UiEvent) => void, options?: { staffSession?: string }): () => void;
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
    onEvent(listener, options) {
      const session = options?.staffSession ? `&session=${encodeURIComponent(options.staffSession)}` : '';
      const source = new EventSource(`/api/events?secret=${encodeURIComponent(secret)}${session}`);
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
