import type { Db } from '../database';

/** A booking's payment as this app gave it at CompleteOrder (seed 003 §3.9 `PaymentInfo`). */
export interface BookingPayment {
  cardNumber: string;
  cardType: string;
  valueCents: number;
  tenderCategory: string;
}

interface BookingPaymentRow {
  card_number: string;
  card_type: string;
  value_cents: number;
  tender_category: string;
}

/**
 * The seam for sales made here: CompleteOrder records its PaymentInfo in the sale's transaction, and a
 * refund of that booking sends it back (RefundBooking, §3.12). Bookings sold elsewhere have none.
 */
export class BookingPaymentsRepository {
  private readonly insertStmt;
  private readonly ofStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<BookingPaymentRow & { booking_number: number; recorded_at: number }>(
      `INSERT INTO booking_payments (booking_number, card_number, card_type, value_cents, tender_category, recorded_at)
       VALUES (@booking_number, @card_number, @card_type, @value_cents, @tender_category, @recorded_at)`,
    );
    this.ofStmt = db.prepare<{ booking_number: number }, BookingPaymentRow>(
      'SELECT card_number, card_type, value_cents, tender_category FROM booking_payments WHERE booking_number = @booking_number',
    );
  }

  /** Once per booking: a second record for the same booking is a constraint error, never an overwrite. */
  record(bookingNumber: number, payment: BookingPayment, now: number): void {
    this.insertStmt.run({
      booking_number: bookingNumber,
      card_number: payment.cardNumber,
      card_type: payment.cardType,
      value_cents: payment.valueCents,
      tender_category: payment.tenderCategory,
      recorded_at: now,
    });
  }

  of(bookingNumber: number): BookingPayment | undefined {
    const row = this.ofStmt.get({ booking_number: bookingNumber });
    return row
      ? { cardNumber: row.card_number, cardType: row.card_type, valueCents: row.value_cents, tenderCategory: row.tender_category }
      : undefined;
  }
}
