import { fail, ok, type Result } from '../../../shared/errors';
import type { AuditLog } from '../audit/audit-log';
import { toIsoWithOffset } from '../central/vista-date';
import type { SlipPrinter } from '../printing/slip-printer';
import type { BookingsRepository } from '../storage/repositories/bookings.repository';
import type { RefundRow, RefundsRepository } from '../storage/repositories/refunds.repository';
import type { StaffSession } from '../staff/staff-auth';
import type { ApprovalInput, SupervisorApproval } from '../staff/supervisor-approval';
import type { LocalRefundService } from './local-refund.service';
import type { OnlineRefundRunner } from './online-refund.runner';
import type { MoneyBack, OwnSaleMoneyBack } from '../../../shared/domain/money-back';
import { refundMoneyBack, refundSlip } from './refund-slip';

export interface RefundDeskRequest {
  bookingNumber: number;
  ticketCodes: string[];
  reason: string;
  approval?: ApprovalInput;
}

export interface RefundDeskDeps {
  bookings: BookingsRepository;
  refunds: RefundsRepository;
  local: Pick<LocalRefundService, 'refundPrinted'>;
  online: Pick<OnlineRefundRunner, 'begin'>;
  approval: SupervisorApproval;
  /** Folds central's news about the booking in first; false when central did not answer (the local copy stands). */
  refresh: (bookingNumber: number) => Promise<boolean>;
  slips: SlipPrinter;
  audit: AuditLog;
  terminalId: string;
  cinemaOffsetMinutes: number;
  /** The cinema's IANA zone: the slip's time is printed in it. */
  timeZone?: string;
  /** How a refund of a booking this store sold goes back (its sale's tender); undefined for other bookings. */
  ownSaleMoneyBack?: (refundId: number) => OwnSaleMoneyBack | undefined;
}

/**
 * A refund at the counter: the booking refreshed from central, the supervisor's approval checked,
 * then printed tickets refunded here and unprinted ones online (seed 003 §2.4), and for a refund
 * here the slip, whose printing (or not) is audited. The refund stands whatever the printer does.
 */
export class RefundDeskService {
  constructor(private readonly deps: RefundDeskDeps) {}

  async refund(
    request: RefundDeskRequest,
    who: StaffSession,
  ): Promise<Result<{ refund: RefundRow; slipPrinted: boolean | null; moneyBack: MoneyBack }>> {
    const { deps } = this;
    await deps.refresh(request.bookingNumber);
    const supervisor = await deps.approval.of(who, request.approval);
    if (!supervisor.ok) return supervisor;
    const started = this.start({
      bookingNumber: request.bookingNumber,
      ticketCodes: request.ticketCodes,
      reason: request.reason,
      clerk: who.username,
      supervisor: supervisor.value,
      terminalId: deps.terminalId,
    });
    if (!started.ok) return started;
    const { refund, local } = started.value;
    const slipPrinted = local ? await this.printSlip(refund, `staff:${who.username}`, false) : null;
    // Read after the refund's commit, which wrote a sale of ours's money-back: the screen says what the slip says.
    return ok({ refund, slipPrinted, moneyBack: this.moneyBackOf(refund) });
  }

  /** Another copy of a refund's slip, marked as a copy. */
  async printSlipCopy(refundCode: string, who: StaffSession): Promise<Result<{ printed: boolean }>> {
    const refund = this.deps.refunds.byCode(refundCode.trim().toUpperCase());
    if (!refund) return fail('NOT_FOUND', 'no such refund', { field: 'refundCode' });
    return ok({ printed: await this.printSlip(refund, `staff:${who.username}`, true) });
  }

  /** Printed tickets are refunded here; unprinted ones online. */
  private start(request: Parameters<LocalRefundService['refundPrinted']>[0]): Result<{ refund: RefundRow; local: boolean }> {
    const local = this.deps.bookings
      .tickets(request.bookingNumber)
      .some((t) => request.ticketCodes.includes(t.ticket_code) && t.state === 'printed');
    const started = local ? this.deps.local.refundPrinted(request) : this.deps.online.begin(request);
    return started.ok ? ok({ refund: started.value, local }) : started;
  }

  /** Where the refund's money goes: the one decision the slip and the office's answer both use. */
  private moneyBackOf(refund: RefundRow): MoneyBack {
    return refundMoneyBack(refund, this.deps.ownSaleMoneyBack?.(refund.refund_id));
  }

  private async printSlip(refund: RefundRow, actor: string, copy: boolean): Promise<boolean> {
    const { bookings, audit, terminalId, cinemaOffsetMinutes } = this.deps;
    const booking = bookings.booking(refund.booking_number)!;
    const refundedAt = toIsoWithOffset({ epochMs: refund.created_at, offsetMinutes: cinemaOffsetMinutes });
    const printed = await this.deps.slips.print(
      refundSlip(refund, booking, bookings.tickets(refund.booking_number), refundedAt, copy, this.deps.timeZone, this.moneyBackOf(refund)),
    );
    audit.append({
      actor,
      terminalId,
      action: printed ? 'refund.slip-printed' : 'refund.slip-not-printed',
      subject: `booking:${refund.booking_number}`,
      details: { refundCode: refund.refund_code, copy },
    });
    return printed;
  }
}
