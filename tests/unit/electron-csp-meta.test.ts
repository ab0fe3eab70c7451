import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIOSK_CSP } from '../../electron/core/security/csp';
import { kioskCspMeta, metaCsp } from '../../vite.config';

/** The build writes the CSP into the page too; it must equal the header minus frame-ancestors (ignored in a meta tag), never stricter. */
describe('CSP meta tag of the built page', () => {
  const directives = (csp: string) =>
    csp
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean);

  it('is the header policy without frame-ancestors, every other directive kept as is', () => {
    const meta = metaCsp(KIOSK_CSP);
    expect(directives(KIOSK_CSP)).toContain("frame-ancestors 'none'");
    expect(directives(meta)).toEqual(directives(KIOSK_CSP).filter((d) => !d.startsWith('frame-ancestors')));
  });

  it('goes into renderer/index.html right after <meta charset>, before any script', () => {
    const source = readFileSync(join(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    const plugin = kioskCspMeta();
    expect(plugin.apply).toBe('build');
    const transform = plugin.transformIndexHtml as (html: string) => string;
    const html = transform(source);
    const tag = `<meta http-equiv="Content-Security-Policy" content="${metaCsp(KIOSK_CSP)}" />`;
    expect(html).toContain(tag);
    expect(html.indexOf(tag)).toBeGreaterThan(html.indexOf('<meta charset'));
    expect(html.indexOf(tag)).toBeLessThan(html.indexOf('<script'));
    expect(html.replace(`\n    ${tag}`, '')).toBe(source);
  });

  it('refuses a page without <meta charset> rather than placing the policy wrongly', () => {
    const transform = kioskCspMeta().transformIndexHtml as (html: string) => string;
    expect(() => transform('<html><head><script src="x.js"></script></head></html>')).toThrow(/meta charset/u);
  });
});
