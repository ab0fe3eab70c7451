import { fail, type Result } from '../../../shared/errors';
import type { UiInput, UiOutput } from '../../../shared/contract/ui';
import type { CancelReason } from '../../../shared/domain/sale-order';
import type { UiHandlers } from './ui-dispatch';
import type { RoleGuard } from '../staff/role-guard';

type SaleCalls = Extract<keyof UiHandlers, `sale.${string}` | `office.sale.${string}`>;

/** Who acts on an order: the kiosk's customer, or a clerk at the counter (named in the order's audit). */
export interface SaleActor {
  kind: 'kiosk' | 'staff';
  /** `kiosk` or the clerk's username. */
  name: string;
}

type HoldInput = Omit<UiInput<'sale.hold'>, never>;

/** What the sale's calls need: the catalogue (read side) and the order desk (hold, cancel, read an order). */
export interface SaleServices {
  catalogue: {
    films(): Promise<Result<UiOutput<'sale.films'>>>;
    sessions(filmId?: string): Promise<Result<UiOutput<'sale.sessions'>>>;
    ticketTypes(sessionId: string): Promise<Result<UiOutput<'sale.ticketTypes'>>>;
    seatPlan(sessionId: string): Promise<Result<UiOutput<'sale.seatPlan'>>>;
  };
  orders: {
    hold(input: HoldInput, actor: SaleActor): Promise<Result<UiOutput<'sale.hold'>>>;
    cancel(orderId: string, reason: CancelReason, actor: SaleActor): Promise<Result<UiOutput<'sale.cancel'>>>;
    order(orderId: string): Result<UiOutput<'sale.order'>>;
    /** Pay a held order by the customer's payment code; the code goes to the provider and nowhere else. */
    pay(orderId: string, paymentCode: string, actor: SaleActor): Promise<Result<UiOutput<'sale.pay'>>>;
    /** Pay a held order by a QR the customer scans; asked again, the same QR. */
    payQr(orderId: string, actor: SaleActor): Promise<Result<UiOutput<'sale.payQr'>>>;
    /** The customer gives up a QR payment: the trade cancelled, the order annulled. */
    abandonPay(orderId: string, actor: SaleActor): Promise<Result<UiOutput<'sale.abandonPay'>>>;
    payStatus(orderId: string): Result<UiOutput<'sale.payStatus'>>;
    /** Cash handed over at the counter for a held order. */
    payCash(orderId: string, tenderedCents: number, actor: SaleActor): Promise<Result<UiOutput<'office.sale.payCash'>>>;
    /** Queue the receipt of a completed sale of this terminal for e-mail. */
    mailReceipt(orderId: string, address: string): Promise<Result<UiOutput<'sale.mailReceipt'>>>;
  };
  guard: RoleGuard;
}

const CLERKS = ['clerk', 'supervisor'] as const;
const KIOSK: SaleActor = { kind: 'kiosk', name: 'kiosk' };

/** The sale's calls, the customer's and the counter's: thin, each one service call. */
export function saleHandlers(services: SaleServices): Pick<UiHandlers, SaleCalls> {
  const { catalogue, orders, guard } = services;
  const asClerk = guard.asRole.bind(guard);
  const clerk = (username: string): SaleActor => ({ kind: 'staff', name: username });
  const withoutSession = <T extends { session: string }>({ session: _session, ...rest }: T): Omit<T, 'session'> => rest;
  return {
    'sale.films': () => catalogue.films(),
    'sale.sessions': (input) => catalogue.sessions(input.filmId),
    'sale.ticketTypes': (input) => catalogue.ticketTypes(input.sessionId),
    'sale.seatPlan': (input) => catalogue.seatPlan(input.sessionId),
    'sale.hold': (input) => orders.hold(input, KIOSK),
    'sale.cancel': (input) => orders.cancel(input.orderId, input.reason, KIOSK),
    'sale.order': async (input) => orders.order(input.orderId),
    'sale.pay': (input) => orders.pay(input.orderId, input.paymentCode, KIOSK),
    'sale.payQr': (input) => orders.payQr(input.orderId, KIOSK),
    'sale.abandonPay': (input) => orders.abandonPay(input.orderId, KIOSK),
    'sale.payStatus': async (input) => orders.payStatus(input.orderId),
    'sale.mailReceipt': (input) => orders.mailReceipt(input.orderId, input.address),
    'office.sale.films': asClerk(CLERKS, () => catalogue.films()),
    'office.sale.sessions': asClerk(CLERKS, (input) => catalogue.sessions(input.filmId)),
    'office.sale.ticketTypes': asClerk(CLERKS, (input) => catalogue.ticketTypes(input.sessionId)),
    'office.sale.seatPlan': asClerk(CLERKS, (input) => catalogue.seatPlan(input.sessionId)),
    'office.sale.hold': asClerk(CLERKS, (input, who) => orders.hold(withoutSession(input), clerk(who.username))),
    'office.sale.cancel': asClerk(CLERKS, (input, who) => orders.cancel(input.orderId, input.reason, clerk(who.username))),
    'office.sale.order': asClerk(CLERKS, async (input) => orders.order(input.orderId)),
    'office.sale.pay': asClerk(CLERKS, (input, who) => orders.pay(input.orderId, input.paymentCode, clerk(who.username))),
    'office.sale.payQr': asClerk(CLERKS, (input, who) => orders.payQr(input.orderId, clerk(who.username))),
    'office.sale.abandonPay': asClerk(CLERKS, (input, who) => orders.abandonPay(input.orderId, clerk(who.username))),
    'office.sale.payStatus': asClerk(CLERKS, async (input) => orders.payStatus(input.orderId)),
    'office.sale.payCash': asClerk(CLERKS, (input, who) => orders.payCash(input.orderId, input.tenderedCents, clerk(who.username))),
  };
}

/** A host without a central connection configured cannot sell: every sale call says so. */
export function unconfiguredSaleHandlers(): Pick<UiHandlers, SaleCalls> {
  const refuse = async () => fail('CENTRAL_UNREACHABLE', 'this terminal has no central connection configured: the sale needs one');
  return {
    'sale.films': refuse,
    'sale.sessions': refuse,
    'sale.ticketTypes': refuse,
    'sale.seatPlan': refuse,
    'sale.hold': refuse,
    'sale.cancel': refuse,
    'sale.order': refuse,
    'sale.pay': refuse,
    'sale.payQr': refuse,
    'sale.abandonPay': refuse,
    'sale.payStatus': refuse,
    'sale.mailReceipt': refuse,
    'office.sale.films': refuse,
    'office.sale.sessions': refuse,
    'office.sale.ticketTypes': refuse,
    'office.sale.seatPlan': refuse,
    'office.sale.hold': refuse,
    'office.sale.cancel': refuse,
    'office.sale.order': refuse,
    'office.sale.pay': refuse,
    'office.sale.payQr': refuse,
    'office.sale.abandonPay': refuse,
    'office.sale.payStatus': refuse,
    'office.sale.payCash': refuse,
  };
}
