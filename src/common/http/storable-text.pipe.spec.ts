import { MAX_DEPTH, unstorableText } from './storable-text.pipe';

describe(unstorableText.name, () => {
  it('accepts any well-formed Unicode: emoji, right-to-left overrides, combining marks', () => {
    const text = 'Cable 🛰️ 𝔖𝔈ℭℜ𝔈𝔗 \u202Egnp.exe\u202C café ‍👩‍👩‍👧 \uFEFF';
    expect(
      unstorableText({ title: text, tags: [text], nested: { a: [text] } }, 'the body'),
    ).toBeNull();
  });

  it('names the field holding a NUL character', () => {
    expect(unstorableText({ portions: [{ text: 'ok' }, { text: 'a\u0000b' }] }, 'the body')).toBe(
      'portions[1].text contains a NUL character (U+0000), which cannot be stored; remove it',
    );
  });

  it.each([
    ['a lone high surrogate', 'x\uD83Dy'],
    ['a lone low surrogate', 'x\uDE00y'],
    ['a high surrogate at the end', 'emoji cut short \uD83D'],
    ['two surrogates in the wrong order', '\uDE00\uD83D'],
  ])('refuses %s', (_label, text) => {
    expect(unstorableText({ justification: text }, 'the body')).toMatch(
      /^justification contains an unpaired UTF-16 surrogate/,
    );
  });

  it('checks field names and query values too', () => {
    expect(unstorableText({ 'a\u0000': 1 }, 'the body')).toMatch(/^A field name in the body/);
    expect(unstorableText('x\u0000', 'q')).toMatch(/^q contains a NUL/);
  });

  it('refuses a __proto__ field, as JSON.parse makes it', () => {
    expect(unstorableText(JSON.parse('{"a":{"__proto__":{"admin":true}}}'), 'the body')).toBe(
      'a has a field named __proto__, which is not accepted',
    );
  });

  it('refuses nesting deeper than it will walk, without recursing', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unstorableText(deep, 'the body')).toBe(
      `the body${'[0]'.repeat(MAX_DEPTH)} is nested more than ${MAX_DEPTH} levels deep`,
    );
  });
});
