-- Failure counters and lockouts of the print service's abuse limits, kept so that a restart
-- does not reset a lockout. Query-rate windows are written here too, in batches.
CREATE TABLE abuse_counters (
  scope TEXT NOT NULL CHECK (scope IN ('login', 'verify', 'query')),
  subject TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  count INTEGER NOT NULL,
  locked_until INTEGER,
  PRIMARY KEY (scope, subject)
) STRICT;
CREATE INDEX abuse_counters_byLockedUntil ON abuse_counters(locked_until) WHERE locked_until IS NOT NULL;
