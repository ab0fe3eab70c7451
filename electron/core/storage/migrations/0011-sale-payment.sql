-- The sale's payment and completion (issue 15). An order pays through one trade of the provider: its
-- `out_trade_no` is written before the first payment call and never changes (the trigger below), so a
-- crash or a repeat can never open a second trade. The rest is written as the order moves on, each
-- change with its audit record (subject `order:<id>`), through core/sale/order-ledger.ts.
ALTER TABLE sale_orders ADD COLUMN out_trade_no TEXT;
-- `alipay` (the provider that took the money).
ALTER TABLE sale_orders ADD COLUMN tender TEXT;
-- The provider's trade number, once it named one.
ALTER TABLE sale_orders ADD COLUMN trade_no TEXT;
ALTER TABLE sale_orders ADD COLUMN paid_cents INTEGER CHECK (paid_cents IS NULL OR paid_cents >= 0);
-- Why the last payment attempt failed (a stable reason, never the payment code), kept for the screens and staff.
ALTER TABLE sale_orders ADD COLUMN payment_error TEXT;
-- Central's booking once CompleteOrder (or QueryOrderBookingStatus) named it: 取票码, 验证码, VistaTransNumber,
-- and the SarftKioskService print number once the tickets are printed.
ALTER TABLE sale_orders ADD COLUMN booking_id TEXT;
ALTER TABLE sale_orders ADD COLUMN booking_number INTEGER;
ALTER TABLE sale_orders ADD COLUMN trans_number TEXT;
ALTER TABLE sale_orders ADD COLUMN print_no TEXT;
-- The refund's idempotency key (`out_request_no`), written before the first refund call, and what went back.
ALTER TABLE sale_orders ADD COLUMN refund_request_no TEXT;
ALTER TABLE sale_orders ADD COLUMN refunded_cents INTEGER CHECK (refunded_cents IS NULL OR refunded_cents >= 0);
-- Why the box office must look at this order (a refunded sale, a refund refused); NULL otherwise.
ALTER TABLE sale_orders ADD COLUMN needs_staff_reason TEXT;
ALTER TABLE sale_orders ADD COLUMN staff_seen_at INTEGER;

CREATE UNIQUE INDEX sale_orders_byOutTradeNo ON sale_orders(out_trade_no) WHERE out_trade_no IS NOT NULL;
CREATE UNIQUE INDEX sale_orders_byRefundRequestNo ON sale_orders(refund_request_no) WHERE refund_request_no IS NOT NULL;
CREATE INDEX sale_orders_byNeedsStaff ON sale_orders(needs_staff_reason) WHERE needs_staff_reason IS NOT NULL;

-- Written once: a trade number or a refund number that changed would be a second trade or a second refund.
CREATE TRIGGER sale_orders_outTradeNoWrittenOnce BEFORE UPDATE OF out_trade_no ON sale_orders
  WHEN OLD.out_trade_no IS NOT NULL AND NEW.out_trade_no IS NOT OLD.out_trade_no
BEGIN
  SELECT RAISE(ABORT, 'out_trade_no is written once');
END;
CREATE TRIGGER sale_orders_refundRequestNoWrittenOnce BEFORE UPDATE OF refund_request_no ON sale_orders
  WHEN OLD.refund_request_no IS NOT NULL AND NEW.refund_request_no IS NOT OLD.refund_request_no
BEGIN
  SELECT RAISE(ABORT, 'refund_request_no is written once');
END;
