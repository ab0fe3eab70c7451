import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { decodeSarftRequest, encodeDialectReply, yuan } from '../../electron/core/print-service/sarft-dialects';

const json = (body: unknown) => Buffer.from(JSON.stringify(body));
const xml = (text: string) => Buffer.from(text);
const MD5 = '9c1e5d4b0f3a2e6d7c8b9a0f1e2d3c4b';

describe('telling the dialects apart', () => {
  it('our JSON stays ours, with the header token', () => {
    expect(decodeSarftRequest('query', 'json', json({ printNo: '111999' }), 'tok')).toEqual({
      ok: true,
      dialect: 'json',
      request: { printNo: '0000000000111999' },
      bearer: 'tok',
    });
  });

  it("the seed's names become our request; its body token becomes the bearer", () => {
    expect(decodeSarftRequest('applyPrint', 'json', json({ print_no: '111999', verify_code_md5: MD5, token: 't1' }), undefined)).toEqual({
      ok: true,
      dialect: 'seed-json',
      request: { printNo: '0000000000111999', verifyCodeMd5: MD5 },
      bearer: 't1',
    });
    expect(decodeSarftRequest('printResult', 'json', json({ print_no: '7', ticket_count: 0 }), 'h')).toEqual({
      ok: true,
      dialect: 'seed-json',
      request: { printNo: '0000000000000007', ticketCount: 0 },
      bearer: 'h',
    });
    expect(decodeSarftRequest('auth', 'json', json({ username: 'u', password: 'p' }), undefined)).toMatchObject({
      ok: true,
      dialect: 'seed-json',
      request: { username: 'u', password: 'p' },
    });
  });

  it("the vendors' XML elements become our request", () => {
    const apply = `<ApplyFetchTicket><PrintNo>111999</PrintNo><VerifyCodeMD5>${MD5}</VerifyCodeMD5><Token>t2</Token></ApplyFetchTicket>`;
    expect(decodeSarftRequest('applyPrint', 'xml', xml(apply), undefined)).toEqual({
      ok: true,
      dialect: 'vendor-xml',
      request: { printNo: '0000000000111999', verifyCodeMd5: MD5 },
      bearer: 't2',
    });
    const fetch = '<FetchTicket><PrintNo>111999</PrintNo><TicketCount>3</TicketCount></FetchTicket>';
    expect(decodeSarftRequest('printResult', 'xml', xml(fetch), 'h')).toMatchObject({
      dialect: 'vendor-xml',
      request: { printNo: '0000000000111999', ticketCount: 3 },
    });
    // The same query in both XML dialects: read as ours, answered the same.
    const query = '<QueryTicketInfo><PrintNo>111999</PrintNo><TicketCount>4</TicketCount></QueryTicketInfo>';
    expect(decodeSarftRequest('query', 'xml', xml(query), 'h')).toMatchObject({ ok: true, dialect: 'xml' });
  });

  it("refuses in the asker's names: a field, a token that differs from the header, one of our names among the seed's", () => {
    expect(decodeSarftRequest('query', 'json', json({ print_no: 'x' }), 'h')).toMatchObject({
      ok: false,
      dialect: 'seed-json',
      details: {
        fields: [
          { field: 'print_no', problem: 'print_no must be 1 to 16 digits' },
          { field: 'print_no', problem: 'print_no must be 1 to 16 digits, at most 9007199254740991' },
        ],
      },
    });
    expect(decodeSarftRequest('query', 'json', json({ print_no: '1', token: 'a' }), 'b')).toEqual({
      ok: false,
      dialect: 'seed-json',
      reason: 'validation failed',
      details: { fields: [{ field: 'token', problem: 'differs from the Authorization header' }] },
    });
    expect(decodeSarftRequest('query', 'json', json({ print_no: '1', printNo: '1' }), 'h')).toMatchObject({
      ok: false,
      dialect: 'json',
      details: { fields: [{ field: '(body)' }] },
    });
    expect(
      decodeSarftRequest('printResult', 'xml', xml('<FetchTicket><PrintNo>1</PrintNo><TicketCount>-1</TicketCount></FetchTicket>'), 'h'),
    ).toMatchObject({ ok: false, dialect: 'vendor-xml', details: { fields: [{ field: 'TicketCount' }] } });
    expect(decodeSarftRequest('auth', 'xml', xml('<!DOCTYPE a><Auth><Username>u</Username></Auth>'), undefined)).toMatchObject({
      ok: false,
      dialect: 'xml',
    });
  });
});

describe("replies in the asker's dialect", () => {
  const reply = {
    printToken: 'p',
    expiresIn: 120,
    tickets: [{ ticketCode: '1'.repeat(16), priceCents: 4500, serviceFeeCents: 305, ticketInfoCode: 'QR', returnValue: 0 }],
    resultCode: 0,
    message: 'ok',
    requestId: 'r',
  };

  it('seed JSON: snake_case, with the standard per-ticket names', () => {
    const { contentType, payload } = encodeDialectReply('seed-json', 'applyPrint', reply, '0000000000111999');
    expect(contentType).toContain('application/json');
    expect(JSON.parse(payload)).toEqual({
      print_token: 'p',
      expires_in: 120,
      tickets: [
        {
          print_no: '0000000000111999',
          ticket_code: '1'.repeat(16),
          price_cents: 4500,
          service_fee_cents: 305,
          ticket_info_code: 'QR',
          return_value: 0,
          price: '45.00',
          service: '3.05',
        },
      ],
      result_code: 0,
      message: 'ok',
      request_id: 'r',
    });
  });

  it('vendor XML: the reply root, PascalCase, Tickets/Ticket', () => {
    const { contentType, payload } = encodeDialectReply('vendor-xml', 'applyPrint', reply, '0000000000111999');
    expect(contentType).toContain('application/xml');
    const doc = new XMLParser({ parseTagValue: false }).parse(payload) as Record<string, Record<string, unknown>>;
    expect(doc.ApplyFetchTicketReply).toMatchObject({
      ResultCode: '0',
      PrintToken: 'p',
      Tickets: { Ticket: { PrintNo: '0000000000111999', TicketInfoCode: 'QR', Price: '45.00', Service: '3.05', ReturnValue: '0' } },
    });
  });

  it('money as the standard writes it, exactly', () => {
    expect([yuan(0), yuan(5), yuan(4500), yuan(123456789), yuan(-250), yuan(1.5), yuan('1')]).toEqual([
      '0.00',
      '0.05',
      '45.00',
      '1234567.89',
      '-2.50',
      undefined,
      undefined,
    ]);
  });
});
