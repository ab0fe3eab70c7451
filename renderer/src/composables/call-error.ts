import { useI18n } from 'vue-i18n';
import type { UiError } from '../../../shared/errors';

/**
 * The line the technician and staff panels show for a failed call: its code, then its message (or, where
 * asked, what was wrong with each field the contract refused). Kept for scripts and logs; screens use describeError.
 */
export function errorLine(error: UiError, options: { fieldProblems?: boolean } = {}): string {
  const fields = options.fieldProblems ? (error.details?.['fields'] as { problem: string }[] | undefined) : undefined;
  return `${error.code}: ${fields ? fields.map((f) => f.problem).join('; ') : error.message}`;
}

/** What a staff screen shows for a failed call: one sentence in the page's language, and the field it is about. */
export interface ShownError {
  message: string;
  /** The refused input as the core named it (`password`, `profile.url`, `scanners.0.path`), to show the message beside it. */
  field: string | null;
}

/** The refusals the staff calls name in `details.refusal` (electron/core/staff/staff-refusals.ts), plus the import's own. */
const REFUSALS = ['APPROVAL_REFUSED', 'SESSION_ENDED', 'WRONG_ROLE', 'DUPLICATE', 'WRONG_HOST', 'NOT_IMPORTABLE'] as const;
/** Reasons the core names in `details.reason` or a field problem's `rule`, each with its own sentence. */
const REASONS = [
  'technician-console',
  'last-technician',
  'self',
  'weak-secret',
  'no-such-staff',
  'SERIAL_PORT_MISSING',
  'NOT_A_SERIAL_PORT',
  'NOT_JSON',
] as const;

type Translate = (key: string, params?: Record<string, unknown>) => string;
type Exists = (key: string) => boolean;
interface FieldProblem {
  field: string;
  problem?: string;
  code?: string;
  rule?: string;
  minimum?: number;
  maximum?: number;
}

/** `scanners.0.path` → `path`, `profile.url` → `profile.url` then `url`: the most specific label that exists. */
function fieldKey(field: string, exists: Exists, kind: 'label' | 'rule'): string | null {
  const parts = field.split('.').filter((p) => !/^\d+$/u.test(p));
  for (let i = 0; i < parts.length; i++) {
    const key = `staffUi.${kind === 'label' ? 'fields' : 'rules'}.${parts.slice(i).join('_')}`;
    if (exists(key)) return key;
  }
  return null;
}

function fieldProblems(error: UiError): FieldProblem[] {
  const fields = error.details?.['fields'];
  if (Array.isArray(fields))
    return fields.map((f: unknown) => (typeof f === 'string' ? { field: f, rule: 'NOT_IMPORTABLE_SECTION' } : (f as FieldProblem)));
  const field = error.details?.['field'];
  const reason = error.details?.['reason'];
  return typeof field === 'string' ? [{ field, ...(typeof reason === 'string' ? { rule: reason } : {}) }] : [];
}

function describeField(problem: FieldProblem, t: Translate, exists: Exists): string {
  const labelKey = fieldKey(problem.field, exists, 'label');
  const label = labelKey ? t(labelKey) : problem.field;
  const ruleKey =
    (problem.rule && exists(`staffUi.reasons.${problem.rule}`) ? `staffUi.reasons.${problem.rule}` : null) ??
    fieldKey(problem.field, exists, 'rule') ??
    (problem.code && exists(`staffUi.zod.${problem.code}`) ? `staffUi.zod.${problem.code}` : 'staffUi.zod.other');
  return t('staffUi.fieldProblem', { field: label, rule: t(ruleKey, { min: problem.minimum, max: problem.maximum }) });
}

/**
 * The one mapping from the core's error (stable code, `details.refusal`, the contract's refused fields) to what a
 * staff screen shows, in the page's language. The core's English message is never shown: an unknown case falls back
 * to the code's own sentence.
 */
export function describeError(error: UiError, t: Translate, exists: Exists): ShownError {
  const refusal = error.details?.['refusal'] ?? (error.code === 'NOT_IMPORTABLE' ? 'NOT_IMPORTABLE' : undefined);
  const problems = fieldProblems(error);
  const field = problems[0]?.field ?? null;
  if (typeof refusal === 'string' && (REFUSALS as readonly string[]).includes(refusal))
    return { message: t(`staffUi.refusals.${refusal}`), field };
  const reason = error.details?.['reason'];
  if (typeof reason === 'string' && (REASONS as readonly string[]).includes(reason) && !field)
    return { message: t(`staffUi.reasons.${reason}`), field: null };
  if ((error.code === 'VALIDATION' || field) && problems.length > 0)
    return { message: problems.map((p) => describeField(p, t, exists)).join(' '), field };
  const key = `staffUi.codes.${error.code}`;
  return { message: exists(key) ? t(key) : t('staffUi.codes.INTERNAL'), field };
}

/** describeError with the page's i18n, for components: `shown(store.error)`, and `about(error, field)` to place it beside a field. */
export function useCallError() {
  const { t, te } = useI18n();
  const exists: Exists = (key) => te(key) || te(key, 'en');
  const shown = (error: UiError | null | undefined): ShownError | null => (error ? describeError(error, t as Translate, exists) : null);
  /** Whether the error is about this field (or one of its parts): the form shows it there instead of at the top. */
  const about = (error: UiError | null | undefined, field: string): boolean => {
    const at = shown(error)?.field;
    return !!at && (at === field || at.startsWith(`${field}.`) || at.endsWith(`.${field}`));
  };
  return { shown, about };
}
