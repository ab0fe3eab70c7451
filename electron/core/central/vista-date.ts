/**
 * Vista sends dates as `\/Date(1438829400000+0800)\/` (milliseconds since the epoch, then the
 * offset of the cinema's local time). This is the one place that reads and writes them.
 */
const VISTA_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/u;

export interface VistaDate {
  epochMs: number;
  /** Offset of the cinema's clock in minutes east of UTC, `+0800` → 480. */
  offsetMinutes: number;
}

export function parseVistaDate(raw: string): VistaDate | null {
  const m = VISTA_DATE.exec(raw.trim());
  if (!m) return null;
  const epochMs = Number(m[1]);
  if (!Number.isSafeInteger(epochMs)) return null;
  const offset = m[2];
  if (!offset) return { epochMs, offsetMinutes: 0 };
  const sign = offset.startsWith('-') ? -1 : 1;
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(3, 5));
  if (hours > 14 || minutes > 59) return null;
  return { epochMs, offsetMinutes: sign * (hours * 60 + minutes) };
}

export function formatVistaDate(epochMs: number, offsetMinutes = 480): string {
  return `/Date(${epochMs}${formatOffset(offsetMinutes, '')})/`;
}

/** ISO 8601 in the cinema's local time with its offset: `2015-08-06T10:50:00+08:00`. */
export function toIsoWithOffset(date: VistaDate): string {
  const local = new Date(date.epochMs + date.offsetMinutes * 60_000);
  const iso = local.toISOString().slice(0, 19);
  return `${iso}${formatOffset(date.offsetMinutes, ':')}`;
}

function formatOffset(offsetMinutes: number, separator: string): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}${separator}${mm}`;
}
