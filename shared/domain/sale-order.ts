/**
 * The life of a sale order (one UserSessionId at central), as the core stores it and the screens show it.
 *
 * Up to a hold: `holding`: stored, AddTickets sent or about to be; `held`: central holds the seats until
 * `heldUntil`; `cancelling`: CancelOrder queued in the outbox (customer cancelled or left, the hold ran
 * out, a hold was refused or its answer lost, the kiosk restarted, or the payment failed); `cancelled` /
 * `expired`: central confirmed the release (`expired` when the hold's time ran out).
 *
 * Payment and completion (issue 15): `paying`: the order's one `out_trade_no` is stored and the payment
 * sent (a decline the customer can act on goes back to `held`); `payment-unknown`: the payment never
 * settled within the hold, the trade is being reversed (`trade.cancel`); `paid`: the provider confirmed
 * the money; `completing`: StartExternalPayment / CompleteOrder and seed §2.2's recovery tree; `completed`:
 * central made the booking; `printed`: its tickets printed; `refunding`: the tree ended without a booking,
 * the money goes back (one `out_request_no`); `refunded`: it went back (listed for the box office);
 * `needs-staff`: what the machine cannot settle by itself (a refund the provider refused), for the box office.
 */
export const saleOrderStates = [
  'holding',
  'held',
  'cancelling',
  'cancelled',
  'expired',
  'paying',
  'payment-unknown',
  'paid',
  'completing',
  'completed',
  'printed',
  'refunding',
  'refunded',
  'needs-staff',
] as const;
export type SaleOrderState = (typeof saleOrderStates)[number];

/** Why an order was annulled: the audit record and the screens tell these apart. `payment`: the payment failed or was reversed. */
export const cancelReasons = ['customer', 'left', 'timeout', 'refused', 'replaced', 'restart', 'staff', 'payment'] as const;
export type CancelReason = (typeof cancelReasons)[number];

const EDGES: Readonly<Record<SaleOrderState, readonly SaleOrderState[]>> = {
  holding: ['held', 'cancelling'],
  // `paid` straight from `held`: cash at the counter (no provider, no trade to settle).
  held: ['held', 'cancelling', 'paying', 'paid'],
  cancelling: ['cancelled', 'expired'],
  cancelled: [],
  expired: [],
  // Declined with no money moved: back to `held` (the customer may try again); a closed trade: annulled.
  paying: ['held', 'paid', 'payment-unknown', 'cancelling'],
  // The reversal: closed or refunded in full, then the seats go back; a reversal refused: staff.
  'payment-unknown': ['paid', 'cancelling', 'needs-staff'],
  paid: ['completing', 'refunding'],
  completing: ['completed', 'refunding'],
  completed: ['printed'],
  printed: [],
  refunding: ['refunded', 'needs-staff'],
  refunded: [],
  'needs-staff': [],
};

/** Whether the order may go from `from` to `to` (a held order may be held again: its seats replaced). */
export const canMove = (from: SaleOrderState, to: SaleOrderState): boolean => EDGES[from].includes(to);
/** Open orders still hold, or may hold, seats at central, and no money has been asked for. */
export const isOpenOrder = (state: SaleOrderState): boolean => state === 'holding' || state === 'held';
/** Terminal: nothing more will happen to it by itself. */
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
/**
 * Why a booked sale is on the box office's list when its tickets' print never reported: the terminal
 * stopped after CompleteOrder and before (or while) printing. Its tickets are never printed by
 * themselves at a restart (the customer may have gone; a ticket half-printed must not print twice).
 */
export const UNPRINTED_AFTER_STOP = 'unprinted-after-stop';

/** Money may have moved and the machine still owes a step: resumed at start, never annulled. */
export const isPaymentInFlight = (state: SaleOrderState): boolean =>
  state === 'paying' || state === 'payment-unknown' || state === 'paid' || state === 'completing' || state === 'refunding';
