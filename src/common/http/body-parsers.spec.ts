import {
  MAX_ENTRIES_PER_BODY,
  MAX_KEYS_PER_OBJECT,
  parseJsonBody,
  shapeProblem,
} from './body-parsers';
import { MAX_DEPTH } from './storable-text.pipe';

const object = (n: number, key = (i: number) => `k${i}`) =>
  JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [key(i), i])));

describe(shapeProblem.name, () => {
  it('lets an object of the cap through and stops at the first key over it', () => {
    expect(shapeProblem(object(MAX_KEYS_PER_OBJECT))).toBeNull();
    const over = object(MAX_KEYS_PER_OBJECT + 1);
    expect(shapeProblem(over)).toBe(
      `An object in the body has more than 200 keys (its key 201 is at character ${over.lastIndexOf(':') + 1}); no request needs more than 200`,
    );
    expect(shapeProblem(`{"a":[1,2],"b":${over}}`)).toMatch(/more than 200 keys/);
  });

  it('counts each object on its own, and neither arrays nor colons inside strings', () => {
    const many = Array.from({ length: 150 }, () => object(150)).join(',');
    expect(shapeProblem(`[${many}]`)).toBeNull();
    const colons = JSON.stringify({ text: 'a:b:c:'.repeat(1000), quote: 'say "x:y" \\:' });
    expect(shapeProblem(colons)).toBeNull();
    expect(shapeProblem(object(MAX_KEYS_PER_OBJECT, (i) => `k"${i}:`))).toBeNull();
  });

  it('counts keys and array elements across the whole body, stopping at the first over the cap', () => {
    const elements = (n: number) => `[${Array<number>(n).fill(1).join(',')}]`;
    // n elements have n - 1 commas between them.
    expect(shapeProblem(elements(MAX_ENTRIES_PER_BODY + 1))).toBeNull();
    const over = elements(MAX_ENTRIES_PER_BODY + 2);
    expect(shapeProblem(over)).toBe(
      `The body has more than 50000 keys and array elements (the next is at character ${over.lastIndexOf(',') + 1}); the largest request, a document of 5,000 portions, has about 15,000`,
    );
    const padded = `{"portions":[${Array.from({ length: 300 }, () => object(MAX_KEYS_PER_OBJECT)).join(',')}]}`;
    expect(shapeProblem(padded)).toMatch(/more than 50000 keys and array elements/);
    const portion = JSON.stringify({ text: 'Paragraph.', classification: 'SECRET' });
    const document = `{"title":"t","portions":[${Array<string>(5000).fill(portion).join(',')}]}`;
    expect(shapeProblem(document)).toBeNull();
  });

  it('refuses nesting deeper than the cap before parsing it, arrays and objects alike', () => {
    expect(shapeProblem(`${'['.repeat(MAX_DEPTH)}${']'.repeat(MAX_DEPTH)}`)).toBeNull();
    expect(shapeProblem(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBe(
      `The body is nested more than ${MAX_DEPTH} levels deep (at character ${MAX_DEPTH + 1}); no request needs more`,
    );
    expect(shapeProblem(`${'{"a":'.repeat(MAX_DEPTH + 1)}1${'}'.repeat(MAX_DEPTH + 1)}`)).toMatch(
      /nested more than 32 levels deep/,
    );
  });
});

describe(parseJsonBody.name, () => {
  it('refuses a body with an object of too many keys before parsing it, saying the cap', () => {
    expect(() => parseJsonBody(object(100_000))).toThrow(/more than 200 keys/);
  });

  it('parses what is within the cap, and leaves malformed JSON to the parser’s own message', () => {
    expect(parseJsonBody('{"type":"APPROVE","expectedVersion":3}')).toEqual({
      type: 'APPROVE',
      expectedVersion: 3,
    });
    expect(parseJsonBody('  ')).toEqual({});
    expect(() => parseJsonBody('{"a":')).toThrow(/JSON/);
    expect(() => parseJsonBody('"text"')).toThrow(/send a JSON object/);
  });
});
