import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Pool } from 'undici';
import { z } from 'zod';
import type { RunningHost } from '../../electron/host/host';
import { sarftCalls, standardFieldNames, type SarftCallName, type StandardDialect } from '../../shared/contract/sarft';
import { SarftCode } from '../../shared/contract/sarft-codes';
import { xmlRoots } from '../../electron/core/print-service/sarft-xml';
import { startDemoHost } from '../support/in-process-host';

/**
 * Property tests: at least 10,000 generated malformed or hostile bodies per call and encoding
 * (wrong types, huge strings, odd Unicode, injection strings, truncated documents, entity bombs).
 * Each must get a reply under 500 carrying a contract code, no stack trace, and change no state.
 * The bodies mix our names with the standard dialects' (sarft-dialects.ts): the seed's JSON names
 * (`print_no`, `verify_code_md5`, `ticket_count`, `token`) and the vendors' XML elements
 * (`VerifyCodeMD5`, `TicketCount`, `Token`), near-valid requests of both and hostile mixtures.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const IN_FLIGHT = 16;
const stats = new Map<string, number>();
afterAll(() => {
  if (process.env.FUZZ_STATS) console.log(JSON.stringify([...stats]));
});
const CODES = new Set<number>(Object.values(SarftCode));

let host: RunningHost;
let pool: Pool;
let bearer: string;

beforeAll(async () => {
  host = await startDemoHost({
    printService: {
      limits: {
        queriesPerMinute: 1_000_000,
        loginFailures: 1_000_000,
        verifyFailures: 1_000_000,
        verifyFailuresAllTerminals: 1_000_000,
        sourceFailuresPerMinute: 1_000_000,
        sourceLoginsPerMinute: 1_000_000,
        passwordCheckQueue: 1_000,
      },
    },
  });
  pool = new Pool(host.printServiceUrl, { connections: IN_FLIGHT });
  const t = host.demo!.terminals[1]!;
  const auth = await pool.request({
    method: 'POST',
    path: sarftCalls.auth.path,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: t.username, password: t.password, terminalId: t.terminalId }),
  });
  bearer = ((await auth.body.json()) as { token: string }).token;
  // Every demo booking in the local copy, so that the state check covers them.
  for (const b of host.demo!.bookings) await host.core.handlers['kiosk.lookup']({ printNo: b.printNo, verifyCode: b.verifyCode });
});
afterAll(async () => {
  await pool?.close();
  await host?.stop();
});

const injections = [
  "' OR 1=1 --",
  '"; DROP TABLE tickets; --',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  '%00%0d%0a',
  '\u0000\u0001\u001f',
  '\u202e\u200b\ufeff',
  '𝕏𝕐ℤ😀🎬',
  '票'.repeat(300),
  '-1',
  '1e309',
  'NaN',
  '__proto__',
  '0'.repeat(17),
  '9'.repeat(40),
];
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.constantFrom(...injections),
  fc.stringMatching(/^\d{1,20}$/u),
  fc.stringMatching(/^[0-9a-f]{30,34}$/u),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.stringMatching(/^\d{16}$/u)), { maxLength: 8 }),
  fc.object({ maxDepth: 2 }),
  fc.nat({ max: 70_000 }).map((n) => 'x'.repeat(n)),
);
const fieldsOf = (name: SarftCallName) => Object.keys((sarftCalls[name].request as z.AnyZodObject).shape);
const pascal = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

/** Our field names as a standard dialect names them (shared/contract/sarft.ts), and the fields the dialect adds. */
const standardName = (key: string, dialect: StandardDialect): string =>
  key in standardFieldNames ? standardFieldNames[key as keyof typeof standardFieldNames][dialect] : key;
const standardFieldsOf = (name: SarftCallName, dialect: StandardDialect) =>
  [...fieldsOf(name), 'ticketCount', 'token'].map((k) => standardName(k, dialect));

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^\\d{${min},${max}}$`, 'u'));
/** Bodies of the right shape with wrong or edge values: these reach the business rules. */
const nearValid: Record<SarftCallName, fc.Arbitrary<Record<string, unknown>>> = {
  auth: fc.record({
    username: fc.string({ minLength: 1, maxLength: 64 }),
    password: fc.string({ minLength: 1, maxLength: 256 }),
    terminalId: fc.string({ minLength: 1, maxLength: 64 }),
  }),
  query: fc.record({ printNo: digits(1, 16), ticketCount: fc.integer({ min: 1, max: 999 }) }, { requiredKeys: ['printNo'] }),
  applyPrint: fc.record(
    {
      printNo: fc.oneof(digits(1, 16), fc.integer({ min: 111_972, max: 112_040 }).map(String)),
      verifyCodeMd5: fc.stringMatching(/^[0-9a-fA-F]{32}$/u),
      ticketCodes: fc.array(digits(16, 16), { minLength: 1, maxLength: 4 }),
    },
    { requiredKeys: ['printNo', 'verifyCodeMd5'] },
  ),
  printResult: fc.record({
    printNo: fc.oneof(digits(1, 16), fc.integer({ min: 111_972, max: 112_040 }).map(String)),
    printToken: fc.oneof(
      fc.string({ minLength: 1, maxLength: 128 }),
      fc.uuid().map((u) => `${u}.${'A'.repeat(43)}`),
    ),
    printed: fc.array(digits(16, 16), { maxLength: 4 }),
    failed: fc.array(digits(16, 16), { maxLength: 4 }),
  }),
};

/** The standard dialects' requests with wrong or edge values (print-result: a count, not ticket lists). */
function nearValidStandard(name: SarftCallName, dialect: StandardDialect): fc.Arbitrary<Record<string, unknown>> {
  const rename = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [standardName(k, dialect), v]));
  const token = fc.oneof(fc.constant(undefined), fc.string({ minLength: 1, maxLength: 64 }));
  const withToken = (a: fc.Arbitrary<Record<string, unknown>>) =>
    fc.tuple(a, token).map(([o, t]) => rename(t === undefined || name === 'auth' ? o : { ...o, token: t }));
  if (name === 'auth') return nearValid.auth.map(({ terminalId: _t, ...o }) => rename(o));
  if (name === 'printResult')
    return withToken(
      fc.record({
        printNo: fc.oneof(digits(1, 16), fc.integer({ min: 111_972, max: 112_040 }).map(String)),
        ticketCount: fc.integer({ min: -1, max: 1_000 }),
      }),
    );
  return withToken(nearValid[name].map(({ ticketCodes: _c, ...o }) => o));
}

function jsonBodies(name: SarftCallName): fc.Arbitrary<string> {
  const keys = fc.constantFrom(...new Set([...fieldsOf(name), ...standardFieldsOf(name, 'seed')]), 'extra', '__proto__', 'constructor', '');
  const record = fc.dictionary(keys, hostileValue, { maxKeys: 6 }).map((o) => JSON.stringify(o));
  return fc.oneof(
    { weight: 5, arbitrary: record },
    // Auth: both dialects share one slot, so that the password checks (scrypt, the slow part) stay as many as before.
    ...(name === 'auth'
      ? [{ weight: 1, arbitrary: fc.oneof(nearValid.auth, nearValidStandard('auth', 'seed')).map((o) => JSON.stringify(o)) }]
      : [
          { weight: 4, arbitrary: nearValid[name].map((o) => JSON.stringify(o)) },
          { weight: 3, arbitrary: nearValidStandard(name, 'seed').map((o) => JSON.stringify(o)) },
        ]),
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: fc.tuple(record, fc.nat()).map(([s, n]) => s.slice(0, n % Math.max(1, s.length))) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 500 }) },
    { weight: 1, arbitrary: fc.nat({ max: 30 }).map((depth) => '['.repeat(depth * 1000)) },
  );
}

const bombs = [
  '<!DOCTYPE a [<!ENTITY b "bbbbbbbbbb"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
  '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
  '<!DOCTYPE a SYSTEM "http://127.0.0.1:9/evil.dtd">',
  '<![CDATA[',
];

function xmlBodies(name: SarftCallName): fc.Arbitrary<string> {
  const root = xmlRoots[name].request;
  const element = fc
    .tuple(
      fc.constantFrom(...new Set([...fieldsOf(name).map(pascal), ...standardFieldsOf(name, 'vendor')]), 'Extra', 'a:b', '1Bad', ''),
      hostileValue,
    )
    .map(([tag, value]) => `<${tag}>${typeof value === 'string' ? value : JSON.stringify(value)}</${tag}>`);
  const doc = fc
    .tuple(fc.constantFrom(root, `${root}Reply`, 'Root', ''), fc.array(element, { maxLength: 6 }))
    .map(([r, parts]) => `<${r}>${parts.join('')}</${r}>`);
  const escape = (v: string) => v.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
  const asXml = (o: Record<string, unknown>, tag: (key: string) => string) =>
    `<${root}>${Object.entries(o)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${tag(k)}>${escape(String(v))}</${tag(k)}>`)
      .join('')}</${root}>`;
  const vendor = nearValidStandard(name, 'vendor').map((o) => asXml(o, (k) => k));
  const valid = nearValid[name].map(
    (o) =>
      `<${root}>${Object.entries(o)
        .map(([k, v]) =>
          Array.isArray(v)
            ? `<${pascal(k)}>${v.map((c) => `<TicketCode>${escape(String(c))}</TicketCode>`).join('')}</${pascal(k)}>`
            : `<${pascal(k)}>${escape(String(v))}</${pascal(k)}>`,
        )
        .join('')}</${root}>`,
  );
  return fc.oneof(
    { weight: 5, arbitrary: doc },
    ...(name === 'auth'
      ? [{ weight: 1, arbitrary: fc.oneof(valid, vendor) }]
      : [
          { weight: 4, arbitrary: valid },
          { weight: 3, arbitrary: vendor },
        ]),
    { weight: 2, arbitrary: fc.tuple(doc, fc.nat()).map(([s, n]) => s.slice(0, n % Math.max(1, s.length))) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...bombs), doc).map(([b, d]) => `<?xml version="1.0"?>${b}${d}`) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 500 }) },
    { weight: 1, arbitrary: fc.nat({ max: 50 }).map((depth) => `<${root}>${'<a>'.repeat(depth * 200)}`) },
  );
}

/** Claims, outbox and the state of every ticket already known; bookings fetched into the local copy may be added. */
function stateSnapshot(): { claims: unknown; outbox: unknown; tickets: Map<string, string> } {
  const db = host.core.db;
  return {
    claims: db.prepare('SELECT COUNT(*) AS n FROM claims').get(),
    outbox: db.prepare('SELECT COUNT(*) AS n FROM outbox').get(),
    tickets: new Map(
      db
        .prepare<[], { ticket_code: string; state: string }>('SELECT ticket_code, state FROM tickets')
        .all()
        .map((t) => [t.ticket_code, t.state]),
    ),
  };
}

function expectUnchanged(before: ReturnType<typeof stateSnapshot>): void {
  const after = stateSnapshot();
  expect(after.claims).toEqual(before.claims);
  expect(after.outbox).toEqual(before.outbox);
  for (const [code, state] of before.tickets) expect(after.tickets.get(code)).toBe(state);
}

async function fire(path: string, contentType: string, bodies: string[]): Promise<string[]> {
  const problems: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const response = await pool.request({
        method: 'POST',
        path,
        headers: { 'content-type': contentType, authorization: `Bearer ${bearer}` },
        body,
        headersTimeout: 10_000,
        bodyTimeout: 10_000,
      });
      const text = await response.body.text();
      const code = Number(/"result_?[cC]ode":(\d+)|<ResultCode>(\d+)<\/ResultCode>/u.exec(text)?.slice(1).find(Boolean));
      const bad =
        response.statusCode >= 500 ||
        !CODES.has(code) ||
        /\n\s+at \S+ \(|node:internal|\.ts:\d+/u.test(text) ||
        (response.statusCode === 200 && code === 0 && !path.endsWith('/query'));
      if (process.env.FUZZ_STATS) stats.set(`${response.statusCode}/${code}`, (stats.get(`${response.statusCode}/${code}`) ?? 0) + 1);
      if (bad && problems.length < 5) problems.push(`${response.statusCode} ${text.slice(0, 200)} ← ${body.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return problems;
}

describe('hostile bodies against every call, in both encodings', () => {
  for (const name of Object.keys(sarftCalls) as SarftCallName[]) {
    for (const encoding of ['json', 'xml'] as const) {
      it(`${name} (${encoding}): ${RUNS} bodies, each a reply under 500 with a contract code, no stack trace, no state change`, async () => {
        const before = stateSnapshot();
        const bodies = fc.sample(encoding === 'json' ? jsonBodies(name) : xmlBodies(name), { numRuns: RUNS, seed: 42 });
        const problems = await fire(sarftCalls[name].path, encoding === 'json' ? 'application/json' : 'application/xml', bodies);
        expect(problems).toEqual([]);
        expectUnchanged(before);
      }, 300_000);
    }
  }
});
