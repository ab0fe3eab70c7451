/**
 * Which of central's ticket types a walk-up customer may buy (at the kiosk and at the counter alike), and
 * the "from" price of a showtime. One rule, used by the catalogue, the hold and the price shown.
 *
 * GetTicketsForSession (seed 003 §3.3) answers every type the connect token may see: the standard
 * tickets, and beside them types that need something a walk-up customer does not bring — a voucher
 * to redeem (the seed's own `webTicket 测试用代金券`), a package, a loyalty member's recognition, a
 * third-party membership, a complimentary pass. Priced as they are (a ¥20 voucher beside a ¥50
 * ticket) they must neither be offered nor count in the lowest price.
 *
 * How a type is recognised, strongest first:
 * 1. central's own flags, as the adapter reads them into `marks` (vista-sale.client.ts lists the fields);
 * 2. only when no flag says so: its name, by the words that name a voucher, coupon, member or test
 *    type (`代金券`, `兑换券`, `优惠券`, `会员`, `测试`, `voucher`, `coupon`, `member`, `test`). The seed's
 *    sample carries no flag at all, so on its data the name is what decides.
 */

/** What central says about a type beyond its name and price; absent means "not said" (a cached answer of an older version too). */
export interface TicketTypeMarks {
  /** Part of a package (a combo sold as one). */
  package?: boolean;
  /** Redeems a voucher or pass the customer brings. */
  redemption?: boolean;
  /** A free ticket given by the cinema. */
  complimentary?: boolean;
  /** Only for a recognised loyalty member. */
  loyalty?: boolean;
  /** Only for members of a third party (a bank, a card scheme…). */
  thirdParty?: boolean;
}

/** Why a type is not for a walk-up customer. */
export type NotWalkUp = 'package' | 'redemption' | 'complimentary' | 'loyalty' | 'third-party' | 'named';

export interface TicketTypeLike {
  description: string;
  descriptionAlt?: string;
  priceCents: number;
  marks?: TicketTypeMarks;
}

/** The words of a name that make a type a voucher, coupon, member or test type (a last resort, after central's flags). */
const NOT_WALK_UP_WORDS = /代金券|兑换券|优惠券|会员|测试|\bvoucher|\bcoupon|\bmember|\btest\b/iu;

/** Why this type may not be sold to a walk-up customer; null when it may. */
export function notWalkUp(type: TicketTypeLike): NotWalkUp | null {
  const m = type.marks ?? {};
  if (m.package) return 'package';
  if (m.redemption) return 'redemption';
  if (m.complimentary) return 'complimentary';
  if (m.loyalty) return 'loyalty';
  if (m.thirdParty) return 'third-party';
  if (NOT_WALK_UP_WORDS.test(type.description) || NOT_WALK_UP_WORDS.test(type.descriptionAlt ?? '')) return 'named';
  return null;
}

/** The types a walk-up customer may buy, in central's order. */
export function walkUpTicketTypes<T extends TicketTypeLike>(types: readonly T[]): T[] {
  return types.filter((t) => notWalkUp(t) === null);
}

/** A showtime's "from" price: the lowest of the walk-up types; null when there is none. */
export function walkUpPriceFrom(types: readonly TicketTypeLike[]): number | null {
  const prices = walkUpTicketTypes(types).map((t) => t.priceCents);
  return prices.length === 0 ? null : Math.min(...prices);
}
