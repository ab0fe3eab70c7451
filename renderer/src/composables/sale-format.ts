import { useI18n } from 'vue-i18n';
import { cinemaDateTime } from '../../../shared/domain/cinema-time';
import { formatYuan } from '../../../shared/domain/money';
import { hallLabel, seatLabel } from '../../../shared/domain/seat';
import { useSaleStore } from '../stores/sale';

/**
 * How the sale's screens write times, halls, seats and prices in the page's language, by the shared
 * rules (`7排10座` / `Row 7 Seat 10`, `2号厅` / `Hall 2`). Times are the cinema's wall clock (the sale's time zone:
 * the counter's from the box office's settings, the kiosk's the cinema default).
 */
export function useSaleFormat() {
  const { locale } = useI18n();
  const sale = useSaleStore();
  const zone = () => sale.timeZone;
  return {
    time: (iso: string) => cinemaDateTime(iso, zone(), locale.value, { timeOnly: true }),
    dateTime: (iso: string) => cinemaDateTime(iso, zone(), locale.value),
    hall: (screenName: string) => hallLabel(screenName, locale.value),
    seat: (name: string) => seatLabel(name, locale.value),
    yuan: (cents: number) => formatYuan(cents),
    /** `14:32` of a countdown in seconds. */
    clock: (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`,
  };
}
