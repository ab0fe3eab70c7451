import type { TicketState } from './ticket';

/**
 * What the box office may do with a booking's tickets, by state: the office screen offers what the core's
 * refund and reprint services accept (electron/core/refunds/refund-rules.ts, office/reprint.service.ts).
 */

/** Printed tickets are refunded at the counter (a slip, central told later); unprinted ones online, through central. */
export type RefundKind = 'local' | 'online';

/** How a set of tickets is refunded: one kind per refund, so a mix of printed and unprinted is none. */
export function refundKindOf(states: readonly TicketState[]): RefundKind | null {
  if (states.length === 0) return null;
  if (states.every((s) => s === 'printed')) return 'local';
  if (states.every((s) => s === 'unprinted')) return 'online';
  return null;
}

/** A printed ticket, or one whose print outcome is unknown, may be printed again (with a reason and approval). */
export const REPRINTABLE_STATES: ReadonlySet<TicketState> = new Set<TicketState>(['printed', 'unknown']);

export const isReprintable = (state: TicketState): boolean => REPRINTABLE_STATES.has(state);

/**
 * Settling an unknown print needs a supervisor's approval, as a reprint does: "not printed" lets a kiosk print
 * the tickets again, "printed" closes the customer's claim.
 */
export const attentionNeedsApproval = (id: string, action: string): boolean =>
  id.startsWith('unknown:') && (action === 'confirm-printed' || action === 'mark-unprinted');
