import { useI18n } from 'vue-i18n';
import { cinemaDateTime } from '../../../shared/domain/cinema-time';
import { formatYuan } from '../../../shared/domain/money';
import { seatLabel } from '../../../shared/domain/seat';
import { orderReference } from '../../../shared/domain/sale-order';
import { useSaleStore } from '../stores/sale';
import { areaName, centralName } from './sale-names';

/**
 * How the sale's screens write times, halls, seats and prices in the page's language, by the shared
 * rules (`7排10座` / `Row 7 Seat 10`). Central's names — the hall (`1号厅`), formats, ticket types,
 * areas — are shown as central gives them, in English too (its `DescriptionAlt` when it gives one):
 * never a translation of ours beside them. Times are the cinema's wall clock (the sale's time zone:
 * the counter's from the box office's settings, the kiosk's the cinema default).
 */
export function useSaleFormat() {
  const { locale } = useI18n();
  const sale = useSaleStore();
  const zone = () => sale.timeZone;
  return {
    time: (iso: string) => cinemaDateTime(iso, zone(), locale.value, { timeOnly: true }),
    dateTime: (iso: string) => cinemaDateTime(iso, zone(), locale.value),
    hall: (screenName: string) => screenName,
    /** A ticket type by central's name, or its English one on the English screens. */
    ticketType: (type: { description: string; descriptionAlt?: string | undefined }) =>
      centralName(type.description, type.descriptionAlt, locale.value),
    /** An area of the current plan by its category code. */
    area: (code: string) => areaName(sale.plan, code, locale.value),
    /** The order's short reference, read out by a customer (`3F9-A2C`). */
    reference: (orderId: string) => orderReference(orderId),
    seat: (name: string) => seatLabel(name, locale.value),
    yuan: (cents: number) => formatYuan(cents),
    /** `14:32` of a countdown in seconds. */
    clock: (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`,
  };
}
