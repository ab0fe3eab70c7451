-- QR payment (issue 15, Alipay trade.precreate): the customer scans a QR the kiosk shows. `pay_method`
-- says how the order's one trade was asked for (`code`: the customer's payment code, `qr`: our QR), so
-- that a restart and a screen asking again tell a QR waiting to be scanned from a code payment. `qr_code`
-- is the QR's content as the provider gave it: stored once, so that the screen shows the same QR after a
-- restart and never asks for a second trade.
ALTER TABLE sale_orders ADD COLUMN pay_method TEXT CHECK (pay_method IS NULL OR pay_method IN ('code', 'qr'));
ALTER TABLE sale_orders ADD COLUMN qr_code TEXT CHECK (qr_code IS NULL OR (qr_code LIKE 'https://%' AND length(qr_code) <= 1024));

-- The QR a customer may have scanned is the trade's: it never changes once written.
CREATE TRIGGER sale_orders_qrCodeWrittenOnce BEFORE UPDATE OF qr_code ON sale_orders
  WHEN OLD.qr_code IS NOT NULL AND NEW.qr_code IS NOT OLD.qr_code
BEGIN
  SELECT RAISE(ABORT, 'the QR of an order never changes once written');
END;
