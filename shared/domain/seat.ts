/** Seat name as printed and shown in China: row and seat, `7排10座`; empty without both (never a bare `排座`). */
export function seatName(rowId: string, seatNumber: string): string {
  if (rowId.trim() === '' || seatNumber.trim() === '') return '';
  return `${rowId}排${seatNumber}座`;
}

/** Row and seat of a seat name in central's form (`7排10座`); undefined for a name in any other form. */
export function parseSeatName(name: string): { row: string; seat: string } | undefined {
  const match = /^\s*(\S+?)\s*排\s*(\S+?)\s*座\s*$/u.exec(name);
  return match ? { row: match[1]!, seat: match[2]! } : undefined;
}

/** A seat as a customer reads it in their language: `7排10座`, `Row 7 Seat 10`; an unparsed name as it is. */
export function seatLabel(name: string, locale: string): string {
  const parsed = locale.startsWith('zh') ? undefined : parseSeatName(name);
  return parsed ? `Row ${parsed.row} Seat ${parsed.seat}` : name;
}

/** A hall as a customer reads it: central's `2号厅 IMAX` is `Hall 2 IMAX` in English; other names as they are. */
export function hallLabel(screenName: string, locale: string): string {
  if (locale.startsWith('zh')) return screenName;
  const match = /^\s*(\d+)\s*号厅\s*(.*)$/u.exec(screenName);
  return match ? `Hall ${match[1]}${match[2] ? ` ${match[2].trim()}` : ''}` : screenName;
}
