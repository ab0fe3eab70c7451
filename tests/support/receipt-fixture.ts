import type { SaleReceiptInput } from '../../shared/domain/sale-receipt';

/** A paid order of two seats and two ticket types, as the sale hands it over after CompleteOrder. */
export function sampleReceipt(overrides: Partial<SaleReceiptInput> = {}): SaleReceiptInput {
  return {
    orderId: 'a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    cinemaName: '星光影城 Starlight Cinema',
    filmTitle: '流浪地球2',
    showTime: '2026-12-08 19:30',
    hall: '3号厅 IMAX',
    seats: ['7排10座', '7排11座'],
    lines: [
      { description: '成人 Adult', qty: 1, unitCents: 4500 },
      { description: '学生 Student', qty: 1, unitCents: 3000 },
    ],
    bookingFeeCents: 200,
    totalCents: 7700,
    tender: { kind: 'alipay', outTradeNo: 'K01-20261207-a3f1c2d45e6f4a7b8c9d0e1f2a3b', tradeNo: '2026120722001412345678901234' },
    terminalId: 'KIOSK-01',
    paidAt: '2026-12-07 18:02:31',
    coupon: { printNo: '0000000000111972', verifyCode: 'WQNX8JL' },
    ...overrides,
  };
}
