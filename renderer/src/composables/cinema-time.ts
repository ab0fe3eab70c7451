import { useI18n } from 'vue-i18n';
import { cinemaDateTime } from '../../../shared/domain/cinema-time';

/** Times for a staff screen: always the cinema's zone, in the page's language. */
export function useCinemaTime(zone: () => string) {
  const { locale } = useI18n();
  return {
    /** Date and time: `2026年11月30日周一 14:05` / `Mon, 30 Nov 2026, 14:05`. */
    when: (at: number | string, options: { seconds?: boolean } = {}) => cinemaDateTime(at, zone(), locale.value, options),
    /** The time of day only, with seconds (live scans, log lines). */
    time: (at: number | string) => cinemaDateTime(at, zone(), locale.value, { timeOnly: true, seconds: true }),
  };
}
