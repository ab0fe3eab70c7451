import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../../electron/core/config/config';
import { ConfigStore } from '../../electron/core/config/config-store';
import { openCentralToken } from '../../electron/core/config/central-token';
import { readConfigFile } from '../../electron/core/config/config-file';
import { DomainEvents } from '../../electron/core/observability/domain-events';
import { PrinterRegistry, printerAddressProblem } from '../../electron/core/printing/printer-registry';
import { CONFIG_CENTRAL_URL, configOnDisk } from '../support/config-on-disk';

const CENTRAL = CONFIG_CENTRAL_URL;

/** A store on a real data folder: config.json and an SQLite audit log on disk. */
function storeOnDisk(withCentral = true) {
  const { dataDir, config, auditRows, audit, close } = configOnDisk('config-store');
  const events = new DomainEvents();
  const announced: string[] = [];
  events.on('config.changed', ({ section }) => announced.push(`config:${section}`));
  events.on('printer.changed', ({ role }) => announced.push(`printer:${role}`));
  const registry = new PrinterRegistry(config.printer, undefined, events);
  const reconfigured: string[] = [];
  const store = new ConfigStore({
    config,
    audit,
    events,
    checks: { printer: (p) => printerAddressProblem(p.url) },
    apply: {
      printer: (p) => registry.replace('ticket', p),
      ...(withCentral ? { central: (c: AppConfig['central']) => void reconfigured.push(c!.url) } : {}),
    },
  });
  const audits = (action: string) =>
    [...auditRows.iterate()].filter((r) => r.action === action).map((r) => JSON.parse(r.details ?? '{}') as Record<string, unknown>);
  return { dataDir, config, store, registry, announced, reconfigured, audits, close };
}

describe('the configuration store', () => {
  it('applies, persists, audits and announces a printer change, without touching the config it started with', async () => {
    const s = storeOnDisk();
    try {
      const next = { ...s.config.printer, url: 'tcp://127.0.0.1:9101', paperWidthMm: 58 as const };
      expect(
        await s.store.update('printer', next, { actor: 'staff:tech1', action: 'config.printer-updated', details: { url: next.url } }),
      ).toEqual({ ok: true, value: next });
      expect(s.store.current().printer).toEqual(next);
      expect(s.config.printer.url).toBe('tcp://127.0.0.1:9100');
      expect(s.registry.current('ticket').profile).toEqual(next);
      expect(readConfigFile(s.dataDir).printer).toEqual(next);
      expect(s.audits('config.printer-updated')).toEqual([{ url: next.url }]);
      expect(s.announced).toEqual(['printer:ticket', 'config:printer']);
    } finally {
      s.close();
    }
  });

  it('refuses a printer address no transport takes: nothing applied, saved, audited or announced', async () => {
    const s = storeOnDisk();
    try {
      const bad = { ...s.config.printer, url: 'file:/etc/passwd' };
      expect(await s.store.update('printer', bad, { actor: 'staff:tech1', action: 'config.printer-updated' }, 'profile.url')).toMatchObject(
        { ok: false, error: { code: 'VALIDATION', details: { field: 'profile.url' } } },
      );
      expect(s.store.current().printer.url).toBe('tcp://127.0.0.1:9100');
      expect(s.registry.current('ticket').profile.url).toBe('tcp://127.0.0.1:9100');
      expect(readConfigFile(s.dataDir).printer).toBeUndefined();
      expect(s.audits('config.printer-updated')).toEqual([]);
      expect(s.announced).toEqual([]);
    } finally {
      s.close();
    }
  });

  it('seals the central token to its origin in config.json, and asks for it again on a new origin', async () => {
    const s = storeOnDisk();
    try {
      const fields = {
        url: `${CENTRAL}/v2`,
        cinemaId: '2',
        optionalClientClass: 'RSP',
        optionalClientId: '1.1.1.1',
        optionalClientName: 'Kiosk',
      };
      expect(await s.store.updateCentral(fields, undefined, 'staff:tech1')).toMatchObject({
        ok: true,
        value: { url: fields.url, connectApiToken: 'central-token' },
      });
      const saved = readConfigFile(s.dataDir).central as { url: string; connectApiToken: string };
      expect(saved.connectApiToken).toMatch(/^sealed:v2:/u);
      expect(readFileSync(join(s.dataDir, 'config.json'), 'utf8')).not.toContain('central-token');
      expect(openCentralToken(s.dataDir, saved.connectApiToken, saved.url)).toBe('central-token');
      expect(() => openCentralToken(s.dataDir, saved.connectApiToken, 'https://elsewhere.example/')).toThrow();
      expect(s.reconfigured).toEqual([fields.url]);
      expect(s.audits('config.central-updated')).toEqual([
        { url: fields.url, previousUrl: CENTRAL, originChanged: false, cinemaId: '2', tokenChanged: false },
      ]);

      const moved = await s.store.updateCentral({ ...fields, url: 'https://elsewhere.example/' }, undefined, 'staff:tech1');
      expect(moved).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', details: { field: 'connectApiToken', reason: 'central-origin-changed' } },
      });
      expect(await s.store.updateCentral({ ...fields, url: 'http://192.0.2.7/' }, 'typed', 'staff:tech1')).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', details: { field: 'url' } },
      });
      expect(s.reconfigured).toHaveLength(1);
      expect(s.announced).toEqual(['config:central']);
    } finally {
      s.close();
    }
  });

  it("refuses saving seed 003's placeholder client identity or an empty one, by the console and by an import: nothing saved", async () => {
    const s = storeOnDisk();
    try {
      const fields = { url: CENTRAL, cinemaId: '1', optionalClientClass: 'RSP', optionalClientId: '10.0.0.9', optionalClientName: 'Kiosk' };
      expect(await s.store.updateCentral({ ...fields, optionalClientId: '111.111.111.111' }, undefined, 'staff:tech1')).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', details: { field: 'optionalClientId', reason: 'placeholder-identity' } },
      });
      expect(await s.store.updateCentral({ ...fields, optionalClientName: '3rdParty' }, undefined, 'staff:tech1')).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', details: { field: 'optionalClientName', reason: 'placeholder-identity' } },
      });
      expect(await s.store.updateCentral({ ...fields, optionalClientClass: ' ' }, undefined, 'staff:tech1')).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', details: { field: 'optionalClientClass', reason: 'missing-identity' } },
      });
      expect(await s.store.import({ central: { url: CENTRAL, optionalClientId: '111.111.111.111' } }, 'staff:tech1')).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', details: { field: 'central.optionalClientId', reason: 'placeholder-identity' } },
      });
      expect(s.reconfigured).toEqual([]);
      expect(readConfigFile(s.dataDir)).toEqual({});
      expect(await s.store.updateCentral(fields, undefined, 'staff:tech1')).toMatchObject({ ok: true });
    } finally {
      s.close();
    }
  });

  it('has no central to change on a kiosk that uses a remote print service', async () => {
    const s = storeOnDisk(false);
    try {
      const reply = await s.store.updateCentral(
        { url: CENTRAL, cinemaId: '1', optionalClientClass: 'RSP', optionalClientId: '1.1.1.1', optionalClientName: 'Kiosk' },
        'x',
        'staff:tech1',
      );
      expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    } finally {
      s.close();
    }
  });

  it('imports: the printer applies live, other sections at the next start, the token kept and sealed', async () => {
    const s = storeOnDisk();
    try {
      const printer = { ...s.config.printer, cutMode: 'full' as const };
      const reply = await s.store.import({ printer, central: { url: CENTRAL, cinemaId: '9' }, ui: s.config.ui }, 'staff:tech1');
      expect(reply).toEqual({ ok: true, value: { applied: ['printer'], atNextStart: ['central', 'ui'] } });
      expect(s.registry.current('ticket').profile.cutMode).toBe('full');
      const saved = readConfigFile(s.dataDir).central as { url: string; cinemaId: string; connectApiToken: string };
      expect(saved.cinemaId).toBe('9');
      expect(openCentralToken(s.dataDir, saved.connectApiToken, saved.url)).toBe('central-token');
      expect(s.audits('config.imported')).toEqual([{ sections: ['printer', 'central', 'ui'] }]);
      expect(s.announced).toEqual(['printer:ticket', 'config:printer']);
    } finally {
      s.close();
    }
  });

  it('refuses an import that would move the central token to another address (NOT_IMPORTABLE) or carries identity (VALIDATION)', async () => {
    const s = storeOnDisk();
    try {
      expect(await s.store.import({ central: { url: 'https://elsewhere.example/' } }, 'staff:tech1')).toMatchObject({
        ok: false,
        error: { code: 'NOT_IMPORTABLE', details: { field: 'central.url' } },
      });
      expect(await s.store.import({ terminal: { id: 'X' } }, 'staff:tech1')).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', details: { fields: ['terminal'] } },
      });
      expect(await s.store.import({ printer: { ...s.config.printer, url: 'nowhere' } }, 'staff:tech1')).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
      expect(readConfigFile(s.dataDir)).toEqual({});
      expect(s.audits('config.imported')).toEqual([]);
    } finally {
      s.close();
    }
  });

  it('exports without the central token and the terminal password, audited', async () => {
    const s = storeOnDisk();
    try {
      const exported = s.store.export('staff:tech1') as {
        central: { connectApiToken?: string; url: string };
        terminal: { password?: string; id: string };
      };
      expect(exported.central.url).toBe(CENTRAL);
      expect(exported.central.connectApiToken).toBeUndefined();
      expect(exported.terminal).toMatchObject({ id: 'KIOSK-01' });
      expect(exported.terminal.password).toBeUndefined();
      expect(JSON.stringify(exported)).not.toContain('central-token');
      expect(s.audits('config.exported')).toHaveLength(1);
    } finally {
      s.close();
    }
  });
});
