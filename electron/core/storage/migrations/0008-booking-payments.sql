-- The payment of a sale made by this app, as sent in CompleteOrder's PaymentInfo (seed 003 §3.9):
-- RefundBooking must send it back unchanged (§3.12). Other channels' bookings have no row here; their
-- payment is read from GetSingleBooking's Payments when a refund is sent.
CREATE TABLE booking_payments (
  booking_number INTEGER PRIMARY KEY,
  card_number TEXT NOT NULL,
  card_type TEXT NOT NULL,
  value_cents INTEGER NOT NULL CHECK (value_cents >= 0),
  tender_category TEXT NOT NULL,
  recorded_at INTEGER NOT NULL
) STRICT;
