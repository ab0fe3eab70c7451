import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { XMLParser } from 'fast-xml-parser';
import type { RunningHost } from '../../electron/host/host';
import { SarftCode } from '../../shared/contract/sarft-codes';
import { bookingPicker, md5, startDemoHost } from '../support/in-process-host';

let host: RunningHost;
let pick: ReturnType<typeof bookingPicker>;
const parser = new XMLParser({ parseTagValue: false, isArray: (name) => ['Ticket', 'TicketCode'].includes(name) });

beforeAll(async () => {
  host = await startDemoHost();
  pick = bookingPicker(host);
});
afterAll(() => host?.stop());

async function xml(path: string, body: string, token?: string) {
  const response = await request(`${host.printServiceUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml; charset=utf-8', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    contentType: String(response.headers['content-type']),
    text,
    doc: parser.parse(text) as Record<string, Record<string, unknown>>,
  };
}

async function token(): Promise<string> {
  const t = host.demo!.terminals[1]!;
  const reply = await xml(
    '/sarft/v1/auth',
    `<Auth><Username>${t.username}</Username><Password>${t.password}</Password><TerminalId>${t.terminalId}</TerminalId></Auth>`,
  );
  expect(reply.doc.AuthReply).toMatchObject({ ResultCode: '0' });
  return String(reply.doc.AuthReply!.Token);
}

describe('the XML encoding of the four calls', () => {
  it('collects a booking end to end in XML, with the standard root names', async () => {
    const bearer = await token();
    const b = pick('unprinted', 2);
    const query = await xml(
      '/sarft/v1/tickets/query',
      `<?xml version="1.0"?><QueryTicketInfo><PrintNo>${b.bookingNumber}</PrintNo><TicketCount>2</TicketCount></QueryTicketInfo>`,
      bearer,
    );
    expect(query.contentType).toContain('application/xml');
    expect(query.doc.QueryTicketInfoReply).toMatchObject({ ResultCode: '0', PrintNo: b.printNo, TicketCount: '2' });
    const tickets = (query.doc.QueryTicketInfoReply!.Tickets as { Ticket: { TicketCode: string; FilmName: string }[] }).Ticket;
    expect(tickets).toHaveLength(2);

    const apply = await xml(
      '/sarft/v1/tickets/apply-print',
      `<ApplyFetchTicket><PrintNo>${b.printNo}</PrintNo><VerifyCodeMd5>${md5(b.verifyCode)}</VerifyCodeMd5></ApplyFetchTicket>`,
      bearer,
    );
    const applied = apply.doc.ApplyFetchTicketReply!;
    expect(applied.ResultCode).toBe('0');
    const released = (applied.Tickets as { Ticket: { TicketCode: string; TicketInfoCode: string; ReturnValue: string }[] }).Ticket;
    expect(released.every((t) => t.ReturnValue === '0' && t.TicketInfoCode.length === 180)).toBe(true);

    const printed = released.map((t) => `<TicketCode>${t.TicketCode}</TicketCode>`).join('');
    const result = await xml(
      '/sarft/v1/tickets/print-result',
      `<FetchTicket><PrintNo>${b.printNo}</PrintNo><PrintToken>${String(applied.PrintToken)}</PrintToken><Printed>${printed}</Printed><Failed/></FetchTicket>`,
      bearer,
    );
    expect(result.doc.FetchTicketReply).toMatchObject({ ResultCode: '0', PrintedCount: '2' });
  });

  it('refuses DOCTYPE and entities (no expansion, no bomb), the wrong root, unknown elements and bodies over 64 KiB', async () => {
    const bearer = await token();
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><QueryTicketInfo><PrintNo>&lol2;</PrintNo></QueryTicketInfo>`;
    const external = `<?xml version="1.0"?><!DOCTYPE q [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><QueryTicketInfo><PrintNo>&xxe;</PrintNo></QueryTicketInfo>`;
    for (const body of [bomb, external]) {
      const reply = await xml('/sarft/v1/tickets/query', body, bearer);
      expect(reply.status).toBe(400);
      expect(reply.doc.QueryTicketInfoReply).toMatchObject({ ResultCode: String(SarftCode.Malformed) });
      expect(reply.text).not.toContain('root:');
    }
    const entityInText = await xml('/sarft/v1/tickets/query', '<QueryTicketInfo><PrintNo>&amp;1</PrintNo></QueryTicketInfo>', bearer);
    expect(entityInText.status).toBe(400);
    expect((await xml('/sarft/v1/tickets/query', '<Query><PrintNo>1</PrintNo></Query>', bearer)).status).toBe(400);
    expect(
      (await xml('/sarft/v1/tickets/query', '<QueryTicketInfo><PrintNo>1</PrintNo><Admin>1</Admin></QueryTicketInfo>', bearer)).status,
    ).toBe(400);
    expect((await xml('/sarft/v1/tickets/query', '<QueryTicketInfo><PrintNo>1</PrintNo>', bearer)).status).toBe(400);
    const huge = await xml(
      '/sarft/v1/tickets/query',
      `<QueryTicketInfo><PrintNo>1</PrintNo><Pad>${'x'.repeat(70_000)}</Pad></QueryTicketInfo>`,
      bearer,
    );
    expect(huge.status).toBe(413);
  });

  it('answers refusals in XML too', async () => {
    const bearer = await token();
    const reply = await xml('/sarft/v1/tickets/query', '<QueryTicketInfo><PrintNo>999999999</PrintNo></QueryTicketInfo>', bearer);
    expect(reply.doc.QueryTicketInfoReply).toMatchObject({ ResultCode: String(SarftCode.PrintNoNotFound) });
    const noToken = await xml('/sarft/v1/tickets/query', '<QueryTicketInfo><PrintNo>1</PrintNo></QueryTicketInfo>');
    expect(noToken.status).toBe(401);
    expect(noToken.doc.QueryTicketInfoReply).toMatchObject({ ResultCode: String(SarftCode.TokenInvalid) });
  });
});
