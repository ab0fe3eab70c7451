-- Box office. A ticket is `refunding` while an online refund is in flight: no kiosk may print it then.
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt (nothing references it).
CREATE TABLE tickets_next (
  ticket_code TEXT PRIMARY KEY,
  booking_number INTEGER NOT NULL REFERENCES bookings(booking_number),
  sequence INTEGER NOT NULL,
  seat_name TEXT NOT NULL,
  price_cents INTEGER NOT NULL,
  service_fee_cents INTEGER NOT NULL,
  ticket_info_code TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('unprinted', 'claimed', 'printing', 'printed', 'unknown', 'refunding', 'refunded')),
  claim_id TEXT,
  reprint_count INTEGER NOT NULL DEFAULT 0,
  printed_at TEXT,
  updated_at INTEGER NOT NULL
) STRICT;
INSERT INTO tickets_next SELECT ticket_code, booking_number, sequence, seat_name, price_cents, service_fee_cents, ticket_info_code, state, claim_id, reprint_count, printed_at, updated_at FROM tickets;
DROP TABLE tickets;
ALTER TABLE tickets_next RENAME TO tickets;
CREATE INDEX tickets_byBookingNumber ON tickets(booking_number, sequence);
CREATE INDEX tickets_byClaimId ON tickets(claim_id) WHERE claim_id IS NOT NULL;
-- The box office finds a booking by a scan of a printed ticket's national QR.
CREATE INDEX tickets_byTicketInfoCode ON tickets(ticket_info_code) WHERE ticket_info_code <> '';
-- Tickets that need staff, oldest first, without reading every ticket (one partial index per state:
-- SQLite uses a partial index only when the query names the same state).
CREATE INDEX tickets_byUpdatedAtUnknown ON tickets(updated_at) WHERE state = 'unknown';
CREATE INDEX tickets_byUpdatedAtRefunding ON tickets(updated_at) WHERE state = 'refunding';
-- A ticket is `printing` here only while the box office reprints it: at start, any left were interrupted.
CREATE INDEX tickets_byUpdatedAtPrinting ON tickets(updated_at) WHERE state = 'printing';
CREATE INDEX bookings_byVerifyMd5 ON bookings(verify_md5);

-- One row per refund, local (printed tickets, paid out at the counter) or online (unprinted tickets,
-- RefundBooking). Online refunds keep their retry state here so that they resume after a restart.
CREATE TABLE refunds (
  refund_id INTEGER PRIMARY KEY,
  refund_code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('local', 'online')),
  booking_number INTEGER NOT NULL REFERENCES bookings(booking_number),
  ticket_codes TEXT NOT NULL,
  ticket_cents INTEGER NOT NULL,
  booking_fee_cents INTEGER NOT NULL,
  booking_fee_refunded INTEGER NOT NULL,
  reason TEXT NOT NULL,
  clerk TEXT NOT NULL,
  supervisor TEXT,
  terminal_id TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'refunded', 'needs-staff', 'released')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  settled_at INTEGER
) STRICT;
CREATE INDEX refunds_byBookingNumber ON refunds(booking_number);
CREATE INDEX refunds_byPending ON refunds(next_attempt_at) WHERE state = 'pending';
CREATE INDEX refunds_byState ON refunds(state, refund_id);

-- What happened to tickets, one row per ticket and operation, for shift reports. Written in the
-- transaction of the operation; `actor` is the clerk or the terminal account that did it.
CREATE TABLE ticket_ledger (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('printed', 'reprinted', 'refunded-local', 'refunded-online')),
  booking_number INTEGER NOT NULL,
  ticket_code TEXT NOT NULL,
  amount_cents INTEGER NOT NULL,
  actor TEXT NOT NULL,
  terminal_id TEXT NOT NULL,
  refund_code TEXT
) STRICT;
-- Covering: a shift report over a month of a busy cinema reads the index alone.
CREATE INDEX ticket_ledger_byAt ON ticket_ledger(at, actor, terminal_id, kind, amount_cents);

-- A booking's history in the box office is read from the audit log by subject, however long the log.
CREATE INDEX audit_log_bySubject ON audit_log(subject, seq);
