import * as fs from 'node:fs';
import * as path from 'node:path';

import { HEADERS } from './cable.fixtures';
import { parseCable } from './cable.parser';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/cables');

function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

describe(parseCable.name, () => {
  describe('hostile input', () => {
    it('reads an empty string as an empty cable with a warning', () => {
      const cable = parseCable('');
      expect(cable.documentNumber).toBeNull();
      expect(cable.portions).toEqual([]);
      expect(cable.hasText).toBe(false);
      expect(cable.warnings).toEqual(['the file is empty']);
    });

    it('reads blank lines only', () => {
      const cable = parseCable('\n\n   \r\n\t\n');
      expect(cable.portions).toEqual([]);
      expect(cable.hasText).toBe(false);
    });

    it('does not throw when given something that is not a string', () => {
      const cable = parseCable(undefined as unknown as string, undefined);
      expect(cable.portions).toEqual([]);
      expect(cable.warnings).toEqual(['the file is empty']);
    });

    it('survives binary garbage with NUL bytes and says what it removed', () => {
      const bytes = Buffer.alloc(64 * 1024);
      let x = 12345;
      for (let i = 0; i < bytes.length; i++) {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        bytes[i] = i % 7 === 0 ? 0 : x & 0xff;
      }
      const cable = parseCable(bytes.toString('latin1'), 'garbage.bin');
      expect(cable.file).toBe('garbage.bin');
      expect(cable.warnings.some((w) => /removed \d+ control characters/.test(w))).toBe(true);
      expect(cable.text).not.toContain('\u0000');
    });

    it('still reads a cable whose bytes carry NULs and CR LF line ends', () => {
      const text = fixture('1976STATE900101.txt')
        .replace(/\n/g, '\r\n')
        .replace(/SUBJECT/, 'SUB\u0000JECT');
      const cable = parseCable(text);
      expect(cable.documentNumber).toBe('1976STATE900101');
      expect(cable.subject).toBe('ALLIANCE CONSULTATIONS ON FORCE POSTURE');
      expect(cable.portions).toHaveLength(4);
      expect(cable.warnings).toEqual(['removed 1 control characters (NUL or other binary bytes)']);
    });

    it('parses 50 MB of cable text in a few seconds', () => {
      const page = fixture('1974QUITO06223.txt');
      const text = page.repeat(Math.ceil((50 * 1024 * 1024) / page.length));
      const started = Date.now();
      const cable = parseCable(text);
      const elapsed = Date.now() - started;
      expect(cable.documentNumber).toBe('1974QUITO06223');
      expect(cable.portions.length).toBeGreaterThan(1000);
      expect(cable.warnings).toContain('a second message header was found; the first one is used');
      expect(elapsed).toBeLessThan(10_000);
    }, 60_000);

    it('parses a single 50 MB line in a few seconds', () => {
      const text = 'PAGE 01 STATE 123456 ' + 'ABC: DEF- '.repeat(5 * 1024 * 1024);
      const started = Date.now();
      const cable = parseCable(text);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(cable.portions).toHaveLength(1);
      expect(cable.portions[0]?.text.length).toBeGreaterThan(50_000_000);
    }, 60_000);

    it('never throws on strings stitched from fixture lines and noise', () => {
      const lines = HEADERS.flatMap((h) => fixture(h.file).split('\n'));
      let x = 7;
      const next = (n: number): number => {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        return x % n;
      };
      for (let round = 0; round < 300; round++) {
        const parts: string[] = [];
        const count = 1 + next(80);
        for (let i = 0; i < count; i++) {
          const line = lines[next(lines.length)] ?? '';
          const cut = next(4) === 0 ? line.slice(next(line.length + 1)) : line;
          parts.push(next(10) === 0 ? `${cut}${String.fromCharCode(next(0x3000))}` : cut);
        }
        const cable = parseCable(parts.join(next(3) === 0 ? '\r\n' : '\n'));
        expect(Array.isArray(cable.portions)).toBe(true);
        expect(cable.warnings.every((w) => typeof w === 'string')).toBe(true);
        expect(cable.portions.every((p, i) => p.index === i && p.text.length > 0)).toBe(true);
      }
    });

    it('reads a file that holds only an attribute block', () => {
      const full = fixture('1976STATE900101.txt');
      const block = full.slice(full.indexOf('Message Attributes'));
      const cable = parseCable(block);
      expect(cable.hasText).toBe(false);
      expect(cable.hasAttributeBlock).toBe(true);
      expect(cable.documentNumber).toBe('1976STATE900101');
      expect(cable.subject).toBe('ALLIANCE CONSULTATIONS ON FORCE POSTURE');
      expect(cable.originalClassification).toBe('SECRET');
      expect(cable.sentAt).toBe('1976-03-05T00:00:00.000Z');
      expect(cable.dispositionAction).toBe('Released in Part');
      expect(cable.exemptions).toEqual(['1.4D', '25X1', '25X6']);
      expect(cable.warnings).toEqual(['no message text: the file holds only an attribute block']);

      const headless = parseCable(block.slice(block.indexOf('Automatic Decaptioning')));
      expect(headless.documentNumber).toBe('1976STATE900101');
      expect(headless.hasAttributeBlock).toBe(true);
    });

    it('reads attribute keys in odd case and order, and keeps keys it does not know', () => {
      const cable = parseCable(
        [
          'Message Attributes',
          '',
          'TAGS: PFOR, UR',
          'review history: WITHDRAWN <12 Mar 2004 by smithj, PRIVACY>; APPROVED <15 Mar 2004 by jonesk>',
          'DISPOSITION ACTION: Denied in Full',
          'document number: 1975MOSCOW01234',
          'Disposition reason: 25X1, b(6)',
          'original classification: Secret',
          'Reviewer Notes: see case file',
          'Current Classification: SECRET Disposition date: 20 Mar 2014',
        ].join('\n'),
      );
      expect(cable.documentNumber).toBe('1975MOSCOW01234');
      expect(cable.dispositionAction).toBe('Denied in Full');
      expect(cable.dispositionDate).toBe('2014-03-20');
      expect(cable.originalClassification).toBe('SECRET');
      expect(cable.currentClassification).toBe('SECRET');
      expect(cable.tags).toEqual(['PFOR', 'UR']);
      expect(cable.reviewHistory).toEqual([
        { action: 'WITHDRAWN', date: '2004-03-12', by: 'smithj', reason: 'PRIVACY' },
        { action: 'APPROVED', date: '2004-03-15', by: 'jonesk', reason: null },
      ]);
      expect(cable.exemptions).toEqual(['25X1', 'B(6)']);
      expect(cable.attributes['document number']).toBe('1975MOSCOW01234');
      expect(cable.attributes['Reviewer Notes']).toBe('see case file');
      expect(cable.warnings).toContain('unknown attribute "Reviewer Notes" kept as found');
    });

    it('reads a header that comes after the body', () => {
      const cable = parseCable(
        [
          'Show Headers',
          '1. (C) THE FIRST PARAGRAPH OF THE MESSAGE SAYS',
          'WHAT IT HAS TO SAY.',
          '2. (U) THE SECOND PARAGRAPH ENDS IT. VANCE',
          'CONFIDENTIAL',
          'NNN',
          'CONFIDENTIAL',
          'PAGE 01 STATE 012345',
          'ORIGIN EUR-12',
          'INFO OCT-01 /012 R',
          'DRAFTED BY EUR/SOV:JDOE',
          'APPROVED BY EUR:RROE',
          '--------------------- 123456',
          'O 041530Z APR 78',
          'FM SECSTATE WASHDC',
          'TO AMEMBASSY MOSCOW IMMEDIATE',
          'C O N F I D E N T I A L STATE 012345',
          'NODIS',
          'E.O. 12065: GDS 4/4/84 (DOE, JOHN)',
          'TAGS: PFOR, UR',
          'SUBJECT: A HEADER THAT COMES LAST',
        ].join('\n'),
      );
      expect(cable.documentNumber).toBe('1978STATE012345');
      expect(cable.sentAt).toBe('1978-04-04T15:30:00.000Z');
      expect(cable.precedence).toBe('IMMEDIATE');
      expect(cable.to).toEqual(['AMEMBASSY MOSCOW']);
      expect(cable.captions).toEqual(['NODIS']);
      expect(cable.subject).toBe('A HEADER THAT COMES LAST');
      expect(cable.originalClassification).toBe('CONFIDENTIAL');
      expect(cable.portions.map((p) => [p.label, p.classification, p.text])).toEqual([
        [
          '1.',
          'CONFIDENTIAL',
          '1. (C) THE FIRST PARAGRAPH OF THE MESSAGE SAYS WHAT IT HAS TO SAY.',
        ],
        ['2.', 'UNCLASSIFIED', '2. (U) THE SECOND PARAGRAPH ENDS IT. VANCE'],
      ]);
      expect(cable.signature).toBe('VANCE');
      expect(cable.complete).toBe(true);
      expect(cable.warnings).toEqual([]);
    });

    it('reports a date-time group it cannot read and keeps going', () => {
      const cable = parseCable(
        [
          'PAGE 01 STATE 000042',
          'R 321299Z JUN 77',
          'FM SECSTATE WASHDC',
          'TO AMEMBASSY PARIS',
          'UNCLAS STATE 000042',
          'SUBJECT: A BAD DATE',
          '1. TEXT.',
        ].join('\n'),
        '1977STATE000042.txt',
      );
      expect(cable.sentAt).toBeNull();
      expect(cable.precedence).toBe('ROUTINE');
      expect(cable.warnings).toContain('date-time group not understood: "R 321299Z JUN 77"');
      expect(cable.documentNumber).toBe('1977STATE000042');
      expect(cable.warnings).toContain('document number taken from the file name');
      expect(cable.portions.map((p) => p.text)).toEqual(['1. TEXT.']);
    });

    it('warns when the Document Number attribute disagrees with the header', () => {
      const text = fixture('1976STATE900101.txt').replace(
        'Document Number: 1976STATE900101',
        'Document Number: 1976STATE900102',
      );
      const cable = parseCable(text);
      expect(cable.documentNumber).toBe('1976STATE900102');
      expect(cable.warnings).toEqual([
        'the header gives document number 1976STATE900101 but the Document Number attribute says 1976STATE900102',
      ]);
    });
  });
});
