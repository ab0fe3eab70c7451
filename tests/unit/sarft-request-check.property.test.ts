import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sarftCalls, type SarftCallName } from '../../shared/contract/sarft';
import { parseSarftRequest, quickParse } from '../../electron/core/print-service/sarft-request-check';

// The print service checks requests by hand (zod 3 costs ~30 µs a call) and sends whatever that check
// does not accept to zod. The zod schemas stay the contract of record: for any body, the hand check
// accepts exactly what zod accepts, with the same parsed value, and every refusal is zod's own.

const CALLS = Object.keys(sarftCalls) as SarftCallName[];

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`, 'u'));
/** Strings near the rules' edges: digits of every length, hex, non-ASCII digits, blanks, long text. */
const edgyString = fc.oneof(
  digits(0, 18),
  fc.constantFrom(
    '9007199254740991',
    '9007199254740992',
    '0009007199254740991',
    '0000000000000000',
    '٣٤٥',
    '１２３',
    '12\n',
    ' 12',
    '+12',
    '1e3',
  ),
  fc.stringMatching(/^[0-9a-fA-FgG]{30,34}$/u),
  fc.string({ maxLength: 3 }),
  fc.string({ minLength: 60, maxLength: 70 }),
  fc.string({ minLength: 125, maxLength: 130 }),
  fc.string({ minLength: 250, maxLength: 260 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const ticketCode = fc.oneof(digits(16, 16), edgyString);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  edgyString,
  fc.integer({ min: -2, max: 1_002 }),
  fc.constantFrom(0, -0, 1.5, 999.0000001, Number.NaN, Number.POSITIVE_INFINITY, null, undefined, true, '5', 1e21),
  fc.array(ticketCode, { maxLength: 4 }),
  fc.constantFrom([], {}, [1], { printNo: '1' }),
);
const fieldNames = [
  'printNo',
  'ticketCount',
  'verifyCodeMd5',
  'ticketCodes',
  'printToken',
  'printed',
  'failed',
  'username',
  'password',
  'terminalId',
];
const fieldValue = (key: string): fc.Arbitrary<unknown> => {
  switch (key) {
    case 'printNo':
      return fc.oneof(digits(1, 16), edgyString, anyValue);
    case 'ticketCount':
      return fc.oneof(fc.integer({ min: -1, max: 1_001 }), anyValue);
    case 'verifyCodeMd5':
      return fc.oneof(fc.stringMatching(/^[0-9a-fA-F]{32}$/u), edgyString);
    case 'ticketCodes':
    case 'printed':
    case 'failed':
      return fc.oneof(fc.array(digits(16, 16), { maxLength: 5 }), fc.array(ticketCode, { maxLength: 5 }), anyValue);
    default:
      return fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), edgyString, anyValue);
  }
};
/** Bodies made mostly of the calls' own fields (present or not), sometimes a stranger, `__proto__` or a non-object. */
const body: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.record(Object.fromEntries(fieldNames.map((key) => [key, fieldValue(key)])), { requiredKeys: [] }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.dictionary(fc.constantFrom('printNo', 'extra', '__proto__', 'constructor', 'ticketCount'), anyValue), digits(1, 16))
      .map(([fields, printNo]) => JSON.parse(JSON.stringify({ printNo, ...fields })) as unknown),
  },
  { weight: 1, arbitrary: anyValue },
);

/** A body for one call built only from its own fields: most of these are accepted, so acceptance is tested as hard as refusal. */
const wellShaped: Record<SarftCallName, fc.Arbitrary<unknown>> = {
  auth: fc.record({ username: fieldValue('username'), password: fieldValue('password'), terminalId: fieldValue('terminalId') }),
  query: fc.record({ printNo: digits(1, 16), ticketCount: fc.integer({ min: 0, max: 1_000 }) }, { requiredKeys: ['printNo'] }),
  applyPrint: fc.record(
    {
      printNo: digits(1, 16),
      verifyCodeMd5: fc.stringMatching(/^[0-9a-fA-F]{32}$/u),
      ticketCodes: fc.array(digits(16, 16), { maxLength: 3 }),
    },
    { requiredKeys: ['printNo', 'verifyCodeMd5'] },
  ),
  printResult: fc.record({
    printNo: digits(1, 16),
    printToken: fc.string({ minLength: 0, maxLength: 130 }),
    printed: fc.array(digits(16, 16), { maxLength: 3 }),
    failed: fc.array(ticketCode, { maxLength: 3 }),
  }),
};

/** `plainBody`: a body as JSON or XML decode it; the hand check leaves any other object (a class instance) to zod. */
function sameDecision(name: SarftCallName, input: unknown, plainBody = true): void {
  const byZod = sarftCalls[name].request.safeParse(input);
  const quick = quickParse(name, input);
  if (byZod.success && plainBody) expect(quick).toStrictEqual(byZod.data);
  else if (!byZod.success) expect(quick).toBeUndefined();
  // What the server uses: zod's own result whenever the hand check does not accept.
  const served = parseSarftRequest(name, input);
  expect(served.success).toBe(byZod.success);
  if (served.success && byZod.success) expect(served.data).toStrictEqual(byZod.data);
  if (!served.success && !byZod.success) expect(served.error.issues).toEqual(byZod.error.issues);
}

describe('hand check of SARFT requests against the zod contract (property tests)', () => {
  it('accepts exactly what zod accepts, with the same parsed request, for bodies of any shape', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CALLS), body, (name, input) => sameDecision(name, input)),
      { numRuns: 4_000 },
    );
  });

  for (const name of CALLS) {
    it(`${name}: the same decision and value for bodies shaped like the call`, () => {
      fc.assert(
        fc.property(wellShaped[name], (input) => sameDecision(name, input)),
        { numRuns: 1_500 },
      );
    });
  }

  it('the edges: the largest booking number, padding, strangers, non-plain objects', () => {
    const cases: [SarftCallName, unknown][] = [
      ['query', { printNo: '9007199254740991' }],
      ['query', { printNo: '9007199254740992' }],
      ['query', { printNo: '0009007199254740991' }],
      ['query', { printNo: '42', ticketCount: 999 }],
      ['query', { printNo: '42', ticketCount: 1000 }],
      ['query', { printNo: '42', ticketCount: undefined }],
      ['query', JSON.parse('{"printNo":"42","__proto__":{"x":1}}')],
      ['query', Object.assign(Object.create(null) as object, { printNo: '42' })],
      ['query', ['42']],
      ['applyPrint', { printNo: '1', verifyCodeMd5: 'A'.repeat(32), ticketCodes: [] }],
      ['applyPrint', { printNo: '1', verifyCodeMd5: 'a'.repeat(32), ticketCodes: ['1234567890123456'] }],
      ['printResult', { printNo: '1', printToken: 'x'.repeat(128), printed: [], failed: [] }],
      ['printResult', { printNo: '1', printToken: 'x'.repeat(129), printed: [], failed: [] }],
      ['auth', { username: 'u', password: 'p'.repeat(256), terminalId: 't' }],
      ['auth', { username: '', password: 'p', terminalId: 't' }],
    ];
    const codes = (n: number) => Array.from({ length: n }, (_, i) => String(1_000_000_000_000_000 + i));
    cases.push(
      ['applyPrint', { printNo: '1', verifyCodeMd5: 'a'.repeat(32), ticketCodes: codes(999) }],
      ['applyPrint', { printNo: '1', verifyCodeMd5: 'a'.repeat(32), ticketCodes: codes(1_000) }],
      ['printResult', { printNo: '1', printToken: 't', printed: codes(999), failed: codes(999) }],
      ['printResult', { printNo: '1', printToken: 't', printed: [], failed: codes(1_000) }],
    );
    for (const [name, input] of cases) sameDecision(name, input);
    // Not what a JSON or XML body decodes to: zod decides alone, and the server answers as zod does.
    sameDecision(
      'query',
      new (class Body {
        printNo = '42';
      })(),
      false,
    );
  });
});
