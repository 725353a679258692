import { checkCableText, decodeCable, MAX_CABLE_BYTES, sourceHashOf } from './cable-text';

describe(decodeCable.name, () => {
  it('reads UTF-8 text and drops a byte-order mark', () => {
    const read = decodeCable(Buffer.from('\ufeffCONFIDENTIAL STATE 139375\nTEXT é\n', 'utf8'));
    expect(read).toEqual({ ok: true, text: 'CONFIDENTIAL STATE 139375\nTEXT é\n', warnings: [] });
  });

  it('reads a Latin-1 file as such, and says so', () => {
    const read = decodeCable(Buffer.from([0x43, 0x41, 0x46, 0xc9, 0x0a]));
    expect(read).toEqual({
      ok: true,
      text: 'CAFÉ\n',
      warnings: ['the file is not UTF-8: read as Windows-1252 (Latin-1)'],
    });
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'the file is empty'],
    ['a file of blank lines', Buffer.from('\n \r\n\t\n'), 'the file is empty'],
    [
      'a file with NUL bytes',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
      'not a text file (binary content)',
    ],
    [
      'a file of control characters',
      Buffer.from('\u0001\u0002\u0003\u0004abc'),
      'not a text file (binary content)',
    ],
  ])('refuses %s', (_what, bytes, reason) => {
    expect(decodeCable(bytes)).toEqual({ ok: false, reason });
  });

  it('refuses a file larger than any cable, saying how large', () => {
    const read = decodeCable(Buffer.alloc(MAX_CABLE_BYTES + 1, 0x41));
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.reason).toMatch(/^the file is 10\.0 MB; .* up to 10 MB$/);
  });
});

describe(checkCableText.name, () => {
  it('applies the same rules to text that arrived as a string', () => {
    expect(checkCableText('')).toEqual({ ok: false, reason: 'the file is empty' });
    expect(checkCableText('A\u0000B')).toEqual({
      ok: false,
      reason: 'not a text file (binary content)',
    });
    expect(checkCableText('UNCLAS STATE 1\n')).toEqual({
      ok: true,
      text: 'UNCLAS STATE 1\n',
      warnings: [],
    });
  });
});

describe(sourceHashOf.name, () => {
  it('recognises the same export saved with Windows line endings', () => {
    expect(sourceHashOf('A\r\nB\r\n')).toBe(sourceHashOf('A\nB\n'));
    expect(sourceHashOf('A\nB\n')).not.toBe(sourceHashOf('A\nC\n'));
  });
});
