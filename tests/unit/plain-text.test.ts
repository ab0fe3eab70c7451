import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../electron/core/config/config';
import { uiContract } from '../../shared/contract/ui';
import { CLIENT_IDENTITY } from '../support/host-process';

const DRAWER_PULSE = '\x10\x14\x01\x00\x05';
const baseConfig = {
  dataDir: '/tmp/x',
  central: {
    url: 'http://127.0.0.1:1/WSVistaWebClient',
    connectApiToken: 't',
    cinemaId: '1',
    ...CLIENT_IDENTITY,
  },
  terminal: { id: 'KIOSK-01', username: 'kiosk01', password: 'p' },
  printService: {},
  printer: { url: 'file:/dev/null' },
  ui: {},
  sync: {},
};

describe('text staff and technicians type refuses control characters, naming the field', () => {
  it('refund and reprint reasons in the contract', () => {
    const refund = uiContract['office.refund'].input.safeParse({
      session: 's'.repeat(20),
      bookingNumber: 1,
      ticketCodes: ['1'.repeat(16)],
      reason: `Change of plans${DRAWER_PULSE}`,
    });
    expect(refund.success).toBe(false);
    expect(refund.error!.issues).toMatchObject([{ path: ['reason'], message: 'reason: control characters are not allowed' }]);
    const reprint = uiContract['office.reprint'].input.safeParse({
      session: 's'.repeat(20),
      ticketCode: '1'.repeat(16),
      reason: 'Paper jam\u202e',
    });
    expect(reprint.error!.issues).toMatchObject([{ path: ['reason'] }]);
    expect(
      uiContract['office.refund'].input.safeParse({
        session: 's'.repeat(20),
        bookingNumber: 1,
        ticketCodes: ['1'.repeat(16)],
        reason: ' 顾客行程变更 Change of plans ',
      }),
    ).toMatchObject({ success: true, data: { reason: '顾客行程变更 Change of plans' } });
  });

  it('the central connection a technician saves', () => {
    const saved = uiContract['tech.central.update'].input.safeParse({
      session: 's'.repeat(20),
      url: 'http://x.example/',
      cinemaId: '1',
      optionalClientClass: 'RSP',
      optionalClientId: '1',
      optionalClientName: `Kiosk\x1b`,
    });
    expect(saved.error!.issues).toMatchObject([{ path: ['optionalClientName'] }]);
  });

  it('the config file: reason lists, the terminal id printed on every ticket', () => {
    expect(parseConfig(baseConfig)).toMatchObject({ ok: true });
    expect(parseConfig({ ...baseConfig, office: { refundReasons: [`Other${DRAWER_PULSE}`] } })).toEqual({
      ok: false,
      problems: ['office.refundReasons.0: office.refundReasons: control characters are not allowed'],
    });
    expect(parseConfig({ ...baseConfig, office: { reprintReasons: ['Paper\njam'] } })).toMatchObject({ ok: false });
    expect(parseConfig({ ...baseConfig, terminal: { ...baseConfig.terminal, id: 'KIOSK\x1dV\x00' } })).toMatchObject({
      ok: false,
      problems: ['terminal.id: terminal.id: control characters are not allowed'],
    });
  });
});
