import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { RunningHost } from '../../electron/host/host';
import type { PrintServiceClient } from '../../electron/core/print-service/print-service.client';
import { startKioskCore } from '../../electron/core/app/kiosk-core';
import { parseConfig } from '../../electron/core/config/config';
import { silentLogger } from '../../electron/core/observability/logger';
import { startVirtualPrinter } from '../../electron/simulator/virtual-printer';
import { SarftCode } from '../../shared/contract/sarft-codes';
import { tempDir } from '../support/host-process';
import { bookingPicker, md5, startDemoHost, terminalClient } from '../support/in-process-host';

let host: RunningHost;
let kioskA: PrintServiceClient;
let kioskB: PrintServiceClient;
let pick: ReturnType<typeof bookingPicker>;

beforeAll(async () => {
  host = await startDemoHost({ printService: { claimTtlSeconds: 1 } });
  kioskA = terminalClient(host, 0);
  kioskB = terminalClient(host, 1);
  pick = bookingPicker(host);
});
afterAll(async () => {
  await Promise.all([kioskA?.close(), kioskB?.close()]);
  await host?.stop();
});

async function post(path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await request(`${host.printServiceUrl}${path}`, { method: 'POST', headers, body });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

describe('every refusal code of the print-service contract, each from a real case', () => {
  it('0 and the two-phase print: apply-print claims, print-result confirms, a repeat is idempotent', async () => {
    const b = pick('unprinted', 2);
    const query = await kioskA.call('query', { printNo: b.printNo, ticketCount: 2 });
    expect(query).toMatchObject({ resultCode: 0, body: { ticketCount: 2 } });
    expect(JSON.stringify(query)).not.toContain('ticketInfoCode');
    const claim = await kioskA.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: md5(b.verifyCode).toUpperCase() });
    expect(claim).toMatchObject({ resultCode: 0 });
    const tickets = (claim.kind === 'reply' && claim.body.tickets) || [];
    expect(tickets.every((t) => t.returnValue === 0 && t.ticketInfoCode.length === 180)).toBe(true);
    const token = claim.kind === 'reply' ? String(claim.body.printToken) : '';
    const codes = tickets.map((t) => t.ticketCode);
    const first = await kioskA.call('printResult', { printNo: b.printNo, printToken: token, printed: codes, failed: [] });
    expect(first).toMatchObject({ resultCode: 0, body: { printedCount: 2 } });
    expect(await kioskA.call('printResult', { printNo: b.printNo, printToken: token, printed: codes, failed: [] })).toMatchObject({
      resultCode: 0,
      body: { printedCount: 2 },
    });
  });

  it('1: already printed, with returnValue 1 and no credential released', async () => {
    const b = pick('printed');
    const reply = await kioskB.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: md5(b.verifyCode) });
    expect(reply).toMatchObject({ resultCode: SarftCode.AlreadyPrinted });
    const tickets = (reply.kind === 'reply' && reply.body.tickets) || [];
    expect(tickets.every((t) => t.returnValue === 1 && t.ticketInfoCode === '')).toBe(true);
  });

  it('1001: the same answer for an unknown user and a wrong password', async () => {
    const t = host.demo!.terminals[1]!;
    const wrongPassword = await post(
      '/sarft/v1/auth',
      JSON.stringify({ username: t.username, password: 'nope', terminalId: t.terminalId }),
    );
    const unknownUser = await post('/sarft/v1/auth', JSON.stringify({ username: 'ghost', password: 'nope', terminalId: t.terminalId }));
    expect(wrongPassword.body.resultCode).toBe(SarftCode.BadCredentials);
    expect(unknownUser.body.resultCode).toBe(SarftCode.BadCredentials);
    expect(wrongPassword.body.message).toBe(unknownUser.body.message);
  });

  it('1002: a missing or made-up token is refused with 401', async () => {
    const missing = await post('/sarft/v1/tickets/query', JSON.stringify({ printNo: '1' }));
    const madeUp = await post('/sarft/v1/tickets/query', JSON.stringify({ printNo: '1' }), {
      'content-type': 'application/json',
      authorization: 'Bearer made-up',
    });
    for (const reply of [missing, madeUp]) expect(reply).toMatchObject({ status: 401, body: { resultCode: SarftCode.TokenInvalid } });
  });

  it('1003: a disabled terminal cannot log in and its live token stops working at once', async () => {
    const t = host.demo!.terminals[1]!;
    const login = await post('/sarft/v1/auth', JSON.stringify({ username: t.username, password: t.password, terminalId: t.terminalId }));
    const token = String(login.body.token);
    host.core.printService!.auth.setDisabled(t.terminalId, true);
    try {
      expect(
        (await post('/sarft/v1/auth', JSON.stringify({ username: t.username, password: t.password, terminalId: t.terminalId }))).body
          .resultCode,
      ).toBe(SarftCode.TerminalDisabled);
      expect(
        (
          await post('/sarft/v1/tickets/query', JSON.stringify({ printNo: '1' }), {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
          })
        ).status,
      ).toBe(401);
    } finally {
      host.core.printService!.auth.setDisabled(t.terminalId, false);
    }
  });

  it('2001 at query; 2002 at apply-print for both an unknown printNo and a wrong verify code', async () => {
    const b = pick('unprinted', 1);
    expect(await kioskA.call('query', { printNo: '999999999' })).toMatchObject({ resultCode: SarftCode.PrintNoNotFound });
    expect(await kioskA.call('applyPrint', { printNo: '999999999', verifyCodeMd5: md5(b.verifyCode) })).toMatchObject({
      resultCode: SarftCode.PrintNoOrVerifyWrong,
    });
    expect(await kioskA.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: md5('WRONG') })).toMatchObject({
      resultCode: SarftCode.PrintNoOrVerifyWrong,
    });
  });

  it('2003: refunded, 2004: session over, 2005: ticket count mismatch, 2006: ticket QR not yet issued', async () => {
    const refunded = pick('refunded');
    expect(await kioskA.call('query', { printNo: refunded.printNo })).toMatchObject({ resultCode: SarftCode.Refunded });
    expect(await kioskA.call('applyPrint', { printNo: refunded.printNo, verifyCodeMd5: md5(refunded.verifyCode) })).toMatchObject({
      resultCode: SarftCode.Refunded,
    });
    const over = pick('session-over');
    expect(await kioskA.call('applyPrint', { printNo: over.printNo, verifyCodeMd5: md5(over.verifyCode) })).toMatchObject({
      resultCode: SarftCode.SessionOver,
    });
    const b = pick('unprinted', 1);
    expect(await kioskA.call('query', { printNo: b.printNo, ticketCount: 3 })).toMatchObject({ resultCode: SarftCode.TicketCountMismatch });
    const pending = pick('qr-pending');
    expect(await kioskA.call('applyPrint', { printNo: pending.printNo, verifyCodeMd5: md5(pending.verifyCode) })).toMatchObject({
      resultCode: SarftCode.NotYetAvailable,
    });
  });

  it('2003 also when central refunded the booking after the kiosk looked it up', async () => {
    const b = pick('unprinted', 1);
    expect(await kioskA.call('query', { printNo: b.printNo })).toMatchObject({ resultCode: 0 });
    const sim = host.demo!.sim!.state;
    const booking = sim.findBooking(b.bookingNumber, undefined)!;
    expect(sim.refund(booking, { sequences: undefined, markAsRefundedOnly: false, amountCents: 4800, refundBookingFee: true })).toEqual({
      result: 0,
      error: null,
    });
    expect(await kioskA.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: md5(b.verifyCode) })).toMatchObject({
      resultCode: SarftCode.Refunded,
    });
  });

  it('2010 for another terminal while a claim lives; the owner repeating gets the same token; 2007 for a foreign token', async () => {
    const b = pick('unprinted', 2);
    const first = await kioskA.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: md5(b.verifyCode) });
    const again = await kioskA.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: md5(b.verifyCode) });
    expect(first.kind === 'reply' && first.body.printToken).toBeTruthy();
    expect(again.kind === 'reply' && again.body.printToken).toBe(first.kind === 'reply' && first.body.printToken);
    expect(await kioskB.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: md5(b.verifyCode) })).toMatchObject({
      resultCode: SarftCode.ClaimedElsewhere,
    });
    const token = first.kind === 'reply' ? String(first.body.printToken) : '';
    expect(await kioskB.call('printResult', { printNo: b.printNo, printToken: token, printed: [], failed: [] })).toMatchObject({
      resultCode: SarftCode.PrintTokenInvalid,
    });
    expect(
      await kioskA.call('printResult', { printNo: b.printNo, printToken: `${token.split('.')[0]}.forged`, printed: [], failed: [] }),
    ).toMatchObject({ resultCode: SarftCode.PrintTokenInvalid });
  });

  it('2008: a claim that expires with no print-result turns its tickets unknown, never printable again by itself', async () => {
    const b = pick('unprinted', 1);
    const claim = await kioskA.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: md5(b.verifyCode) });
    expect(claim).toMatchObject({ resultCode: 0 });
    await new Promise((r) => setTimeout(r, 1_200));
    expect(await kioskB.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: md5(b.verifyCode) })).toMatchObject({
      resultCode: SarftCode.TicketUnknown,
    });
    expect(await kioskA.call('query', { printNo: b.printNo })).toMatchObject({ resultCode: 0, body: { tickets: [{ state: 'unknown' }] } });
    const token = claim.kind === 'reply' ? String(claim.body.printToken) : '';
    expect(await kioskA.call('printResult', { printNo: b.printNo, printToken: token, printed: [], failed: [] })).toMatchObject({
      resultCode: SarftCode.PrintTokenInvalid,
    });
  });

  it('3002: central fails or times out during apply-print, and nothing is claimed', async () => {
    const b = pick('unprinted', 1);
    host.demo!.sim!.faults.add({ path: '/RESTBooking.svc/booking', status: 500, times: 1 });
    expect(await kioskA.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: md5(b.verifyCode) })).toMatchObject({
      resultCode: SarftCode.CentralTimeout,
    });
    expect(await kioskA.call('query', { printNo: b.printNo })).toMatchObject({
      resultCode: 0,
      body: { tickets: [{ state: 'unprinted' }] },
    });
  });

  it('9000: malformed bodies get 400 with the field named; 413 over 64 KiB; nothing changes', async () => {
    const login = await post(
      '/sarft/v1/auth',
      JSON.stringify({
        username: host.demo!.terminals[0]!.username,
        password: host.demo!.terminals[0]!.password,
        terminalId: host.demo!.terminals[0]!.terminalId,
      }),
    );
    const auth = { 'content-type': 'application/json', authorization: `Bearer ${String(login.body.token)}` };
    const notJson = await post('/sarft/v1/tickets/query', '{"printNo": ', auth);
    expect(notJson).toMatchObject({ status: 400, body: { resultCode: SarftCode.Malformed } });
    const badField = await post('/sarft/v1/tickets/apply-print', JSON.stringify({ printNo: '12a', verifyCodeMd5: 'x' }), auth);
    expect(badField).toMatchObject({ status: 400, body: { resultCode: SarftCode.Malformed } });
    expect(JSON.stringify(badField.body.details)).toContain('printNo');
    const extra = await post('/sarft/v1/tickets/query', JSON.stringify({ printNo: '1', admin: true }), auth);
    expect(extra.status).toBe(400);
    const huge = await post('/sarft/v1/tickets/query', JSON.stringify({ printNo: '1', pad: 'x'.repeat(70_000) }), auth);
    expect(huge.status).toBe(413);
    expect(JSON.stringify([notJson, badField, extra])).not.toMatch(/\bat [\w.]+ \(/u);
  });
});

describe('3001: central unreachable', () => {
  it('refuses apply-print with 3001 under the default offline policy', async () => {
    const printer = await startVirtualPrinter({ dir: tempDir('kiosk-offline-printer') });
    const parsed = parseConfig({
      dataDir: tempDir('kiosk-offline'),
      central: {
        url: 'http://127.0.0.1:9/WSVistaWebClient',
        connectApiToken: 't',
        cinemaId: '0200',
        optionalClientClass: 'RSP',
        optionalClientId: '10.0.0.9',
        optionalClientName: 'CinemaKiosk',
      },
      printService: {},
      terminal: { id: 'K9', username: 'k9', password: 'secret-k9' },
      printer: { url: printer.url },
      ui: {},
      sync: {},
    });
    if (!parsed.ok) throw new Error(parsed.problems.join());
    const core = await startKioskCore(parsed.config, silentLogger());
    try {
      await core.printService!.auth.register('K9', 'k9', 'secret-k9');
      const reply = await core.handlers['kiosk.collect']({ printNo: '111972', verifyCode: 'WQNX8JL' });
      expect(reply).toMatchObject({ ok: false, error: { code: 'CENTRAL_UNREACHABLE' } });
    } finally {
      await core.stop();
      await printer.close();
    }
  });
});
