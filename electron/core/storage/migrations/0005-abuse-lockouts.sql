-- How many times in a row a subject has been locked: each further lockout of the same
-- (account, source address) or (print number, terminal) lasts twice as long, up to a ceiling,
-- so a patient guesser gets slower and slower while a one-off mistake costs the base lock only.
ALTER TABLE abuse_counters ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0;
