/**
 * No incomplete ticket: Chinese ticket rules forbid a cinema ticket without its cinema, film, show
 * time, hall, seat, price and the national ticket QR. Both sides check before the first byte: the
 * print service before it claims (so other vendors' kiosks are covered) and our kiosk before it
 * prints what a claim released (so another print service's gap is covered too).
 */
export const REQUIRED_TICKET_FIELDS = [
  'cinemaName',
  'filmName',
  'sessionDateTime',
  'screenName',
  'seatName',
  'priceCents',
  'ticketInfoCode',
] as const;
export type RequiredTicketField = (typeof REQUIRED_TICKET_FIELDS)[number];

/** The message of the print service's refusal (result code 2, "other error", as the SARFT codes allow): for people. */
export const INCOMPLETE_TICKET_MESSAGE = 'ticket data incomplete: nothing printed, please see the box office';
/** The refusal's machine-readable marker, `details.reason` of the reply: what our kiosk goes by, never the message. */
export const INCOMPLETE_TICKET_REASON = 'incomplete-ticket';

type TicketData = { [K in RequiredTicketField]?: unknown };

const BLANK_ROW_OR_SEAT = /^\s*排|排\s*座/u;

/** A seat name that names no seat: blank, or a Chinese one with its row or its number left out (`9排座`, `排7座`). */
export function isIncompleteSeatName(seatName: string): boolean {
  return seatName.trim() === '' || BLANK_ROW_OR_SEAT.test(seatName);
}

/** The required fields a ticket lacks (blank text, a price that is not a whole non-negative number of cents). */
export function missingTicketFields(ticket: TicketData): RequiredTicketField[] {
  return REQUIRED_TICKET_FIELDS.filter((field) => {
    const value = ticket[field];
    if (field === 'priceCents') return !(typeof value === 'number' && Number.isInteger(value) && value >= 0);
    // `5排座` or `排7座`: a Chinese seat name with its row or its number left out is no seat.
    if (field === 'seatName' && typeof value === 'string' && isIncompleteSeatName(value)) return true;
    return typeof value !== 'string' || value.trim() === '';
  });
}

/** The fields lacking on any of these tickets, in the order of REQUIRED_TICKET_FIELDS. */
export function missingOfTickets(tickets: readonly TicketData[]): RequiredTicketField[] {
  const missing = new Set(tickets.flatMap(missingTicketFields));
  return REQUIRED_TICKET_FIELDS.filter((f) => missing.has(f));
}
