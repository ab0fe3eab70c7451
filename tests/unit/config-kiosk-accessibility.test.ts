import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../electron/core/config/config';
import { CLIENT_IDENTITY } from '../support/host-process';

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

function ui(settings: Record<string, unknown>) {
  const parsed = parseConfig({ ...baseConfig, ui: settings });
  return parsed.ok ? parsed.config.ui : parsed.problems;
}

describe("the kiosk's timeouts, speech and theme in the config", () => {
  it('defaults to a 60 s idle timeout, a 20 s warning, full volume, the standard theme and accessibility mode off', () => {
    expect(ui({})).toEqual({
      port: 0,
      idleTimeoutSeconds: 60,
      idleWarningSeconds: 20,
      outcomeSeconds: 60,
      speechVolume: 1,
      theme: 'standard',
      accessibilityMode: false,
      defaultLocale: 'zh-CN',
    });
  });

  it('raises a warning shorter than 20 s, as an older version may have saved it, instead of refusing to start', () => {
    expect(ui({ idleWarningSeconds: 15 })).toMatchObject({ idleWarningSeconds: 20 });
    expect(ui({ idleWarningSeconds: 45 })).toMatchObject({ idleWarningSeconds: 45 });
  });

  it('takes the technician’s speech volume, theme and accessibility mode, and refuses values outside them', () => {
    expect(ui({ speechVolume: 0.6, theme: 'high-contrast', accessibilityMode: true })).toMatchObject({
      speechVolume: 0.6,
      theme: 'high-contrast',
      accessibilityMode: true,
    });
    expect(ui({ speechVolume: 0 })).toEqual(['ui.speechVolume: Number must be greater than or equal to 0.1']);
    expect(ui({ theme: 'dark' })).toHaveLength(1);
  });
});
