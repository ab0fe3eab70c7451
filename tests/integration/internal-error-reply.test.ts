import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { RunningHost } from '../../electron/host/host';
import { logInternalFailuresTo } from '../../electron/core/api/internal-failure';
import { startDemoHost } from '../support/in-process-host';
import { uiClient } from '../support/ui-client';
import { firstRunCode } from '../support/first-run';

let host: RunningHost;
const logLines: string[] = [];

beforeAll(async () => {
  host = await startDemoHost();
  logInternalFailuresTo(pino(new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString()), done()) })));
});
afterAll(() => host?.stop());

describe('an internal error reaches the UI client as a request id only', () => {
  it('a handler failing with SQLite text answers INTERNAL "internal error" with a request id; the log has the text under that id', async () => {
    // Every audited write now fails inside SQLite with a constraint message, as a real bug would.
    host.core.db.exec(
      `CREATE TRIGGER audit_fails BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'UNIQUE constraint failed: staff.username'); END`,
    );
    try {
      const call = await uiClient(host.uiUrl);
      const reply = await call('staff.setup', {
        username: 'tech1',
        password: 'a-long-password-1',
        code: firstRunCode(host!.config.dataDir),
      });
      expect(reply).toEqual({
        ok: false,
        error: {
          code: 'INTERNAL',
          message: expect.stringMatching(/^internal error \(request id [0-9a-f-]{36}\)$/u),
          details: { requestId: expect.stringMatching(/^[0-9a-f-]{36}$/u) },
        },
      });
      expect(JSON.stringify(reply)).not.toMatch(/UNIQUE|constraint|staff\.username|sqlite/iu);

      const requestId = (reply as unknown as { error: { message: string; details: { requestId: string } } }).error.details.requestId;
      expect((reply as unknown as { error: { message: string } }).error.message).toContain(requestId);
      const logged = logLines
        .map((l) => JSON.parse(l) as { requestId?: string; call?: string; err?: { message: string } })
        .find((l) => l.requestId === requestId);
      expect(logged).toMatchObject({ call: 'staff.setup', err: { message: 'UNIQUE constraint failed: staff.username' } });
    } finally {
      host.core.db.exec('DROP TRIGGER audit_fails');
    }
  });
});
