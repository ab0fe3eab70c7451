import { ok, type Result } from '../../../shared/errors';
import type { UiOutput } from '../../../shared/contract/ui';
import type { UiHandlers } from './ui-dispatch';
import type { AttentionDesk } from '../office/attention-desk';
import type { BookingSearchService } from '../office/booking-search.service';
import { refundViewOf } from '../office/booking-view';
import type { KioskLockoutsService } from '../office/kiosk-lockouts.service';
import type { ReprintDesk } from '../office/reprint-desk';
import type { ShiftReportService } from '../office/shift-report.service';
import type { CounterPrintService } from '../office/counter-print.service';
import type { RefundDeskService } from '../refunds/refund-desk.service';
import { wrongRole, type RoleGuard } from '../staff/role-guard';
import { staffRefusal } from '../staff/staff-refusals';
import type { StaffSession } from '../staff/staff-auth';

// The counter's sale (`office.sale.*`) has its own handlers (sale.handlers.ts).
type OfficeCalls = Exclude<Extract<keyof UiHandlers, `office.${string}`>, `office.sale.${string}`>;

/** What the box office's calls need: one service per call, built by the composition root. */
export interface OfficeServices {
  guard: RoleGuard;
  /** The counter's settings as the screen shows them, for the signed-in clerk. */
  settings: (who: StaffSession) => UiOutput<'office.settings'>;
  search: BookingSearchService;
  refunds: RefundDeskService;
  reprints: ReprintDesk;
  attention: AttentionDesk;
  lockouts: KioskLockoutsService;
  reports: ShiftReportService;
  /** The counter's own print-service terminal: prints unprinted bookings for the customer at the counter. */
  counterPrint: CounterPrintService;
  terminalId: string;
}

const CLERKS = ['clerk', 'supervisor'] as const;

/** The box office's calls, for clerks and supervisors: the guard checks the session, one service does the work. */
export function officeHandlers(services: OfficeServices): Pick<UiHandlers, OfficeCalls> {
  const { guard, search, refunds, reprints, attention, lockouts, reports, terminalId } = services;
  const asClerk = <I extends { session: string }, O>(run: (input: I, who: StaffSession) => Promise<Result<O>>) => guard.asRole(CLERKS, run);
  return {
    'office.settings': asClerk(async (_input, who) => ok(services.settings(who))),
    'office.find': asClerk(async (input) => search.find(input.query)),
    'office.booking': asClerk(async (input) => search.booking(input.bookingNumber)),
    'office.refund': asClerk(async (input, who) => {
      const done = await refunds.refund(input, who);
      if (!done.ok) return done;
      const { refund, slipPrinted, moneyBack } = done.value;
      return ok({ ...refundViewOf(refund), slipPrinted, moneyBack });
    }),
    'office.refundSlip.print': asClerk(async (input, who) => refunds.printSlipCopy(input.refundCode, who)),
    'office.reprint': asClerk(async (input, who) => reprints.reprint(input, who)),
    'office.attention.list': asClerk(async () => ok({ items: attention.list() })),
    'office.attention.resolve': asClerk(async (input, who) => attention.resolve(input, who)),
    'office.lockouts.list': asClerk(async () => ok({ lockouts: lockouts.list() })),
    'office.lockouts.lift': asClerk(async (input, who) =>
      who.role === 'supervisor'
        ? lockouts.lift(input.printNo, who.username, terminalId)
        : wrongRole('lifting a kiosk lock needs a supervisor'),
    ),
    'office.report': asClerk(async (input, who) => reports.report(input, who)),
    'office.report.print': asClerk(async (input, who) => reports.print(input, who)),
    'office.counterPrint': asClerk(async (input, who) => services.counterPrint.print(input, who)),
  };
}

/** A kiosk that collects through a remote print service has no store of bookings: its box office runs on the host. */
export function remoteOfficeHandlers(): Pick<UiHandlers, OfficeCalls> {
  const refuse = async () => staffRefusal('WRONG_HOST', 'the box office runs on the print-service host: open /office there');
  return {
    'office.settings': refuse,
    'office.find': refuse,
    'office.booking': refuse,
    'office.refund': refuse,
    'office.refundSlip.print': refuse,
    'office.reprint': refuse,
    'office.attention.list': refuse,
    'office.attention.resolve': refuse,
    'office.lockouts.list': refuse,
    'office.lockouts.lift': refuse,
    'office.report': refuse,
    'office.report.print': refuse,
    'office.counterPrint': refuse,
  };
}
