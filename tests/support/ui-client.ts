import { request } from 'undici';
import type { UiCallName, UiInput, UiOutput } from '../../shared/contract/ui';
import type { Result } from '../../shared/errors';

/** Drives a kiosk's UI contract over its HTTP transport, with the per-launch secret read from its page. */
export async function uiClient(uiUrl: string) {
  const page = await (await request(uiUrl)).body.text();
  const secret = /name="kiosk-secret" content="([^"]+)"/u.exec(page)?.[1];
  if (!secret) throw new Error('no kiosk secret in the page');
  return async <N extends UiCallName>(name: N, input: UiInput<N>): Promise<Result<UiOutput<N>>> => {
    const response = await request(`${uiUrl}/api/call/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kiosk-secret': secret },
      body: JSON.stringify(input),
      // A fresh connection per call: no keep-alive socket the server may be closing as we reuse it.
      reset: true,
    });
    return (await response.body.json()) as Result<UiOutput<N>>;
  };
}
