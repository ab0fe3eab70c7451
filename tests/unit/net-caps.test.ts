import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { derivedCaps, netLimits, openFileLimit } from '../../electron/core/net/connection-guard';
import { cleartextProblem, isLoopbackHost } from '../../electron/core/net/cleartext';
import { tempDir } from '../support/host-process';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            8192                 524288               files
`;

describe('connection caps from the open-file limit', () => {
  it('reads the soft limit from /proc/self/limits and falls back to 1024', () => {
    const file = join(tempDir('net-caps'), 'limits');
    writeFileSync(file, LIMITS);
    expect(openFileLimit(file)).toBe(8192);
    expect(openFileLimit(join(tempDir('net-caps'), 'absent'))).toBe(1024);
    expect(openFileLimit()).toBeGreaterThan(0);
  });

  it('gives the print service half of what is left after a reserve, the UI a quarter (at most 256), settings first', () => {
    expect(derivedCaps(1024)).toEqual({ printService: 384, ui: 192 });
    expect(derivedCaps(8192)).toEqual({ printService: 3968, ui: 256 });
    const net = {
      printServiceConnectionsPerSource: 32,
      headersTimeoutSeconds: 5,
      requestTimeoutSeconds: 10,
      keepAliveTimeoutSeconds: 5,
      maxRequestsPerSocket: 1000,
    };
    expect(netLimits(net, ['127.0.0.1'], 1024).printService.caps).toMatchObject({
      max: 384,
      perSource: 32,
      reserved: { sources: ['127.0.0.1'] },
    });
    expect(netLimits({ ...net, printServiceMaxConnections: 100, uiMaxConnections: 20 }, [], 1024)).toMatchObject({
      printService: { caps: { max: 100 } },
      ui: { caps: { max: 20 } },
    });
  });
});

describe('cleartext paths', () => {
  it('knows loopback from the LAN', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'central.example.com', '10.0.0.1']) expect(isLoopbackHost(host)).toBe(false);
  });

  it('names a bind without TLS and http:// to another machine, and nothing else', () => {
    expect(cleartextProblem({ bind: '0.0.0.0', tls: false })).toMatch(/without --tls/u);
    expect(cleartextProblem({ bind: '0.0.0.0', tls: true })).toBeUndefined();
    expect(cleartextProblem({ bind: undefined, tls: false })).toBeUndefined();
    expect(cleartextProblem({ url: 'http://10.0.0.5:8080', what: 'x' })).toMatch(/plain http/u);
    expect(cleartextProblem({ url: 'https://10.0.0.5:8443', what: 'x' })).toBeUndefined();
    expect(cleartextProblem({ url: 'http://127.0.0.1:9000', what: 'x' })).toBeUndefined();
  });
});
