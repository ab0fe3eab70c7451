import { useI18n } from 'vue-i18n';
import { REQUIRED_TICKET_FIELDS } from '../../../shared/domain/complete-ticket';

/**
 * The required ticket fields a refusal names (`seatName`, `ticketInfoCode`…) as words in the page's language,
 * never the raw field names: "seat, national ticket QR code" / "座位、广电二维码". An unknown name stays as it is.
 */
export function useTicketFieldWords(): (fields: readonly string[] | string) => string {
  const { t, te } = useI18n();
  return (fields) => {
    const list = typeof fields === 'string' ? fields.split(/,\s*/u).filter(Boolean) : fields;
    const known = (f: string) => (REQUIRED_TICKET_FIELDS as readonly string[]).includes(f) && te(`staffUi.ticketFields.${f}`);
    return list.map((f) => (known(f) ? t(`staffUi.ticketFields.${f}`) : f)).join(t('staffUi.ticketFields.separator'));
  };
}
