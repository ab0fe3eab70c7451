/** Per-ticket states of the status model (PRODUCT.md); `refunding` holds a ticket while its online refund is in flight. */
export const ticketStates = ['unprinted', 'claimed', 'printing', 'printed', 'unknown', 'refunding', 'refunded'] as const;
export type TicketState = (typeof ticketStates)[number];
