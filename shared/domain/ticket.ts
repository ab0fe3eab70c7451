/** Per-ticket states of the status model (PRODUCT.md). */
export const ticketStates = ['unprinted', 'claimed', 'printing', 'printed', 'unknown', 'refunded'] as const;
export type TicketState = (typeof ticketStates)[number];

/** The fields a printed ticket carries, as the print service releases them. */
export interface TicketView {
  ticketCode: string;
  cinemaName: string;
  screenName: string;
  filmName: string;
  /** ISO 8601 with offset. */
  sessionDateTime: string;
  seatName: string;
  priceCents: number;
  serviceFeeCents: number;
  printFlag: 0 | 1;
  state: TicketState;
}
