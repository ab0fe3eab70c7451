-- Cash at the counter (issue 15): a cash sale has no provider trade. The clerk types what the customer
-- handed over; `tendered_cents` keeps it (the change is this minus the total, on the receipt and the
-- shift report), and `paid_cents` stays the order's total as for any tender.
ALTER TABLE sale_orders ADD COLUMN tendered_cents INTEGER CHECK (tendered_cents IS NULL OR tendered_cents >= 0);

-- Only cash is paid without a trade number: any other tender reaches `paid` with its `out_trade_no`.
CREATE TRIGGER sale_orders_paidHasTradeUnlessCash BEFORE UPDATE OF state ON sale_orders
  WHEN NEW.state = 'paid' AND NEW.out_trade_no IS NULL AND NEW.tender IS NOT 'cash'
BEGIN
  SELECT RAISE(ABORT, 'a paid order needs its trade number unless paid in cash');
END;

-- Refunds of our own sales (seed 003 §2.4, §3.12): once central confirmed RefundBooking of a booking we
-- sold, the money goes back by the sale's tender. One row per refund of the box office (`refund_id`),
-- written in the transaction that settles it, so a crash between central's confirmation and the
-- provider's refund never loses the money-back; `out_request_no` is the provider's idempotency key (a
-- refund sent again is the same refund). Cash is given back at the counter: its row is `done` at once.
CREATE TABLE sale_refunds (
  refund_id INTEGER PRIMARY KEY REFERENCES refunds(refund_id),
  order_id TEXT NOT NULL REFERENCES sale_orders(order_id),
  tender TEXT NOT NULL CHECK (tender IN ('alipay', 'cash')),
  out_request_no TEXT NOT NULL UNIQUE,
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'needs-staff')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  done_at INTEGER
) STRICT;
CREATE INDEX sale_refunds_byStateNextAttemptAt ON sale_refunds(state, next_attempt_at);
CREATE INDEX sale_refunds_byOrderId ON sale_refunds(order_id);
