/** Where the time comes from, so a use case can be run at a chosen instant in tests. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
