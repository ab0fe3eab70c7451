/** Per-ticket states of the status model (PRODUCT.md). */
export const ticketStates = ['unprinted', 'claimed', 'printing', 'printed', 'unknown', 'refunded'] as const;
export type TicketState = (typeof ticketStates)[number];
