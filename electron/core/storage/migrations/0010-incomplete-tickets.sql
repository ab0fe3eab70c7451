-- Bookings refused at apply-print because a ticket lacked data a Chinese ticket must carry (cinema,
-- film, show time, hall, seat, price, national QR): nothing printed, the box office settles them.
-- One row per booking; `missing` is a JSON array of the fields lacking; dismissed by staff.
CREATE TABLE incomplete_tickets (
  booking_number INTEGER PRIMARY KEY,
  missing TEXT NOT NULL,
  first_seen_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  dismissed_at INTEGER,
  dismissed_by TEXT
) STRICT;
