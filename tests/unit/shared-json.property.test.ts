import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { joinSharedJson } from '../../electron/core/net/http-body';

// A query answered from the local copy keeps its answer's text and joins each call's own members to
// it: the bytes must be exactly what serializing the whole reply would give.

// Names as replies use them: never integer-like (an object lists those first, whatever their place).
const memberName = fc.string({ minLength: 1, maxLength: 8 }).map((s) => `m${s}`);
const jsonValue = fc.jsonValue({ maxDepth: 3 });

describe('joinSharedJson', () => {
  it('gives the text of JSON.stringify({...value, ...perCall}) when no member name is shared', () => {
    fc.assert(
      fc.property(fc.dictionary(memberName, jsonValue), fc.dictionary(memberName, jsonValue), (value, perCallRaw) => {
        const perCall = Object.fromEntries(Object.entries(perCallRaw).filter(([k]) => !(k in value) && k !== '__proto__'));
        const shared = Object.freeze({ ...value });
        expect(joinSharedJson(shared, perCall)).toBe(JSON.stringify({ ...shared, ...perCall }));
        // Twice: the second answer comes from the kept text.
        expect(joinSharedJson(shared, perCall)).toBe(JSON.stringify({ ...shared, ...perCall }));
      }),
      { numRuns: 2_000 },
    );
  });
});
