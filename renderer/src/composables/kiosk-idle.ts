import type { PayPhase, SaleStep } from '../stores/sale';

/** What the idle return looks at: the kiosk's screen, a customer's own settings, and the sale's step. */
export interface IdleState {
  screen: string;
  /** The customer changed a setting (language, speech, contrast): even the first screen then times out. */
  settingsChanged: boolean;
  saleStep: SaleStep | null;
  payPhase: PayPhase | null;
  idleTimeoutSeconds: number;
  /** How long a money outcome (refunded with its reference, left to staff) stays at least. */
  outcomeSeconds: number;
}

/** The outcomes whose words the customer needs (a refund's reference, "ask staff"). */
const MONEY_OUTCOMES: readonly (PayPhase | null)[] = ['refunded', 'needsStaff'];
/**
 * The sale's steps where the order is being paid: the QR shows while the customer pays on the phone, the
 * payment is confirmed, the order completes. The hold's own countdown is the limit there (the core
 * cancels the trade and releases the seats when it runs out, and the screen says so); an idle return would
 * cover the QR with a prompt and annul an order the customer is paying for.
 */
const PAYING_STEPS: readonly SaleStep[] = ['qr', 'paying'];

/**
 * After how many quiet seconds (before accessibility mode's doubling) the "need more time?" prompt comes,
 * or `null` when it must not come at all: the first screen with nothing to reset, printing, a sale being paid.
 */
export function idleSeconds(state: IdleState): number | null {
  if ((state.screen === 'attract' && !state.settingsChanged) || state.screen === 'printing') return null;
  if (state.screen !== 'sale') return state.idleTimeoutSeconds;
  if (state.saleStep && PAYING_STEPS.includes(state.saleStep)) return null;
  const moneyOutcome = state.saleStep === 'outcome' && MONEY_OUTCOMES.includes(state.payPhase);
  return moneyOutcome ? Math.max(state.idleTimeoutSeconds, state.outcomeSeconds) : state.idleTimeoutSeconds;
}
