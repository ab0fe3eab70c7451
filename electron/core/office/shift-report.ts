import type { ShiftReportLine } from '../../../shared/contract/ui';
import type { ShiftSaleTotals } from '../../../shared/contract/office';
import type { SaleMoneyRow } from '../storage/repositories/sale-totals.repository';
import { formatYuan } from '../../../shared/domain/money';
import type { LedgerTotalsRow } from '../storage/repositories/ledger.repository';
import type { Slip } from '../printing/slip-layout';

const emptyLine = (actor: string, terminalId: string): ShiftReportLine => ({
  actor,
  terminalId,
  printed: 0,
  printedCents: 0,
  reprinted: 0,
  refundedLocal: 0,
  refundedLocalCents: 0,
  refundedOnline: 0,
  refundedOnlineCents: 0,
  printConfirmed: 0,
  printVoided: 0,
});

/** The ledger's totals folded into one line per actor (clerk or kiosk account) and terminal, plus the sum. */
export function shiftReportLines(rows: LedgerTotalsRow[]): { lines: ShiftReportLine[]; totals: ShiftReportLine } {
  const byKey = new Map<string, ShiftReportLine>();
  const totals = emptyLine('*', '*');
  for (const row of rows) {
    const key = `${row.actor}\u0000${row.terminal_id}`;
    const line = byKey.get(key) ?? emptyLine(row.actor, row.terminal_id);
    byKey.set(key, line);
    for (const target of [line, totals]) {
      if (row.kind === 'printed') {
        target.printed += row.tickets;
        target.printedCents += row.amount_cents;
      } else if (row.kind === 'reprinted') target.reprinted += row.tickets;
      else if (row.kind === 'print-confirmed') target.printConfirmed += row.tickets;
      else if (row.kind === 'print-voided') target.printVoided += row.tickets;
      else if (row.kind === 'refunded-local') {
        target.refundedLocal += row.tickets;
        target.refundedLocalCents += row.amount_cents;
      } else {
        target.refundedOnline += row.tickets;
        target.refundedOnlineCents += row.amount_cents;
      }
    }
  }
  return { lines: [...byKey.values()], totals };
}

/**
 * The sale's money steps folded by tender: a payment counts as a sale of its tender; Alipay's refund
 * (`sale.order.refunded`, or a refund of a sold booking, `sale.refund.done`) and cash given back by hand
 * (`needs-staff` with `cash-by-hand`, or `sale.refund.done` in cash) count as refunds of our own sales.
 */
export function shiftSaleTotals(rows: SaleMoneyRow[]): ShiftSaleTotals {
  const t: ShiftSaleTotals = {
    alipay: { count: 0, cents: 0 },
    cash: { count: 0, cents: 0 },
    refundedAlipay: { count: 0, cents: 0 },
    refundedCash: { count: 0, cents: 0 },
    cashExpectedCents: 0,
  };
  const add = (target: { count: number; cents: number }, cents: unknown) => {
    target.count += 1;
    target.cents += typeof cents === 'number' && Number.isSafeInteger(cents) ? cents : 0;
  };
  // A refund's success recorded again (the same out_request_no sent again after a crash) is one refund.
  const refundsSeen = new Set<string>();
  for (const row of rows) {
    const details = JSON.parse(row.details) as Record<string, unknown>;
    const cash = row.tender === 'cash';
    if (row.action === 'sale.refund.done' && typeof details.outRequestNo === 'string') {
      if (refundsSeen.has(details.outRequestNo)) continue;
      refundsSeen.add(details.outRequestNo);
    }
    if (row.action === 'sale.order.paid') add(cash ? t.cash : t.alipay, row.paid_cents);
    else if (row.action === 'sale.order.refunded') add(t.refundedAlipay, details.refundedCents);
    else if (row.action === 'sale.order.needs-staff' && details.refund === 'cash-by-hand') add(t.refundedCash, details.amountCents);
    else if (row.action === 'sale.refund.done') add(cash ? t.refundedCash : t.refundedAlipay, details.amountCents);
  }
  t.cashExpectedCents = t.cash.cents - t.refundedCash.cents;
  return t;
}

const CSV_COLUMNS = [
  'actor',
  'terminal',
  'printed',
  'printed_yuan',
  'reprinted',
  'refunded_local',
  'refunded_local_yuan',
  'refunded_online',
  'refunded_online_yuan',
  'unknown_confirmed_printed',
  'unknown_marked_unprinted',
];

/**
 * RFC 4180 fields; a leading =, +, - or @ is quoted with a ' so a spreadsheet does not run it, and so
 * is a leading tab, CR or LF: spreadsheets skip them and then read the formula behind (OWASP).
 */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r\n]/u.test(value) ? `'${value}` : value;
  return /[",\r\n]/u.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function shiftReportCsv(lines: ShiftReportLine[], totals: ShiftReportLine): string {
  const row = (l: ShiftReportLine) =>
    [
      l.actor,
      l.terminalId,
      String(l.printed),
      formatYuan(l.printedCents),
      String(l.reprinted),
      String(l.refundedLocal),
      formatYuan(l.refundedLocalCents),
      String(l.refundedOnline),
      formatYuan(l.refundedOnlineCents),
      String(l.printConfirmed),
      String(l.printVoided),
    ]
      .map(csvField)
      .join(',');
  return [CSV_COLUMNS.join(','), ...lines.map(row), row({ ...totals, actor: 'TOTAL', terminalId: '' })].join('\r\n') + '\r\n';
}

/** The shift summary slip. */
export function shiftSlip(
  cinemaName: string,
  range: { from: string; to: string },
  filter: { clerk?: string; terminalId?: string },
  lines: ShiftReportLine[],
  totals: ShiftReportLine,
  printedBy: string,
  sales?: ShiftSaleTotals,
): Slip {
  const block = (l: ShiftReportLine) => [
    `出票 Printed: ${l.printed}  ¥${formatYuan(l.printedCents)}`,
    `补打 Reprinted: ${l.reprinted}`,
    `影城退票 Refunded here: ${l.refundedLocal}  ¥${formatYuan(l.refundedLocalCents)}`,
    `线上退款 Refunded online: ${l.refundedOnline}  ¥${formatYuan(l.refundedOnlineCents)}`,
    ...(l.printConfirmed || l.printVoided
      ? [`不明出票确认 Unknown settled: ${l.printConfirmed} printed, ${l.printVoided} not printed`]
      : []),
  ];
  return {
    heading: cinemaName,
    title: '交班报表 SHIFT REPORT',
    lines: [
      `从 From: ${range.from}`,
      `到 To:   ${range.to}`,
      ...(filter.clerk ? [`员工 Clerk: ${filter.clerk}`] : []),
      ...(filter.terminalId ? [`终端 Terminal: ${filter.terminalId}`] : []),
      // The clerk's name and the counter, not the audit's internal actor id (`staff:clerk1`).
      ...lines.flatMap((l) => ['=', `${l.actor.replace(/^staff:/u, '')} · 终端 Terminal ${l.terminalId}`, ...block(l)]),
      '=',
      '合计 TOTAL',
      ...block(totals),
      ...(sales
        ? [
            '=',
            '售票 SALES',
            `支付宝 Alipay: ${sales.alipay.count}  ¥${formatYuan(sales.alipay.cents)}`,
            `现金 Cash: ${sales.cash.count}  ¥${formatYuan(sales.cash.cents)}`,
            `支付宝退款 Alipay refunds: ${sales.refundedAlipay.count}  ¥${formatYuan(sales.refundedAlipay.cents)}`,
            `现金退款 Cash refunds: ${sales.refundedCash.count}  ¥${formatYuan(sales.refundedCash.cents)}`,
            `钱箱应有 Cash expected in drawer: ¥${formatYuan(sales.cashExpectedCents)}`,
          ]
        : []),
      '=',
      `打印人 Printed by: ${printedBy}`,
    ],
  };
}
