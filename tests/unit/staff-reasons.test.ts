import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../electron/core/config/config';
import { migrateReason, reasonLabel, reasonRecord } from '../../shared/domain/staff-reasons';

/** Refund and reprint reasons: a code with a label per staff language; a technician's own text as typed; old bilingual texts read as codes. */
describe('staff reasons', () => {
  it('a standard reason reads in the page language and records both labels', () => {
    expect(reasonLabel('change-of-plans', 'en')).toBe('Change of plans');
    expect(reasonLabel('change-of-plans', 'zh-CN')).toBe('顾客行程变更');
    expect(reasonRecord('change-of-plans')).toBe('顾客行程变更 Change of plans');
  });

  it("a technician's own reason shows and records as typed, in both languages", () => {
    expect(reasonLabel('影厅空调故障', 'en')).toBe('影厅空调故障');
    expect(reasonRecord('影厅空调故障')).toBe('影厅空调故障');
  });

  it('an older configuration: its bilingual defaults become codes, its own texts stay', () => {
    expect(migrateReason('顾客行程变更 Change of plans')).toBe('change-of-plans');
    expect(migrateReason('卡纸 Paper jam')).toBe('paper-jam');
    expect(migrateReason('Projector broke')).toBe('Projector broke');
  });

  it('the configuration: defaults are codes; an old file is read as codes; a bad text is still refused', () => {
    const base = {
      dataDir: '/tmp/x',
      central: {
        url: 'http://127.0.0.1:1/WSVistaWebClient',
        connectApiToken: 't',
        cinemaId: '1',
        optionalClientClass: 'RSP',
        optionalClientId: '10.0.0.9',
        optionalClientName: 'CinemaKiosk',
      },
      terminal: { id: 'KIOSK-01', username: 'kiosk01', password: 'p' },
      printService: {},
      printer: { url: 'file:/dev/null' },
      ui: {},
      sync: {},
    };
    const fresh = parseConfig(base);
    expect(fresh).toMatchObject({ ok: true });
    if (fresh.ok) expect(fresh.config.office.refundReasons).toContain('change-of-plans');
    const old = parseConfig({
      ...base,
      office: { refundReasons: ['重复购买 Bought twice', 'Projector broke'], reprintReasons: ['其他 Other'] },
    });
    expect(old).toMatchObject({
      ok: true,
      config: { office: { refundReasons: ['bought-twice', 'Projector broke'], reprintReasons: ['other'] } },
    });
    expect(parseConfig({ ...base, office: { refundReasons: ['Other\x07'] } })).toMatchObject({ ok: false });
  });
});
