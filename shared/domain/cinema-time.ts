/**
 * Times on staff screens and slips are the cinema's, whatever the zone of the PC showing them: one IANA zone
 * (config `cinema.timeZone`), formatted for the page's language.
 */
export const DEFAULT_CINEMA_TIME_ZONE = 'Asia/Shanghai';

/** Whether `zone` is an IANA time zone this runtime knows (a typo would otherwise fall back to UTC silently). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An instant as epoch ms, a Date, or an ISO string (with its offset or Z); null when it is none of these. */
function instantOf(at: number | string | Date): Date | null {
  const date = at instanceof Date ? at : new Date(at);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `2026-11-30 14:05` in the cinema's zone: the slip's form, the same in both languages. */
export function cinemaClock(at: number | string | Date, timeZone: string, options: { seconds?: boolean } = {}): string {
  const date = instantOf(at);
  if (!date) return String(at);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const time = `${parts.hour}:${parts.minute}${options.seconds ? `:${parts.second}` : ''}`;
  return `${parts.year}-${parts.month}-${parts.day} ${time}`;
}

/** A date and time for a screen, in the page's language (`2026年11月30日 周一 14:05`, `Mon, 30 Nov 2026, 14:05`). */
export function cinemaDateTime(
  at: number | string | Date,
  timeZone: string,
  locale: string,
  options: { seconds?: boolean; dateOnly?: boolean; timeOnly?: boolean } = {},
): string {
  const date = instantOf(at);
  if (!date) return String(at);
  const time = options.dateOnly ? {} : { hour: '2-digit', minute: '2-digit', ...(options.seconds ? { second: '2-digit' } : {}) };
  const day = options.timeOnly ? {} : { year: 'numeric', month: 'short', day: 'numeric', weekday: 'short' };
  return new Intl.DateTimeFormat(locale, { timeZone, hourCycle: 'h23', ...day, ...time } as Intl.DateTimeFormatOptions).format(date);
}

/**
 * The instant a `datetime-local` value (`2026-11-30T09:00`) names on the cinema's wall clock, whatever the PC's zone:
 * the offset of the zone at that wall time, found by comparing the wall time read back in the zone.
 */
export function instantOfCinemaWallTime(local: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/u.exec(local);
  if (!m) return null;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  let guess = wall;
  // Twice: the second pass settles a wall time near a daylight-saving change.
  for (let i = 0; i < 2; i++) {
    const read = cinemaClock(guess, timeZone, { seconds: true });
    const back = Date.UTC(
      +read.slice(0, 4),
      +read.slice(5, 7) - 1,
      +read.slice(8, 10),
      +read.slice(11, 13),
      +read.slice(14, 16),
      +read.slice(17, 19),
    );
    guess += wall - back;
  }
  return new Date(guess);
}

/** The cinema's wall clock of an instant as a `datetime-local` value. */
export function cinemaWallTimeOf(at: number | Date, timeZone: string): string {
  return cinemaClock(at, timeZone).replace(' ', 'T');
}
