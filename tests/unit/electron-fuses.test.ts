import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Electron's security checklist, "check which fuses you can change": the packaging config flips
 * them (electron-builder's `electronFuses`). No YAML parser in the dependencies, so the block is
 * read line by line: a top-level `electronFuses:` followed by indented `name: true|false` lines.
 */
function fusesOf(yaml: string): Record<string, string> {
  const lines = yaml.split(/\r?\n/u);
  const start = lines.findIndex((line) => /^electronFuses:\s*(#.*)?$/u.test(line));
  if (start < 0) return {};
  const fuses: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(#.*)?$/u.test(line)) continue;
    const entry = /^\s+([A-Za-z]+):\s*(\S+)\s*(#.*)?$/u.exec(line);
    if (!entry) break;
    fuses[entry[1]!] = entry[2]!;
  }
  return fuses;
}

describe('electron-builder.yml', () => {
  const yaml = readFileSync(join(import.meta.dirname, '../../electron-builder.yml'), 'utf8');

  it('flips every fuse a kiosk can do without', () => {
    expect(fusesOf(yaml)).toEqual({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      grantFileProtocolExtraPrivileges: 'false',
      enableCookieEncryption: 'true',
    });
  });

  it('packs the app into app.asar (onlyLoadAppFromAsar needs it)', () => {
    expect(yaml).not.toMatch(/^asar:\s*false/mu);
  });

  it('the line reader sees a fuse that is missing or flipped back', () => {
    expect(fusesOf(yaml.replace('runAsNode: false', 'runAsNode: true')).runAsNode).toBe('true');
    expect(fusesOf(yaml.replace(/^\s+onlyLoadAppFromAsar:.*$/mu, '')).onlyLoadAppFromAsar).toBeUndefined();
    expect(fusesOf('appId: x\n')).toEqual({});
  });
});
