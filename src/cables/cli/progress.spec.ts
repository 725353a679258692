import type { FileResult } from '../application/cable-import.service';
import { duration, ImportProgressBar } from './progress';

const result = (status: FileResult['status'], warnings = 0): FileResult => ({
  name: 'x.txt',
  status,
  documentNumber: null,
  documentId: null,
  reason: null,
  warnings,
});

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { out: { isTTY, columns: 200, write: (c: string) => chunks.push(c) > 0 }, chunks };
}

describe(ImportProgressBar.name, () => {
  it('writes plain lines when stderr is not a terminal: count, rate, ETA and the tallies', () => {
    const { out, chunks } = sink(false);
    const bar = new ImportProgressBar(out, { intervalMs: 0 });
    bar.setTotal(4);
    bar.tick(result('imported', 2));
    bar.tick(result('unchanged'));
    bar.log('failed: bad.txt: the file is empty');
    bar.tick(result('failed'));
    bar.finish();
    const lines = chunks.join('').trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^cables:import 1 of 4 files \(25%\), \d+ cables\/s, ETA \S+; imported 1, unchanged 0, failed 0, warnings 2$/,
    );
    expect(lines).toContain('failed: bad.txt: the file is empty');
    expect(lines[lines.length - 1]).toMatch(
      /^cables:import 3 of 4 files \(75%\), \d+ cables\/s, ETA \S+; imported 1, unchanged 1, failed 1, warnings 2$/,
    );
    expect(chunks.join('')).not.toContain('\r');
  });

  it('redraws one line in place on a terminal, and keeps logged lines above it', () => {
    const { out, chunks } = sink(true);
    const bar = new ImportProgressBar(out, { intervalMs: 0 });
    bar.tick(result('imported'));
    bar.log('failed: a.txt: not a text file (binary content)');
    bar.finish();
    const text = chunks.join('');
    const clear = '\r\u001b[2K';
    expect(text.startsWith(clear)).toBe(true);
    expect(text.slice(clear.length)).toMatch(
      /^\[-+\] 1\/\? [\d,]+\/s ETA \? {2}imported 1 unchanged 0 failed 0/,
    );
    expect(text).toContain(`${clear}failed: a.txt: not a text file (binary content)\n`);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('says nothing when quiet', () => {
    const { out, chunks } = sink(false);
    const bar = new ImportProgressBar(out, { quiet: true, intervalMs: 0 });
    bar.tick(result('imported'));
    bar.finish();
    expect(chunks).toEqual([]);
  });
});

describe(duration.name, () => {
  it.each([
    [6, '0:06'],
    [760, '12:40'],
    [3723, '1:02:03'],
  ])('%d s is %s', (s, text) => expect(duration(s)).toBe(text));
});
