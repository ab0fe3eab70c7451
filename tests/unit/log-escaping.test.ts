import { describe, expect, it } from 'vitest';
import { createLogger, logTail } from '../../electron/core/observability/logger';

describe('logs never carry control bytes from hostile input', () => {
  it('a scanned code with ESC, newlines, NEL, a line separator and a bidi override logs as one JSON line that reads back the same', async () => {
    const scan = '111972\x1b[2J\n{"level":60,"msg":"forged"}\r\u2028x\u0085y\x7f\u202eevil';
    const logger = createLogger('info');
    logger.info({ raw: scan, [`key\x1b\n`]: 1 }, `scan\x1b received\n`);
    await new Promise((r) => setTimeout(r, 50));
    const line = logTail.tail(1)[0]!;
    // eslint-disable-next-line no-control-regex -- looking for control characters
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u);
    expect(JSON.parse(line)).toMatchObject({ raw: scan, [`key\x1b\n`]: 1, msg: `scan\x1b received\n` });
  });
});
