-- One row that /healthz rewrites in a transaction: a store that can no longer write (disk full,
-- read-only, damaged) shows on the health check before a customer meets it.
CREATE TABLE health_probe (
  probe_id INTEGER PRIMARY KEY CHECK (probe_id = 1),
  probed_at INTEGER NOT NULL
) STRICT;
