import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { refundAmount, refundQuote, refundsBookingFee, type BookingFeePolicy } from '../../shared/domain/refund-rules';

const ticket = fc.record({ priceCents: fc.integer({ min: 0, max: 100_000 }), serviceFeeCents: fc.integer({ min: 0, max: 5_000 }) });
const tickets = fc.array(ticket, { minLength: 1, maxLength: 12 });
const policy = fc.constantFrom<BookingFeePolicy>('always', 'never', 'when-on-time');
const settings = fc.record({ lateMinutesBeforeStart: fc.integer({ min: 0, max: 10_080 }), bookingFeePolicy: policy });
const minute = 60_000;

describe('refund amount rules (seed 003 §3.12: RefundAmount is the total less the booking fee when the fee is kept)', () => {
  it('refunds the prices, plus the fees exactly when the booking fee is refunded; never more than was paid', () => {
    fc.assert(
      fc.property(tickets, fc.boolean(), (list, fee) => {
        const paid = list.reduce((n, t) => n + t.priceCents + t.serviceFeeCents, 0);
        const prices = list.reduce((n, t) => n + t.priceCents, 0);
        const amount = refundAmount(list, fee);
        expect(amount.ticketCents).toBe(prices);
        expect(amount.bookingFeeCents).toBe(fee ? paid - prices : 0);
        expect(amount.totalCents).toBe(amount.ticketCents + amount.bookingFeeCents);
        expect(Number.isInteger(amount.totalCents)).toBe(true);
        expect(amount.totalCents).toBeLessThanOrEqual(paid);
        expect(amount.totalCents).toBe(fee ? paid : paid - list.reduce((n, t) => n + t.serviceFeeCents, 0));
      }),
      { numRuns: 2_000 },
    );
  });

  it('refunding tickets one by one gives back what refunding them together does', () => {
    fc.assert(
      fc.property(tickets, fc.boolean(), (list, fee) => {
        const together = refundAmount(list, fee).totalCents;
        const apart = list.reduce((n, t) => n + refundAmount([t], fee).totalCents, 0);
        expect(apart).toBe(together);
      }),
      { numRuns: 2_000 },
    );
  });

  it('a late refund needs a supervisor and never gives back more than an on-time one; after the start it is always late', () => {
    fc.assert(
      fc.property(tickets, settings, fc.integer({ min: -20_000, max: 20_000 }), (list, rules, minutesBeforeStart) => {
        const session = Date.UTC(2026, 10, 24, 12);
        const now = session - minutesBeforeStart * minute;
        const quote = refundQuote(list, session, now, rules);
        expect(quote.started).toBe(minutesBeforeStart <= 0);
        expect(quote.late).toBe(minutesBeforeStart <= rules.lateMinutesBeforeStart);
        expect(quote.approvalRequired).toBe(quote.late);
        if (quote.started) expect(quote.late).toBe(true);
        const early = refundQuote(list, session, session - (rules.lateMinutesBeforeStart + 1) * minute, rules);
        expect(early.late).toBe(false);
        expect(quote.totalCents).toBeLessThanOrEqual(early.totalCents);
        expect(quote.refundBookingFee).toBe(refundsBookingFee(rules.bookingFeePolicy, quote.late));
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps or returns the fee as each policy says', () => {
    expect([false, true].map((late) => refundsBookingFee('always', late))).toEqual([true, true]);
    expect([false, true].map((late) => refundsBookingFee('never', late))).toEqual([false, false]);
    expect([false, true].map((late) => refundsBookingFee('when-on-time', late))).toEqual([true, false]);
    const quote = refundQuote([{ priceCents: 4500, serviceFeeCents: 300 }], Date.UTC(2026, 10, 24, 12), Date.UTC(2026, 10, 24, 11, 45), {
      lateMinutesBeforeStart: 30,
      bookingFeePolicy: 'when-on-time',
    });
    expect(quote).toEqual({
      started: false,
      late: true,
      approvalRequired: true,
      refundBookingFee: false,
      ticketCents: 4500,
      bookingFeeCents: 0,
      totalCents: 4500,
    });
  });
});
