import type { ReleasedTicket } from '../../../shared/contract/sarft';
import type { PrinterStatus } from '../../../shared/contract/ui';
import type { AuditLog } from '../audit/audit-log';
import { toIsoWithOffset } from '../central/vista-date';
import { buildTicketBytes } from './ticket-layout';
import type { TicketPrinter } from './ticket-printer';

/** The test page is laid out as a ticket, so it shows exactly what tickets will look like. */
function testTicket(now: number, offsetMinutes: number): ReleasedTicket {
  return {
    ticketCode: '0000000000000000',
    cinemaName: '打印测试页 Test page',
    screenName: '中文 GB18030：影厅 座位 票价 ¥ 退票 补打',
    filmName: '测试 TEST',
    sessionDateTime: toIsoWithOffset({ epochMs: now, offsetMinutes }),
    seatName: '7排10座',
    priceCents: 4500,
    serviceFeeCents: 300,
    printFlag: 0,
    state: 'claimed',
    returnValue: 0,
    ticketInfoCode: 'TEST-PAGE 测试 0123456789',
    cinemaCode: '00000000',
    reprintCount: 0,
  };
}

/** A test page: GB18030 sample text (with ¥) and a QR, on the ticket printer, confirmed like a ticket; audited. */
export async function printTestPage(
  printer: TicketPrinter,
  audit: AuditLog,
  at: { actor: string; terminalId: string; now: number; offsetMinutes: number },
): Promise<{ printed: boolean; status: PrinterStatus }> {
  const printedAt = toIsoWithOffset({ epochMs: at.now, offsetMinutes: at.offsetMinutes });
  const bytes = buildTicketBytes(testTicket(at.now, at.offsetMinutes), { terminalId: at.terminalId, printedAt }, printer.profile);
  const { outcome, status } = await printer.printDocument(
    bytes,
    () => {
      printer.resetPreview(bytes);
      return true;
    },
    { statusAfter: true },
  );
  audit.append({
    actor: at.actor,
    action: 'printer.test-page',
    subject: 'config',
    details: { printed: outcome === 'printed', state: status.state },
  });
  return { printed: outcome === 'printed', status };
}
