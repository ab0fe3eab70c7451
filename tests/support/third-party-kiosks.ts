import { request } from 'undici';
import { XMLParser } from 'fast-xml-parser';

/**
 * Two kiosks of other vendors, as their authors would write them without knowing our contract:
 * - SeedKiosk from seed 003 §3.14 alone: JSON with the seed's parameter names (`username`, `password`;
 *   `print_no` zero-padded to 16, `ticket_count`; `verify_code_md5` = MD5 of the booking id), and the
 *   token from auth sent back in the body (the seed names no header).
 * - VendorXmlKiosk in the vendors' XML style: roots `QueryTicketInfo`, `ApplyFetchTicket`, `FetchTicket`,
 *   fields `PrintNo`, `VerifyCodeMD5`, `TicketCount`, `Token`; replies read as `...Reply` with nested
 *   `Tickets/Ticket`.
 * Neither sends a terminal id, a print token or ticket lists: the print service's paths are all they know.
 */
const PATHS = {
  auth: '/sarft/v1/auth',
  query: '/sarft/v1/tickets/query',
  print: '/sarft/v1/tickets/apply-print',
  printResult: '/sarft/v1/tickets/print-result',
};

export interface KioskReply<T> {
  status: number;
  body: T;
  contentType: string;
}

export type SeedTicket = Record<string, unknown> & { ticket_code: string; return_value?: number; ticket_info_code?: string };
export type SeedReply = Record<string, unknown> & { result_code: number; tickets?: SeedTicket[] };

export class SeedKiosk {
  token = '';
  constructor(
    private readonly baseUrl: string,
    private readonly username: string,
    private readonly password: string,
  ) {}

  async send(path: string, body: unknown, headers: Record<string, string> = {}): Promise<KioskReply<SeedReply>> {
    const response = await request(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return {
      status: response.statusCode,
      contentType: String(response.headers['content-type']),
      body: (await response.body.json()) as SeedReply,
    };
  }

  async auth(): Promise<KioskReply<SeedReply>> {
    const reply = await this.send(PATHS.auth, { username: this.username, password: this.password });
    if (reply.body.result_code === 0) this.token = String(reply.body.token);
    return reply;
  }

  query(printNo: string, ticketCount?: number) {
    return this.send(PATHS.query, { print_no: printNo.padStart(16, '0'), ticket_count: ticketCount, token: this.token });
  }

  print(printNo: string, verifyCodeMd5: string) {
    return this.send(PATHS.print, { print_no: printNo.padStart(16, '0'), verify_code_md5: verifyCodeMd5, token: this.token });
  }

  printResult(printNo: string, ticketCount: number) {
    return this.send(PATHS.printResult, { print_no: printNo.padStart(16, '0'), ticket_count: ticketCount, token: this.token });
  }
}

export type XmlTicket = Record<string, string> & { TicketCode: string; ReturnValue?: string; TicketInfoCode?: string };
export type XmlReply = Record<string, unknown> & { ResultCode: string; Tickets?: { Ticket: XmlTicket[] } };

const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'Ticket' || name === 'Field' });
const escapeXml = (text: string) => text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
const elements = (fields: Record<string, string | number>) =>
  Object.entries(fields)
    .map(([tag, value]) => `<${tag}>${escapeXml(String(value))}</${tag}>`)
    .join('');

export class VendorXmlKiosk {
  token = '';
  constructor(
    private readonly baseUrl: string,
    private readonly username: string,
    private readonly password: string,
  ) {}

  /** Posts a document; the reply's root is `<root>Reply`. */
  async send(path: string, root: string, document: string): Promise<KioskReply<XmlReply>> {
    const response = await request(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body: document,
    });
    const text = await response.body.text();
    const parsed = parser.parse(text) as Record<string, XmlReply>;
    return { status: response.statusCode, contentType: String(response.headers['content-type']), body: parsed[`${root}Reply`]! };
  }

  call(path: string, root: string, fields: Record<string, string | number>) {
    return this.send(path, root, `<?xml version="1.0" encoding="UTF-8"?><${root}>${elements(fields)}</${root}>`);
  }

  async auth(): Promise<KioskReply<XmlReply>> {
    const reply = await this.call(PATHS.auth, 'Auth', { Username: this.username, Password: this.password });
    if (reply.body.ResultCode === '0') this.token = String(reply.body.Token);
    return reply;
  }

  query(printNo: string, ticketCount?: number) {
    const count: Record<string, number> = ticketCount === undefined ? {} : { TicketCount: ticketCount };
    return this.call(PATHS.query, 'QueryTicketInfo', { PrintNo: printNo, ...count, Token: this.token });
  }

  print(printNo: string, verifyCodeMd5: string) {
    return this.call(PATHS.print, 'ApplyFetchTicket', { PrintNo: printNo, VerifyCodeMD5: verifyCodeMd5, Token: this.token });
  }

  printResult(printNo: string, ticketCount: number) {
    return this.call(PATHS.printResult, 'FetchTicket', { PrintNo: printNo, TicketCount: ticketCount, Token: this.token });
  }
}
