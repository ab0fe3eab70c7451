import { describe, expect, it } from 'vitest';
import { missingOfTickets, missingTicketFields } from '../../shared/domain/complete-ticket';
import { seatName } from '../../shared/domain/seat';

const complete = {
  cinemaName: '星河影城',
  filmName: '流浪地球3',
  sessionDateTime: '2026-12-08T19:30:00+08:00',
  screenName: '1号厅',
  seatName: '5排7座',
  priceCents: 4500,
  ticketInfoCode: '31090211ABC',
};

describe('no incomplete ticket', () => {
  it('a ticket with every field lacks nothing; a free ticket (price 0) is complete', () => {
    expect(missingTicketFields(complete)).toEqual([]);
    expect(missingTicketFields({ ...complete, priceCents: 0 })).toEqual([]);
  });

  it('blank text, a seat without its row or number, and a price that is not whole cents are missing', () => {
    expect(missingTicketFields({ ...complete, screenName: ' ' })).toEqual(['screenName']);
    expect(missingTicketFields({ ...complete, seatName: '5排座' })).toEqual(['seatName']);
    expect(missingTicketFields({ ...complete, seatName: '排7座' })).toEqual(['seatName']);
    expect(missingTicketFields({ ...complete, seatName: seatName('5', '') })).toEqual(['seatName']);
    expect(missingTicketFields({ ...complete, priceCents: -1 })).toEqual(['priceCents']);
    expect(missingTicketFields({ ...complete, priceCents: 45.5 })).toEqual(['priceCents']);
    expect(missingTicketFields({ ...complete, ticketInfoCode: '' })).toEqual(['ticketInfoCode']);
  });

  it('over a booking: every field any ticket lacks, once, in a stable order', () => {
    expect(
      missingOfTickets([
        { ...complete, ticketInfoCode: '' },
        { ...complete, seatName: '' },
        { ...complete, ticketInfoCode: '' },
      ]),
    ).toEqual(['seatName', 'ticketInfoCode']);
  });
});
