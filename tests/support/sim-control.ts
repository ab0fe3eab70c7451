import { request } from 'undici';

/** The simulator's `/__sim/` control API, as tests and benches use it. */
export async function simGet<T>(centralUrl: string, path: string): Promise<T> {
  const response = await request(`${new URL(centralUrl).origin}${path}`);
  if (response.statusCode >= 400) throw new Error(`${path}: ${response.statusCode}`);
  return (await response.body.json()) as T;
}

export async function simSend<T>(centralUrl: string, method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await request(`${new URL(centralUrl).origin}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await response.body.json()) as T;
}

export interface SimBookingView {
  booking: { Tickets: { TicketCode: string; TicketInfoCode: string; CollectedStatus: string; RefundedStatus: string }[] };
  calls: { markcollected: number; refund: number };
  effects: { collected: number; refunded: number; refundedCents: number };
}

/** Polls until `check` holds or the time is up (sync is asynchronous by design). */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

/** A show as `GET /__sim/sessions` answers it (the members the tests read). */
export interface SimSessionView {
  sessionId: string;
  filmTitle: string;
  seats: { total: number; byStatus: Record<string, number>; held: number };
}

/** A sale order as `GET /__sim/orders` answers it (the members the tests read). */
export interface SimOrderView {
  userSessionId: string;
  state: 'held' | 'cancelled' | 'expired' | 'completed';
  sessionId: string;
  seats: { areaNumber: number; rowIndex: number; columnIndex: number; name: string }[];
}
