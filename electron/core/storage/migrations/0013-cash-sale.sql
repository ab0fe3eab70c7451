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
