import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countCableFiles, readCableFiles, walkCableFiles, type FoundFile } from './cable-files';

describe(walkCableFiles.name, () => {
  const root = mkdtempSync(join(tmpdir(), 'declass-walk-'));
  beforeAll(() => {
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    writeFileSync(join(root, 'a', 'one.txt'), 'ONE');
    writeFileSync(join(root, 'a', 'b', 'two.TXT'), 'TWO');
    writeFileSync(join(root, 'a', 'README.md'), 'not a cable');
    writeFileSync(join(root, 'a', '.hidden.txt'), 'hidden');
    writeFileSync(join(root, 'named.dat'), 'NAMED');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function all(inputs: string[]): Promise<FoundFile[]> {
    const found: FoundFile[] = [];
    for await (const f of walkCableFiles(inputs)) found.push(f);
    return found;
  }

  it('takes *.txt in folders at any depth, and a named file whatever its name', async () => {
    const stats = { skipped: 0 };
    const found: string[] = [];
    for await (const f of walkCableFiles([join(root, 'a'), join(root, 'named.dat')], stats)) {
      found.push(f.path);
    }
    expect(found.sort()).toEqual(
      [join(root, 'a', 'b', 'two.TXT'), join(root, 'a', 'one.txt'), join(root, 'named.dat')].sort(),
    );
    expect(stats.skipped).toBe(1);
    expect(await countCableFiles([join(root, 'a'), join(root, 'named.dat')])).toBe(3);
  });

  it('reports a path that does not exist instead of stopping', async () => {
    expect(await all([join(root, 'missing')])).toEqual([
      { path: join(root, 'missing'), error: 'no such file or folder' },
    ]);
  });

  it('reads each file, passing errors through with the name', async () => {
    const read = [];
    for await (const input of readCableFiles(
      walkCableFiles([join(root, 'named.dat'), join(root, 'nope')]),
    )) {
      read.push({ name: input.name, text: input.bytes?.toString(), error: input.error });
    }
    expect(read).toEqual([
      { name: join(root, 'named.dat'), text: 'NAMED', error: undefined },
      { name: join(root, 'nope'), text: undefined, error: 'no such file or folder' },
    ]);
  });
});
