/**
 * Runs `refresh` now and again `everySeconds()` after each run has ended (read afresh each time, at
 * least 1 s; 0 or less stops the loop): a slow central never has two refreshes under way at once.
 * A failed run goes to `onFailure`; the next one comes as usual.
 */
export function backgroundRefresh(
  refresh: () => Promise<void>,
  everySeconds: () => number,
  onFailure: (error: Error) => void,
): { start(): void; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  const run = (): void => {
    if (stopped || everySeconds() <= 0) return;
    void refresh()
      .catch((error: unknown) => onFailure(error as Error))
      .finally(() => {
        if (stopped) return;
        timer = setTimeout(run, Math.max(1, everySeconds()) * 1000);
        timer.unref();
      });
  };
  return {
    start: () => {
      stopped = false;
      run();
    },
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
