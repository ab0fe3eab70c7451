-- Settling a print whose outcome was unknown (it printed; nothing came out) needs a supervisor and
-- shows in the shift report: the ledger takes two more kinds. SQLite cannot widen a CHECK in place.
CREATE TABLE ticket_ledger_new (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('printed', 'reprinted', 'refunded-local', 'refunded-online', 'print-confirmed', 'print-voided')),
  booking_number INTEGER NOT NULL,
  ticket_code TEXT NOT NULL,
  amount_cents INTEGER NOT NULL,
  actor TEXT NOT NULL,
  terminal_id TEXT NOT NULL,
  refund_code TEXT
) STRICT;
INSERT INTO ticket_ledger_new SELECT id, at, kind, booking_number, ticket_code, amount_cents, actor, terminal_id, refund_code FROM ticket_ledger;
DROP TABLE ticket_ledger;
ALTER TABLE ticket_ledger_new RENAME TO ticket_ledger;
CREATE INDEX ticket_ledger_byAt ON ticket_ledger(at, actor, terminal_id, kind, amount_cents);
