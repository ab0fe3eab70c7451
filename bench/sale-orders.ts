// What the sale benches share: seats on sale across the demo's sessions, one-seat holds, and waiting
// for an order's state through the core's `sale.order` events.
import { dispatchUiCall } from '../electron/core/api/ui-dispatch';
import type { startHost } from '../electron/host/host';
import { allSeats, isSelectable } from '../shared/domain/seat-plan';
import type { UiCallName, UiEvent, UiOutput } from '../shared/contract/ui';
import type { Result } from '../shared/errors';

type Host = Awaited<ReturnType<typeof startHost>>;

/** A kiosk call through the core's handlers (no transport); a refusal throws. */
export function kioskCall(host: Host) {
  return async <N extends UiCallName>(name: N, input: Record<string, unknown>): Promise<UiOutput<N>> => {
    const reply = (await dispatchUiCall(host.core.handlers, name, input)) as Result<UiOutput<N>>;
    if (!reply.ok) throw new Error(`${name}: ${reply.error.code} ${reply.error.message}`);
    return reply.value;
  };
}

export interface SeatOnSale {
  sessionId: string;
  ticketTypeCode: string;
  seat: { areaNumber: number; rowIndex: number; columnIndex: number };
}

/** Every free single seat (no sofa) of every session on sale, with a ticket type of its area: one order each. */
export async function seatsOnSale(host: Host): Promise<SeatOnSale[]> {
  const call = kioskCall(host);
  const out: SeatOnSale[] = [];
  for (const session of (await call('sale.sessions', {})).sessions) {
    const plan = await call('sale.seatPlan', { sessionId: session.sessionId });
    const types = await call('sale.ticketTypes', { sessionId: session.sessionId });
    for (const seat of allSeats(plan.plan).filter((s) => isSelectable(s) && !s.sofa)) {
      const type = types.ticketTypes.find((t) => t.areaCategoryCode === seat.areaCategoryCode);
      if (!type) continue;
      out.push({
        sessionId: session.sessionId,
        ticketTypeCode: type.ticketTypeCode,
        seat: { areaNumber: seat.areaNumber, rowIndex: seat.rowIndex, columnIndex: seat.columnIndex },
      });
    }
  }
  return out;
}

/** Holds one seat (AddTickets): the order to pay. */
export async function holdOne(host: Host, seat: SeatOnSale): Promise<string> {
  const order = await kioskCall(host)('sale.hold', {
    sessionId: seat.sessionId,
    tickets: [{ ticketTypeCode: seat.ticketTypeCode, qty: 1 }],
    seats: [seat.seat],
  });
  return order.orderId;
}

/** Resolves when the order reaches `state` (from the core's events), with the time it was reached; rejects on a state it cannot leave for it. */
export function orderReaches(host: Host, orderId: string, state: string, timeoutMs = 30_000): Promise<number> {
  const dead = new Set(['cancelled', 'expired', 'refunded', 'needs-staff', 'held']);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`order ${orderId} did not reach ${state} within ${timeoutMs} ms`)), timeoutMs);
    const listener = (event: UiEvent) => {
      if (event.type !== 'sale.order' || event.orderId !== orderId) return;
      if (event.state === state) done(undefined, performance.now());
      else if (dead.has(event.state)) done(new Error(`order ${orderId} went ${event.state}, not ${state}`));
    };
    const done = (error: Error | undefined, at?: number) => {
      clearTimeout(timer);
      host.core.events.off('event', listener);
      if (error) reject(error);
      else resolve(at!);
    };
    host.core.events.on('event', listener);
  });
}

/** Until nothing of the last sale is left to do: its receipt printed (or failed) and every outbox drained. */
export async function saleSettled(host: Host, orderId: string): Promise<void> {
  const receipt = host.core.db.prepare(
    "SELECT 1 FROM audit_log WHERE subject = ? AND action IN ('sale.receipt.printed', 'sale.receipt.failed') LIMIT 1",
  );
  for (let waited = 0; ; waited += 1) {
    const left = !receipt.get(`order:${orderId}`) || (host.core.printService?.outbox.depth().depth ?? 0) > 0;
    if (!left) return;
    if (waited > 10_000) throw new Error(`order ${orderId}: receipt or outbox not done within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
