import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_DOCUMENTS } from './sample-documents';

describe('the demo samples', () => {
  it('share no number with the cables the README has a newcomer import after the demo', () => {
    const cables = readdirSync(join(__dirname, '..', '..', 'test', 'fixtures', 'cables'))
      .filter((f) => f.endsWith('.txt'))
      .map((f) => f.replace(/\.txt$/, ''));
    expect(cables.length).toBeGreaterThan(5);
    const clashes = SAMPLE_DOCUMENTS.map((d) => d.documentNumber).filter((n) => cables.includes(n));
    expect(clashes).toEqual([]);
  });
});
