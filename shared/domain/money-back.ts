/**
 * Where a box-office refund's money goes back to the customer (electron/core/refunds/README.md, "Where the
 * money goes back"). One decision for the slip, the refund call's answer and the dialog, so what the clerk
 * reads can never differ from what the slip prints:
 * - `alipay`: a booking this store sold by Alipay: the provider's refund puts it back on the customer's
 *   Alipay; the counter pays out nothing (handing cash over too would pay twice).
 * - `cash`: a booking this store sold for cash: the clerk hands it back in cash.
 * - `counter`: printed tickets of a booking sold elsewhere: paid back here, at this counter.
 * - `original-payment`: unprinted tickets of a booking sold elsewhere: through the channel that sold it.
 */
export const moneyBackWays = ['alipay', 'cash', 'counter', 'original-payment'] as const;
export type MoneyBackWay = (typeof moneyBackWays)[number];

export interface MoneyBack {
  way: MoneyBackWay;
  cents: number;
}

/** The money-back of a refund of a booking this store sold: its sale's tender and the amount paid back (never more than was paid). */
export interface OwnSaleMoneyBack {
  tender: 'alipay' | 'cash';
  amountCents: number;
}

/**
 * How a refund goes back: a sale of ours by its tender and its money-back's amount; otherwise by the refund's
 * kind (a refund at the counter: the counter; an online one: the original payment) and the refund's total.
 */
export function moneyBackOf(kind: 'local' | 'online', totalCents: number, ownSale?: OwnSaleMoneyBack): MoneyBack {
  if (ownSale) return { way: ownSale.tender, cents: ownSale.amountCents };
  return { way: kind === 'local' ? 'counter' : 'original-payment', cents: totalCents };
}
