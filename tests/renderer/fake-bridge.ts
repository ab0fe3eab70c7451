import { setBridge, type Bridge } from '../../renderer/src/services/bridge';
import { uiContract, type UiCallName, type UiEvent, type UiInput, type UiOutput } from '../../shared/contract/ui';
import type { Result, UiErrorCode } from '../../shared/errors';

type Answer<N extends UiCallName> = Result<UiOutput<N>> | ((input: UiInput<N>) => Result<UiOutput<N>>);

/**
 * The core as the renderer's stores see it, for store tests (no core can run in a unit test): each call
 * answers what the test set; the inputs a store sends are checked against the contract, and so are the
 * answers the test sets (a fake that answers what the core never could proves nothing).
 */
export class FakeBridge implements Bridge {
  readonly calls: { name: UiCallName; input: unknown }[] = [];
  private readonly answers = new Map<UiCallName, Answer<UiCallName>>();
  private readonly listeners = new Set<{ listener: (event: UiEvent) => void; staffSession: string | undefined }>();

  answer<N extends UiCallName>(name: N, reply: Answer<N>): this {
    this.answers.set(name, reply as unknown as Answer<UiCallName>);
    return this;
  }

  async call<N extends UiCallName>(name: N, input: UiInput<N>): Promise<Result<UiOutput<N>>> {
    uiContract[name].input.parse(input);
    this.calls.push({ name, input });
    const answer = this.answers.get(name) as Answer<N> | undefined;
    if (!answer) throw new Error(`the test set no answer for ${name}`);
    const reply = typeof answer === 'function' ? answer(input) : answer;
    if (reply.ok) uiContract[name].output.parse(reply.value);
    return reply;
  }

  onEvent(listener: (event: UiEvent) => void, options?: { staffSession?: string }): () => void {
    const entry = { listener, staffSession: options?.staffSession };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  /** Sends an event to every open stream (a staff event only to streams opened with a session). */
  emit(event: UiEvent): void {
    for (const { listener } of this.listeners) listener(event);
  }

  /** The sessions of the open event streams (undefined: a kiosk stream). */
  streams(): (string | undefined)[] {
    return [...this.listeners].map((l) => l.staffSession);
  }

  /** The names called, in order. */
  names(): UiCallName[] {
    return this.calls.map((c) => c.name);
  }
}

/** A fresh fake, installed as the renderer's bridge. */
export function installFakeBridge(): FakeBridge {
  const bridge = new FakeBridge();
  setBridge(bridge);
  return bridge;
}

export const failure = (code: UiErrorCode, message = code.toLowerCase(), details?: Record<string, unknown>): Result<never> => ({
  ok: false,
  error: details ? { code, message, details } : { code, message },
});
