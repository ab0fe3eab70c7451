import type { SeatPlan } from '../../../shared/domain/seat-plan';

/**
 * Central's own names (halls, formats, ticket types, areas) are data: shown as central gives them, in
 * both languages, never beside a translation of ours. Where central gives its other-language name
 * (`DescriptionAlt`), the English screens show that instead.
 */
export function centralName(name: string, alt: string | undefined, locale: string): string {
  return !locale.startsWith('zh') && alt && alt.trim() !== '' ? alt.trim() : name;
}

/** An area of the plan by its category code, in the page's language (central's name; the code when the plan has no such area). */
export function areaName(plan: SeatPlan | null, code: string, locale: string): string {
  const area = plan?.areas.find((a) => a.areaCategoryCode === code);
  return area ? centralName(area.description, area.descriptionAlt, locale) : code;
}
