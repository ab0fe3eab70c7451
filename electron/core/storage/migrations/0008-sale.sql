-- The sale (issue 14). Central's catalogue as last read, so that a restarted kiosk shows showtimes at
-- once and says how old they are: one row per kind and key, the body in the core's own JSON shape.
CREATE TABLE catalogue_cache (
  kind TEXT NOT NULL CHECK (kind IN ('cinema', 'now-showing', 'ticket-types', 'seat-plan')),
  cache_key TEXT NOT NULL,
  body TEXT NOT NULL,
  -- When central last gave a good answer (the body's age), and when a refresh was last tried.
  fetched_at INTEGER NOT NULL,
  checked_at INTEGER NOT NULL,
  -- Why the last refresh kept the old body (timeout, error, empty answer); NULL when it succeeded.
  last_error TEXT,
  PRIMARY KEY (kind, cache_key)
) STRICT;

-- One row per order (one UserSessionId at central). The row exists, with its id, before AddTickets is
-- sent: a crash between the two leaves an open order that start-up cancels. Every change of `state`
-- commits with its audit record (subject `order:<id>`) and, for a cancel, its sale_outbox row.
CREATE TABLE sale_orders (
  order_id TEXT PRIMARY KEY,
  terminal_id TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('kiosk', 'staff')),
  actor TEXT NOT NULL,
  state TEXT NOT NULL,
  cancel_reason TEXT,
  session_id TEXT NOT NULL,
  film_title TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  starts_epoch_ms INTEGER NOT NULL,
  screen_name TEXT NOT NULL,
  -- JSON: [{areaNumber, rowIndex, columnIndex, name, areaCategoryCode}] and [{ticketTypeCode, description, qty, priceCents}].
  seats TEXT NOT NULL,
  tickets TEXT NOT NULL,
  total_cents INTEGER NOT NULL DEFAULT 0,
  booking_fee_cents INTEGER NOT NULL DEFAULT 0,
  held_until INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sale_orders_byTerminalIdState ON sale_orders(terminal_id, state);
CREATE INDEX sale_orders_byStateHeldUntil ON sale_orders(state, held_until);

-- Calls to central a sale order still owes (CancelOrder), retried until central confirms.
CREATE TABLE sale_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('cancel-order')),
  order_id TEXT NOT NULL REFERENCES sale_orders(order_id),
  idempotency_key TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  done_at INTEGER
) STRICT;
CREATE INDEX sale_outbox_byStateNextAttemptAt ON sale_outbox(state, next_attempt_at, id);
