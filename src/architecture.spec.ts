import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The shape of the source tree, read from its files: how long they are and which top-level
 * folder imports which. These hold the shape as it is and catch it getting worse.
 */
const SRC = __dirname;
const MAX_LINES = 500;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const FILES = sources(SRC);
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s+'(\.[^']+)'/g;

/** The top-level folder of a file under src/ ('.' for the entry points at its root). */
const folderOf = (file: string) => {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0]! : '.';
};

/** Which folder imports which, production code only. */
function folderImports(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of FILES.filter((f) => !f.endsWith('.spec.ts'))) {
    const from = folderOf(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const to = folderOf(resolve(dirname(file), match[1]!));
      if (to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }
  return graph;
}

/**
 * Folders that still import each other, to be untangled; none may be added, and one that is
 * untangled leaves this list (the test below fails until it does, so the list stays true).
 */
const MUTUAL_IMPORTS_LEFT = [
  'audit <> database',
  'auth <> database',
  'database <> deadlines',
  'database <> documents',
  'database <> outbox',
  'database <> review',
  'deadlines <> documents',
  'deadlines <> review',
  'documents <> review',
];

describe('the source tree', () => {
  it(`has no file over ${MAX_LINES} lines`, () => {
    const long = FILES.map((f) => [relative(SRC, f), readFileSync(f, 'utf8').split('\n').length])
      .filter(([, lines]) => (lines as number) > MAX_LINES + 1)
      .map(([file, lines]) => `${file as string}: ${lines as number}`);
    expect(long).toEqual([]);
  });

  it('keeps the kernel at the centre: it imports no other folder', () => {
    expect([...(folderImports().get('kernel') ?? [])]).toEqual([]);
  });

  it('adds no pair of folders that import each other, and lists only those that still do', () => {
    const graph = folderImports();
    const mutual = [...graph]
      .flatMap(([a, tos]) =>
        [...tos].filter((b) => a < b && graph.get(b)?.has(a)).map((b) => `${a} <> ${b}`),
      )
      .sort();
    expect(mutual).toEqual(MUTUAL_IMPORTS_LEFT);
  });
});
