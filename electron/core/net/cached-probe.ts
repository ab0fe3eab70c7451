/**
 * Wraps a costly probe (one that opens a device connection, say) so that callers get an answer at most
 * `maxAgeMs` old: the first call waits for a probe, later ones get the last answer while at most one
 * refresh runs in the background. However often it is asked, the probe runs at most once per `maxAgeMs`.
 */
export function cachedProbe<T>(probe: () => Promise<T>, maxAgeMs: number, now: () => number = Date.now): () => Promise<T> {
  let last: { value: T; at: number } | undefined;
  let running: Promise<T> | undefined;
  const refresh = (): Promise<T> => {
    running ??= probe().then(
      (value) => {
        last = { value, at: now() };
        running = undefined;
        return value;
      },
      (error: unknown) => {
        running = undefined;
        throw error;
      },
    );
    return running;
  };
  return async () => {
    if (!last) return refresh();
    if (now() - last.at >= maxAgeMs) void refresh().catch(() => undefined);
    return last.value;
  };
}
