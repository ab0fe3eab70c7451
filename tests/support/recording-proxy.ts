import { createServer } from 'node:http';
import { request } from 'undici';
import { closableServer, listen } from '../../electron/core/net/listen';

export interface RecordedCall {
  path: string;
  body: Record<string, unknown>;
}

/**
 * An HTTP hop on loopback between the host and the simulator: it forwards every request unchanged,
 * records the JSON bodies of POSTs (what the host really sent central), lets a test rewrite one
 * answer where the simulator has no way to produce it (e.g. a booking with two Payments lines), and
 * lets one call be answered by another implementation over the same state (the seed-strict
 * RefundBooking of central-sim.strict.ts behind the default GetSingleBooking).
 */
export async function startRecordingProxy(target: string) {
  const calls: RecordedCall[] = [];
  const rewrites: ((path: string, body: Record<string, unknown>) => Record<string, unknown> | undefined)[] = [];
  const answers: { suffix: string; answer: (body: Record<string, unknown>) => unknown }[] = [];
  const server = closableServer(
    createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        if (req.method === 'POST' && text) calls.push({ path, body: JSON.parse(text) as Record<string, unknown> });
        const own = answers.find((a) => path.toLowerCase().endsWith(a.suffix.toLowerCase()));
        if (own) {
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify(own.answer(JSON.parse(text) as Record<string, unknown>)));
          return;
        }
        const headers = { ...req.headers };
        delete headers.host;
        delete headers['content-length'];
        request(`${target}${path}`, {
          method: req.method as 'GET' | 'POST' | 'DELETE',
          headers,
          ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body: text }),
        })
          .then(async (answer) => {
            let body = await answer.body.text();
            for (const rewrite of rewrites) {
              const changed = body.startsWith('{') ? rewrite(path, JSON.parse(body) as Record<string, unknown>) : undefined;
              if (changed) body = JSON.stringify(changed);
            }
            res.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? 'application/json') }).end(body);
          })
          .catch(() => res.writeHead(502).end());
      });
    }),
  );
  const port = await listen(server, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    /** The bodies of the calls whose path ends with `suffix` (case-insensitive). */
    sent: (suffix: string) => calls.filter((c) => c.path.toLowerCase().endsWith(suffix.toLowerCase())).map((c) => c.body),
    rewrite: (fn: (path: string, body: Record<string, unknown>) => Record<string, unknown> | undefined) => rewrites.push(fn),
    /** Answers calls whose path ends with `suffix` with another implementation of that call (e.g. the strict simulator's). */
    answerWith: (suffix: string, answer: (body: Record<string, unknown>) => unknown) => answers.push({ suffix, answer }),
    close: () => server.closeNow(),
  };
}
