import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VistaSaleClient } from '../../electron/core/central/vista-sale.client';
import { notWalkUp, walkUpPriceFrom, walkUpTicketTypes } from '../../shared/domain/ticket-type';

/** Which ticket types a walk-up customer may buy (shared/domain/ticket-type.ts), and the flags the Vista adapter reads for it. */
const type = (description: string, priceCents: number, extra: Record<string, unknown> = {}) => ({ description, priceCents, ...extra });

describe('walk-up ticket types', () => {
  it('leaves out the seed’s test vouchers by name, and prices "from" the rest', () => {
    const seed = [
      type('标准票', 10000),
      type('webTicket 测试用代金券', 5000),
      type('webTicket 测试用代金券(优选区)', 2000),
      type('学生票', 5000),
    ];
    expect(walkUpTicketTypes(seed).map((t) => t.description)).toEqual(['标准票', '学生票']);
    expect(walkUpPriceFrom(seed)).toBe(5000);
    expect(walkUpPriceFrom([type('webTicket 测试用代金券(优选区)', 2000)])).toBeNull();
  });

  it('follows central’s flags first, whatever the name', () => {
    expect(notWalkUp(type('成人票', 4000, { marks: { package: true } }))).toBe('package');
    expect(notWalkUp(type('成人票', 4000, { marks: { redemption: true } }))).toBe('redemption');
    expect(notWalkUp(type('成人票', 4000, { marks: { complimentary: true } }))).toBe('complimentary');
    expect(notWalkUp(type('成人票', 4000, { marks: { loyalty: true } }))).toBe('loyalty');
    expect(notWalkUp(type('成人票', 4000, { marks: { thirdParty: true } }))).toBe('third-party');
    expect(notWalkUp(type('成人票', 4000, { marks: {} }))).toBeNull();
  });

  it('reads a name in either language, and keeps ordinary tickets', () => {
    expect(notWalkUp(type('银行卡优惠', 3000, { descriptionAlt: 'Bank coupon' }))).toBe('named');
    expect(notWalkUp(type('会员票', 3000))).toBe('named');
    expect(notWalkUp(type('Gift voucher', 3000))).toBe('named');
    for (const name of ['标准票', '学生票', '优选区标准票', '儿童票', 'Adult', 'Senior', 'Remembrance Day', 'Latest release'])
      expect(notWalkUp(type(name, 3000))).toBeNull();
  });
});

describe('the Vista adapter’s ticket-type flags', () => {
  let server: Server;
  let client: VistaSaleClient;
  const tickets = [
    { TicketTypeCode: '0010', Description: '标准票', DescriptionAlt: 'Standard', PriceInCents: 10000, AreaCategoryCode: '0000000001' },
    { TicketTypeCode: '0201', Description: '套票', PriceInCents: 3000, AreaCategoryCode: '0000000001', IsPackageTicket: true },
    { TicketTypeCode: '0202', Description: '兑换', PriceInCents: 0, AreaCategoryCode: '0000000001', IsRedemptionTicket: true },
    { TicketTypeCode: '0203', Description: '积分', PriceInCents: 100, AreaCategoryCode: '0000000001', LoyaltyRecognitionId: 7 },
    {
      TicketTypeCode: '0204',
      Description: '银行',
      PriceInCents: 900,
      AreaCategoryCode: '0000000001',
      ThirdPartyMembershipName: '招商银行',
    },
    {
      TicketTypeCode: '0205',
      Description: '学生票',
      PriceInCents: 5000,
      AreaCategoryCode: '0000000001',
      ThirdPartyMembershipName: '',
      LoyaltyRecognitionId: 0,
    },
  ];
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ResponseCode: 0, Tickets: tickets }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    client = new VistaSaleClient({
      baseUrl: `http://127.0.0.1:${port}/WSVistaWebClient`,
      connectApiToken: 't',
      cinemaId: '0200',
      optionalClientClass: 'RSP',
      optionalClientId: '127.0.0.1',
      optionalClientName: 'kiosk',
      connectTimeoutMs: 1000,
      requestTimeoutMs: 2000,
      cinemaOffsetMinutes: 480,
    });
  });
  afterAll(async () => {
    await client.close();
    await new Promise((r) => server.close(r));
  });

  it('marks package, redemption, loyalty and third-party types, and keeps the English name', async () => {
    const types = await client.ticketTypes('29617');
    expect(walkUpTicketTypes(types).map((t) => t.ticketTypeCode)).toEqual(['0010', '0205']);
    expect(types.map((t) => notWalkUp(t))).toEqual([null, 'package', 'redemption', 'loyalty', 'third-party', null]);
    expect(types[0]).toMatchObject({ description: '标准票', descriptionAlt: 'Standard' });
  });
});
