-- Bookings and tickets as the local print service knows them. The verify code (VistaBookingId)
-- is kept only as its MD5: the service never stores or logs a plain verify code.
CREATE TABLE bookings (
  booking_number INTEGER PRIMARY KEY,
  verify_md5 TEXT NOT NULL,
  cinema_id TEXT NOT NULL,
  cinema_code TEXT NOT NULL,
  cinema_name TEXT NOT NULL,
  film_title TEXT NOT NULL,
  screen_name TEXT NOT NULL,
  session_at TEXT NOT NULL,
  session_epoch_ms INTEGER NOT NULL,
  cancelled INTEGER NOT NULL DEFAULT 0,
  fetched_at INTEGER NOT NULL
) STRICT;

CREATE TABLE tickets (
  ticket_code TEXT PRIMARY KEY,
  booking_number INTEGER NOT NULL REFERENCES bookings(booking_number),
  sequence INTEGER NOT NULL,
  seat_name TEXT NOT NULL,
  price_cents INTEGER NOT NULL,
  service_fee_cents INTEGER NOT NULL,
  ticket_info_code TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('unprinted', 'claimed', 'printing', 'printed', 'unknown', 'refunded')),
  claim_id TEXT,
  reprint_count INTEGER NOT NULL DEFAULT 0,
  printed_at TEXT,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX tickets_byBookingNumber ON tickets(booking_number, sequence);
CREATE INDEX tickets_byClaimId ON tickets(claim_id) WHERE claim_id IS NOT NULL;

-- A claim is one terminal's right to print some tickets until it expires; the token is stored hashed.
CREATE TABLE claims (
  claim_id TEXT PRIMARY KEY,
  booking_number INTEGER NOT NULL REFERENCES bookings(booking_number),
  terminal_id TEXT NOT NULL,
  -- The login session (hash of its token) that holds the claim: two kiosks wrongly sharing one
  -- terminal account still cannot both print the same tickets.
  session_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  resolved_at INTEGER,
  outcome TEXT CHECK (outcome IN ('confirmed', 'expired'))
) STRICT;
CREATE INDEX claims_byOpenExpiry ON claims(expires_at) WHERE resolved_at IS NULL;
CREATE INDEX claims_byBookingNumber ON claims(booking_number);

CREATE TABLE terminals (
  terminal_id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER
) STRICT;

CREATE TABLE terminal_tokens (
  token_hash TEXT PRIMARY KEY,
  terminal_id TEXT NOT NULL REFERENCES terminals(terminal_id),
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX terminal_tokens_byTerminalId ON terminal_tokens(terminal_id);

-- Status changes bound for the central API, written in the same transaction as the change.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  booking_number INTEGER NOT NULL,
  payload TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  -- How the last attempt failed: 'unknown-outcome' means read the central state before trying again.
  last_failure TEXT,
  created_at INTEGER NOT NULL,
  done_at INTEGER
) STRICT;
CREATE INDEX outbox_byStateNextAttempt ON outbox(state, next_attempt_at, id);
-- Keeps "oldest pending event of this booking" an index look-up however many done rows pile up.
CREATE INDEX outbox_byBookingNumberState ON outbox(booking_number, state, id);

-- The terminal's own journal: a ticket is `printing` here before its first byte leaves.
CREATE TABLE print_jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  print_no TEXT NOT NULL,
  ticket_code TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('printing', 'printed', 'failed', 'unknown')),
  started_at INTEGER NOT NULL,
  finished_at INTEGER
) STRICT;
CREATE INDEX print_jobs_byTicketCode ON print_jobs(ticket_code);
CREATE INDEX print_jobs_byState ON print_jobs(state) WHERE state = 'printing';

-- Append-only, hash-chained record of every operation on ticket data.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  terminal_id TEXT,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_log_noUpdate BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_noDelete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
