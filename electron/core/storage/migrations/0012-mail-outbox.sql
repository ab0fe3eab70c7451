-- E-mailed receipts (issue 15): one row per order and address, written when the customer asks and
-- drained by the mail outbox worker to the cinema's SMTP relay, retried with a capped backoff until
-- the relay accepts it (`sent`) or gives a permanent refusal or the attempts run out (`dead`).
-- `receipt` is the SaleReceipt JSON the message is built from, so a restart resends the same content.
CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id TEXT NOT NULL,
  address TEXT NOT NULL,
  -- `receipt:<order>:<address>`: asking twice for one order and address queues one message.
  idempotency_key TEXT NOT NULL UNIQUE,
  -- The Message-ID every attempt carries: a message the relay took before a crash, sent again, is one message to a mail client.
  message_id TEXT NOT NULL UNIQUE,
  receipt TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
) STRICT;
CREATE INDEX mail_outbox_byStateNextAttemptAt ON mail_outbox(state, next_attempt_at, id);
CREATE INDEX mail_outbox_byOrderId ON mail_outbox(order_id);
