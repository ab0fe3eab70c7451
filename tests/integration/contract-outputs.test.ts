import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/host';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import { uiContract, type UiCallName } from '../../shared/contract/ui';
import type { Result } from '../../shared/errors';
import { bookingPicker, md5, startDemoHost, terminalClient } from '../support/in-process-host';
import { firstRunCode } from '../support/first-run';

/**
 * Every UI call's reply, driven through a real demo host, parsed with the contract's output schema: a
 * handler that returns a shape the contract does not promise (a field missing, renamed, of another type,
 * or one the contract does not name) fails here, not in the renderer. Every call of the contract has a
 * case or a stated reason to skip it, so a new call must add one.
 */

let host: RunningHost;
let pick: ReturnType<typeof bookingPicker>;
const sessions = { tech: '', sup: '', clerk: '' };
const supervisor = { username: 'sup1', password: 'supervisor-pass-1' };
/** What earlier cases leave for later ones (calls run in the table's order). */
const found = {
  bookingNumber: 0,
  ticketCode: '',
  refundCode: '',
  attentionId: '',
  lockedPrintNo: '',
  orderId: '',
  paidOrderId: '',
  kioskPaidOrderId: '',
  qrOrderId: '',
  printer: {} as Record<string, unknown>,
  config: {} as Record<string, unknown>,
};
const hour = 3_600_000;
const report = () => ({ from: new Date(Date.now() - hour).toISOString(), to: new Date(Date.now() + hour).toISOString() });

const call = (name: UiCallName, input: Record<string, unknown>): Promise<Result<unknown>> =>
  dispatchUiCall(host.core.handlers, name, input);
const asTech = (input: Record<string, unknown> = {}) => ({ session: sessions.tech, ...input });
const asClerk = (input: Record<string, unknown> = {}) => ({ session: sessions.clerk, ...input });
const asSup = (input: Record<string, unknown> = {}) => ({ session: sessions.sup, ...input });
const value = <T>(reply: Result<unknown>): T => {
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value as T;
};

/** One seat of the seed's hall (1号厅, front row), for a ticket of its area. */
const saleHold = (columnIndex: number) => ({
  sessionId: '29617',
  tickets: [{ ticketTypeCode: '0010', qty: 1 }],
  seats: [{ areaNumber: 1, rowIndex: 6, columnIndex }],
});

/** The input of each call (a function: it may use what earlier cases found), or why the call is not driven. */
type Case = { input: () => Record<string, unknown> | Promise<Record<string, unknown>> } | { skip: string };

const cases: Partial<Record<UiCallName, Case>> = {
  'kiosk.info': { input: () => ({}) },
  'kiosk.lookup': {
    input: () => {
      const b = pick('unprinted', 2);
      return { printNo: b.printNo, verifyCode: b.verifyCode };
    },
  },
  'kiosk.collect': {
    input: () => {
      const b = pick('unprinted', 2);
      found.bookingNumber = b.bookingNumber;
      return { printNo: b.printNo, verifyCode: b.verifyCode };
    },
  },
  'printer.status': { input: () => ({}) },

  'staff.status': { input: () => ({}) },
  'staff.setup': { input: () => ({ username: 'tech1', password: 'a-long-password-1', code: firstRunCode(host.config.dataDir) }) },
  'staff.login': { input: () => ({ username: 'tech1', password: 'a-long-password-1' }) },
  'staff.add': { input: () => asTech({ username: 'sup1', role: 'supervisor', password: supervisor.password }) },
  'staff.list': { input: () => asTech() },
  'staff.setDisabled': {
    input: async () => {
      value(await call('staff.add', asTech({ username: 'clerk9', role: 'clerk', password: '998877' })));
      return asTech({ username: 'clerk9', disabled: true });
    },
  },
  'staff.resetPassword': { input: () => asTech({ username: 'clerk9', password: '112233' }) },

  'office.settings': { input: () => asClerk() },
  'office.find': { input: () => asClerk({ query: String(found.bookingNumber) }) },
  'office.booking': {
    input: async () => {
      const detail = value<{ tickets: { ticketCode: string; state: string }[] }>(
        await call('office.booking', asClerk({ bookingNumber: found.bookingNumber })),
      );
      found.ticketCode = detail.tickets.find((t) => t.state === 'printed')!.ticketCode;
      return asClerk({ bookingNumber: found.bookingNumber });
    },
  },
  'office.reprint': { input: () => asClerk({ ticketCode: found.ticketCode, reason: '卡纸 Paper jam', approval: supervisor }) },
  'office.refund': {
    input: async () => {
      const detail = value<{ tickets: { ticketCode: string; state: string }[] }>(
        await call('office.booking', asClerk({ bookingNumber: found.bookingNumber })),
      );
      const other = detail.tickets.find((t) => t.ticketCode !== found.ticketCode)!.ticketCode;
      return asClerk({ bookingNumber: found.bookingNumber, ticketCodes: [other], reason: '顾客行程变更 Change of plans' });
    },
  },
  'office.refundSlip.print': {
    input: async () => {
      const refunds = value<{ refunds: { refundCode: string }[] }>(
        await call('office.booking', asClerk({ bookingNumber: found.bookingNumber })),
      ).refunds;
      found.refundCode = refunds[0]!.refundCode;
      return asClerk({ refundCode: found.refundCode });
    },
  },
  'office.attention.list': {
    input: async () => {
      // A kiosk that vanished mid-print leaves an unknown print: an item with actions.
      const b = pick('unprinted', 1);
      const kiosk = terminalClient(host, 1);
      await kiosk.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: md5(b.verifyCode) });
      await kiosk.close();
      host.core.printService!.service.expireClaims(Date.now(), true);
      return asClerk();
    },
  },
  'office.attention.resolve': {
    input: async () => {
      const items = value<{ items: { id: string; kind: string }[] }>(await call('office.attention.list', asClerk())).items;
      found.attentionId = items.find((i) => i.kind === 'unknown-print')!.id;
      return asClerk({ id: found.attentionId, action: 'confirm-printed', approval: supervisor });
    },
  },
  'office.lockouts.list': {
    input: async () => {
      // Wrong verify codes at the kiosk until the pickup number is locked (bounded).
      const b = pick('unprinted', 1);
      found.lockedPrintNo = b.printNo;
      for (let i = 0; i < 12; i += 1) {
        const reply = await call('kiosk.collect', { printNo: b.printNo, verifyCode: `WRONG${i}` });
        if (!reply.ok && reply.error.code === 'TOO_MANY_ATTEMPTS') break;
      }
      return asClerk();
    },
  },
  'office.lockouts.lift': { input: () => asSup({ printNo: found.lockedPrintNo }) },
  'office.report': { input: () => asSup(report()) },
  'office.report.print': { input: () => asSup(report()) },
  'office.counterPrint': {
    input: async () => {
      const b = pick('unprinted', 2);
      value(await call('office.find', asClerk({ query: b.printNo })));
      return asClerk({ bookingNumber: b.bookingNumber, verifyCode: b.verifyCode, requestId: '00000000-0000-4000-8000-000000000012' });
    },
  },

  // Before tech.central.update, which gives central another client id.
  'sale.films': { input: () => ({}) },
  'sale.sessions': { input: () => ({ filmId: 'HO00012501' }) },
  'sale.ticketTypes': { input: () => ({ sessionId: '29617' }) },
  'sale.seatPlan': { input: () => ({ sessionId: '29617' }) },
  'sale.hold': { input: () => saleHold(8) },
  'sale.order': { input: () => ({ orderId: found.orderId }) },
  'sale.cancel': { input: () => ({ orderId: found.orderId, reason: 'customer' }) },
  'sale.pay': {
    input: async () => {
      found.paidOrderId = value<{ orderId: string }>(await call('sale.hold', saleHold(6))).orderId;
      found.kioskPaidOrderId = found.paidOrderId;
      return { orderId: found.paidOrderId, paymentCode: '286543210987654321' };
    },
  },
  'sale.payStatus': { input: () => ({ orderId: found.paidOrderId }) },
  'sale.payQr': {
    input: async () => {
      found.qrOrderId = value<{ orderId: string }>(await call('sale.hold', saleHold(3))).orderId;
      return { orderId: found.qrOrderId };
    },
  },
  'sale.abandonPay': { input: () => ({ orderId: found.qrOrderId }) },
  'office.sale.films': { input: () => asClerk() },
  'office.sale.sessions': { input: () => asClerk() },
  'office.sale.ticketTypes': { input: () => asClerk({ sessionId: '29617' }) },
  'office.sale.seatPlan': { input: () => asClerk({ sessionId: '29617' }) },
  'office.sale.hold': { input: () => asClerk(saleHold(9)) },
  'office.sale.order': { input: () => asClerk({ orderId: found.orderId }) },
  'office.sale.cancel': { input: () => asClerk({ orderId: found.orderId, reason: 'left' }) },
  'office.sale.pay': {
    input: async () => {
      found.paidOrderId = value<{ orderId: string }>(await call('office.sale.hold', asClerk(saleHold(5)))).orderId;
      return asClerk({ orderId: found.paidOrderId, paymentCode: '286543210987654322' });
    },
  },
  'office.sale.payStatus': { input: () => asClerk({ orderId: found.paidOrderId }) },
  'office.sale.payQr': {
    input: async () => {
      found.qrOrderId = value<{ orderId: string }>(await call('office.sale.hold', asClerk(saleHold(2)))).orderId;
      return asClerk({ orderId: found.qrOrderId });
    },
  },
  'office.sale.abandonPay': { input: () => asClerk({ orderId: found.qrOrderId }) },
  'office.sale.payCash': {
    input: async () => {
      const held = value<{ orderId: string; totalCents: number }>(await call('office.sale.hold', asClerk(saleHold(4))));
      return asClerk({ orderId: held.orderId, tenderedCents: held.totalCents + 500 });
    },
  },
  'sale.mailReceipt': {
    input: async () => {
      // The kiosk's paid order once it completed: only a completed sale has a receipt.
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const status = value<{ state: string }>(await call('sale.payStatus', { orderId: found.kioskPaidOrderId }));
        if (status.state === 'completed' || status.state === 'printed') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return { orderId: found.kioskPaidOrderId, address: 'buyer@example.com' };
    },
  },

  'tech.printer.get': { input: () => asTech() },
  'tech.printer.update': {
    input: async () => {
      found.printer = value<{ profile: Record<string, unknown> }>(await call('tech.printer.get', asTech())).profile;
      return asTech({ profile: found.printer });
    },
  },
  'tech.printer.testPage': { input: () => asTech() },
  'tech.scanners.get': { input: () => asTech() },
  'tech.scanners.update': { input: () => asTech({ scanners: [] }) },
  'tech.terminals.add': { input: () => asTech({ terminalId: 'KIOSK-09', password: 'a-long-password-9' }) },
  'tech.terminals.list': { input: () => asTech() },
  'tech.terminals.setDisabled': { input: () => asTech({ terminalId: 'KIOSK-09', disabled: true }) },
  'tech.central.update': {
    input: () => {
      const sim = host.demo!.sim!;
      return asTech({
        url: sim.baseUrl,
        cinemaId: '0200',
        optionalClientClass: 'RSP',
        optionalClientId: '10.0.0.9',
        optionalClientName: 'Kiosk',
        connectApiToken: sim.token,
      });
    },
  },
  'tech.central.test': { input: () => asTech() },
  'tech.central.get': { input: () => asTech() },
  'tech.ticketSource.test': { input: () => asTech() },
  'tech.alipay.get': { input: () => asTech() },
  'tech.alipay.update': {
    input: () => {
      const pay = host.demo!.payment!;
      return asTech({ appId: pay.appId, gatewayUrl: pay.gatewayUrl, alipayPublicKey: pay.alipayPublicKey, timeoutMs: 5_000 });
    },
  },
  'tech.mail.get': { input: () => asTech() },
  'tech.mail.update': {
    input: () => {
      const mail = host.demo!.mail!;
      return asTech({ host: mail.host, port: mail.port, security: 'none', user: mail.user, from: 'receipts@cinema-demo.example' });
    },
  },
  'tech.diagnostics': { input: () => asTech() },
  'tech.sync.reconcile': { input: () => asTech() },
  'tech.config.export': { input: () => asTech() },
  'tech.config.import': {
    input: async () => {
      const config = value<{ config: { printer: Record<string, unknown> } }>(await call('tech.config.export', asTech())).config;
      return asTech({ config: { printer: config.printer } });
    },
  },

  'staff.logout': { input: () => asTech() },
};

/** Sessions the cases above need, taken as soon as the accounts exist. */
async function afterCall(name: UiCallName, reply: unknown): Promise<void> {
  if (name === 'sale.hold' || name === 'office.sale.hold') found.orderId = (reply as { orderId: string }).orderId;
  if (name === 'office.refund') {
    // A booking the demo's central sold (not this store): the money goes back by the refund's kind, all of it.
    const refund = reply as { kind: string; totalCents: number; moneyBack: unknown };
    expect(refund.moneyBack).toEqual({ way: refund.kind === 'local' ? 'counter' : 'original-payment', cents: refund.totalCents });
  }
  if (name === 'staff.login') sessions.tech = (reply as { session: string }).session;
  if (name === 'staff.add') {
    sessions.sup = value<{ session: string }>(await call('staff.login', supervisor)).session;
    value(await call('staff.add', asSup({ username: 'clerk1', role: 'clerk', password: '246810' })));
    sessions.clerk = value<{ session: string }>(await call('staff.login', { username: 'clerk1', password: '246810' })).session;
  }
}

beforeAll(async () => {
  host = await startDemoHost();
  pick = bookingPicker(host);
});
afterAll(() => host?.stop());

describe('every UI call answers in the shape its contract promises', () => {
  it('has a case (or a stated reason to skip) for every call of the contract', () => {
    expect(Object.keys(uiContract).filter((name) => !(name in cases))).toEqual([]);
    expect(Object.keys(cases).filter((name) => !(name in uiContract))).toEqual([]);
  });

  for (const [name, c] of Object.entries(cases) as [UiCallName, Case][]) {
    if ('skip' in c) {
      it.skip(`${name}: ${c.skip}`, () => undefined);
      continue;
    }
    it(name, async () => {
      const reply = await call(name, await c.input());
      expect(reply, `${name} answered an error`).toMatchObject({ ok: true });
      const sent = (reply as { value: unknown }).value;
      const parsed = uiContract[name].output.safeParse(sent);
      expect(parsed.success ? [] : parsed.error.issues, `${name}: reply outside its output schema`).toEqual([]);
      // Parsing drops keys the schema does not name: equal means the reply holds none.
      expect(parsed.data, `${name}: reply carries fields the contract does not name`).toEqual(sent);
      await afterCall(name, sent);
    });
  }
});
