/**
 * The life of a sale order (one UserSessionId at central), as the core stores it and the screens show it.
 *
 * `holding`: stored, AddTickets sent or about to be; `held`: central holds the seats until `heldUntil`;
 * `cancelling`: CancelOrder queued in the outbox (customer cancelled or left, the hold ran out, a hold
 * was refused or its answer lost, or the kiosk restarted); `cancelled` / `expired`: central confirmed
 * the release (`expired` when the hold's time ran out). Payment extends this table (`paying → paid →
 * completing → completed → printed`) by adding states and edges; nothing here changes meaning.
 */
export const saleOrderStates = ['holding', 'held', 'cancelling', 'cancelled', 'expired'] as const;
export type SaleOrderState = (typeof saleOrderStates)[number];

/** Why an order was annulled: the audit record and the screens tell these apart. */
export const cancelReasons = ['customer', 'left', 'timeout', 'refused', 'replaced', 'restart', 'staff'] as const;
export type CancelReason = (typeof cancelReasons)[number];

const EDGES: Readonly<Record<SaleOrderState, readonly SaleOrderState[]>> = {
  holding: ['held', 'cancelling'],
  held: ['held', 'cancelling'],
  cancelling: ['cancelled', 'expired'],
  cancelled: [],
  expired: [],
};

/** Whether the order may go from `from` to `to` (a held order may be held again: its seats replaced). */
export const canMove = (from: SaleOrderState, to: SaleOrderState): boolean => EDGES[from].includes(to);
/** Open orders still hold, or may hold, seats at central. */
export const isOpenOrder = (state: SaleOrderState): boolean => state === 'holding' || state === 'held';
/** Terminal: central confirmed; nothing more will happen to it. */
export const isFinalOrder = (state: SaleOrderState): boolean => EDGES[state].length === 0;

/**
 * The order's reference as a customer reads it out: the last six characters of its id (central's 32-hex
 * UserSessionId), in capitals, in two groups of three (`3F9-A2C`). Enough to find the order among a
 * terminal's recent ones with the staff; the full id stays in the staff view and the audit record.
 */
export function orderReference(orderId: string): string {
  const tail = orderId
    .replace(/[^A-Za-z0-9]/gu, '')
    .slice(-6)
    .toUpperCase();
  return tail.length === 6 ? `${tail.slice(0, 3)}-${tail.slice(3)}` : tail;
}
