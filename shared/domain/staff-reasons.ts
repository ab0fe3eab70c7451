/**
 * The box office's standard refund and reprint reasons: a stable code in the configuration, a label in each
 * staff language. A reason a technician typed into the configuration is not a code: it shows as typed, in
 * both languages. The text a refund or reprint records is both labels, so reports and slips read the same
 * whichever language the clerk used.
 */
export const STANDARD_REASONS: Readonly<Record<string, { 'zh-CN': string; en: string }>> = {
  'change-of-plans': { 'zh-CN': '顾客行程变更', en: 'Change of plans' },
  'show-changed': { 'zh-CN': '场次或影片变更', en: 'Show changed' },
  'bought-twice': { 'zh-CN': '重复购买', en: 'Bought twice' },
  'equipment-fault': { 'zh-CN': '设备故障', en: 'Equipment fault' },
  'paper-jam': { 'zh-CN': '卡纸', en: 'Paper jam' },
  unreadable: { 'zh-CN': '票面不清', en: 'Unreadable' },
  'outcome-unknown': { 'zh-CN': '打印结果不明', en: 'Print outcome unknown' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

export const DEFAULT_REFUND_REASONS = ['change-of-plans', 'show-changed', 'bought-twice', 'equipment-fault', 'other'];
export const DEFAULT_REPRINT_REASONS = ['paper-jam', 'unreadable', 'outcome-unknown', 'other'];

const recorded = (code: string) => `${STANDARD_REASONS[code]!['zh-CN']} ${STANDARD_REASONS[code]!.en}`;
/** Configurations from before the codes held the bilingual texts (`顾客行程变更 Change of plans`): each is its code. */
const LEGACY = new Map(Object.keys(STANDARD_REASONS).map((code) => [recorded(code), code]));

/** A configured reason as stored from now on: a legacy bilingual default becomes its code, anything else stays. */
export function migrateReason(configured: string): string {
  return LEGACY.get(configured.trim()) ?? configured;
}

/** A configured reason as a clerk reads it in the page's language. */
export function reasonLabel(reason: string, locale: string): string {
  const standard = STANDARD_REASONS[reason];
  return standard ? standard[locale.startsWith('zh') ? 'zh-CN' : 'en'] : reason;
}

/** What a refund or reprint records for a configured reason: both labels for a standard one, a custom one as typed. */
export function reasonRecord(reason: string): string {
  return STANDARD_REASONS[reason] ? recorded(reason) : reason;
}
