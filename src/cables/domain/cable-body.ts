/**
 * The body of a cable: the lines the reader kept, joined into paragraphs and read as portions
 * (label, portion marking and level). Teletype text is hard-wrapped and broken by page furniture,
 * so most of the work is deciding where a paragraph starts and how two lines join.
 */
import type { CablePortion, Classification } from './cable.types';
import { hasLetterOrDigit, isLetter, isUpper } from './cable-text';

const NUMBER_LABEL = /^(\(\d{1,2}\)|\d{1,2}(?:\.|\)\.?))(?= |$)/;
const ROMAN_LABEL = /^([IVX]{2,5}\.)(?= |$)/;
const LETTER_LABEL = /^([A-Z])[.)](?= |$)/;
const MARKING =
  /^\( ?(TS|S|C|U|LOU|SBU|TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|LIMITED OFFICIAL USE)((?: ?\/ ?[A-Z]+)*)( ?- ?ENTIRE TEXT)? ?\.? ?\)/;

/** After a line-end hyphen these words mean a dash (`SITUATION- IN VIEW`), not a split word. */
const DASH_FOLLOWERS: ReadonlySet<string> = new Set([
  'A',
  'AN',
  'AND',
  'AS',
  'AT',
  'BE',
  'BUT',
  'BY',
  'FOR',
  'FROM',
  'IF',
  'IN',
  'IS',
  'IT',
  'OF',
  'ON',
  'OR',
  'THAT',
  'THE',
  'THIS',
  'TO',
  'WE',
  'WHICH',
  'WITH',
]);

const MARK_LEVEL: Record<string, Classification> = {
  TS: 'TOP SECRET',
  'TOP SECRET': 'TOP SECRET',
  S: 'SECRET',
  SECRET: 'SECRET',
  C: 'CONFIDENTIAL',
  CONFIDENTIAL: 'CONFIDENTIAL',
  U: 'UNCLASSIFIED',
  SBU: 'UNCLASSIFIED',
  UNCLASSIFIED: 'UNCLASSIFIED',
  LOU: 'LIMITED OFFICIAL USE',
  'LIMITED OFFICIAL USE': 'LIMITED OFFICIAL USE',
};

export interface BodyLine {
  text: string;
  /** Began with a space: a broken line of the export, never a new paragraph by itself. */
  indented: boolean;
  /** A blank line came before it on the same page. */
  blankBefore: boolean;
  pageBreakBefore: boolean;
  /** Starts a paragraph whatever it looks like: after NNN, or a header line kept as text. */
  forceBreak: boolean;
}

export function startsParagraph(t: string): boolean {
  const s = t.startsWith('- ') ? t.slice(2) : t;
  return NUMBER_LABEL.test(s) || ROMAN_LABEL.test(s) || MARKING.test(s.slice(0, 40));
}

// ---------------------------------------------------------------------------------------------
// Portions

interface Label {
  text: string;
  kind: 'number' | 'roman' | 'letter';
}

function readLabel(s: string): Label | null {
  const c0 = s.charCodeAt(0);
  const c1 = s.charCodeAt(1);
  // Cheap rejections first: most lines are running text.
  if (isUpper(c0) && c1 !== 46 && c1 !== 41 && !(c0 === 73 || c0 === 86 || c0 === 88)) return null;
  if (!isUpper(c0) && c0 !== 40 && !(c0 >= 48 && c0 <= 57)) return null;
  const head = s.slice(0, 8);
  let m = NUMBER_LABEL.exec(head);
  if (m) return { text: m[1] ?? '', kind: 'number' };
  m = ROMAN_LABEL.exec(head);
  if (m) return { text: m[1] ?? '', kind: 'roman' };
  m = LETTER_LABEL.exec(head);
  if (m) return { text: m[0], kind: 'letter' };
  return null;
}

function stripBullet(s: string): string {
  // The HTML export turns list items into `- 2) …`; the dash is not the cable's.
  return s.startsWith('- ') && readLabel(s.slice(2)) !== null ? s.slice(2) : s;
}

/**
 * Splits the body into paragraphs. A paragraph starts at a label (`1.`, `2)`, `III.`, a letter
 * in sequence `A.`, `B.` …), at a portion marking, after a blank line that follows a finished
 * sentence, or — in hard-wrapped teletype text — after a finished sentence on a line the next
 * word would have fitted on. Page furniture between two lines is not a paragraph break.
 */
export function assemble(lines: readonly BodyLine[]): {
  portions: CablePortion[];
  paragraphs: string[];
  entire: Classification | null;
} {
  const width = wrapWidth(lines);
  const paragraphs: string[] = [];
  const portions: CablePortion[] = [];
  let entire: Classification | null = null;
  let pieces: string[] | null = null;
  let prev: string | null = null;
  let expectedLetter = 65;

  const flush = (): void => {
    if (pieces === null) return;
    const text = pieces.join('');
    pieces = null;
    paragraphs.push(text);
    const portion = toPortion(text, portions.length);
    if (portion.marking !== null && / ?- ?ENTIRE TEXT/.test(portion.marking)) {
      entire ??= portion.classification;
    }
    portions.push(portion);
  };

  for (const line of lines) {
    if (!hasLetterOrDigit(line.text)) {
      flush();
      paragraphs.push(line.text);
      prev = null;
      continue;
    }
    const s = stripBullet(line.text);
    const label = readLabel(s);
    let start = pieces === null || line.forceBreak;
    if (!start && label !== null) {
      if (label.kind === 'letter') {
        const code = label.text.charCodeAt(0);
        start = code === expectedLetter && (code !== 65 || endsWithOneOf(prev, ':.;'));
      } else {
        start = true;
      }
    }
    if (!start && !line.indented && s.charCodeAt(0) === 40 && MARKING.test(s.slice(0, 40))) {
      start = true;
    }
    if (!start && !line.indented && prev !== null && endsSentence(prev) && startsSentence(s)) {
      // Typists broke lines unevenly, so only a clearly short line counts as a paragraph end.
      start =
        line.blankBefore ||
        (width > 0 && prev.length <= width * 0.8 && prev.length + 1 + firstWordLength(s) <= width);
    }
    if (start && label !== null) {
      expectedLetter = label.kind === 'letter' ? label.text.charCodeAt(0) + 1 : 65;
    }
    if (start || pieces === null) {
      flush();
      pieces = [s];
    } else {
      appendLine(pieces, s);
    }
    prev = s;
  }
  flush();
  if (entire !== null) {
    for (const p of portions) p.classification ??= entire;
  }
  return { portions, paragraphs, entire };
}

function toPortion(text: string, index: number): CablePortion {
  const label = readLabel(text);
  // Numbers and romans always label; a lone letter only when a marking or text follows it.
  const labelText = label?.text ?? null;
  const after = labelText === null ? text : text.slice(labelText.length).trimStart();
  const m = after.charCodeAt(0) === 40 ? MARKING.exec(after.slice(0, 60)) : null;
  return {
    index,
    label: labelText,
    marking: m ? m[0] : null,
    classification: m ? (MARK_LEVEL[m[1] ?? ''] ?? null) : null,
    text,
  };
}

/** Adds a line to a paragraph, rejoining words the teletype or a page break split. */
function appendLine(pieces: string[], next: string): void {
  const lastIndex = pieces.length - 1;
  const last = pieces[lastIndex] ?? '';
  if (next.startsWith('- ') && /^[,.;:]/.test(next.slice(2, 3))) {
    // `WITH OUR ALLIES` / `- , WHICH …`: a list dash the export put before a continued sentence.
    pieces.push(next.slice(2));
    return;
  }
  const end = last.charCodeAt(last.length - 1);
  if (end === 45 && isLetter(last.charCodeAt(last.length - 2)) && isLetter(next.charCodeAt(0))) {
    const fragment = lastWordLength(last, last.length - 1);
    const word = firstWord(next);
    if (DASH_FOLLOWERS.has(word)) {
      pieces.push(' ', next);
    } else if (fragment <= 2) {
      pieces.push(next); // US-SOVIET: a short prefix keeps its hyphen
    } else {
      pieces[lastIndex] = last.slice(0, -1);
      pieces.push(next);
    }
    return;
  }
  if (end === 47) {
    pieces.push(next); // DONATION/ LOAN
    return;
  }
  pieces.push(' ', next);
}

export function signatureOf(portions: readonly CablePortion[]): string | null {
  const last = portions[portions.length - 1];
  if (!last) return null;
  const m = /(?:[.)"]|\bEND (?:FYI|TEXT|QUOTE|SUMMARY)) ([A-Z][A-Z'-]{2,})$/.exec(
    last.text.slice(-200),
  );
  return m ? (m[1] ?? null) : null;
}

function wrapWidth(lines: readonly BodyLine[]): number {
  let max = 0;
  for (const line of lines) {
    const n = line.text.length;
    if (n <= 100 && n > max) max = n;
  }
  return max >= 30 ? max : 0;
}

/** `U.S.`, `J.`, `MR.` end a line without ending a sentence. */
const ABBREVIATION =
  /(?:^|[\s(])(?:(?:[A-Z]\.)+|MR|MRS|MS|DR|GEN|ST|NO|AMB|SEN|REP|GOV|LT|COL|CAPT|ADM|JR|SR)\.?$/;

function endsSentence(s: string): boolean {
  let i = s.length - 1;
  while (i >= 0 && (s[i] === '"' || s[i] === ')' || s[i] === "'")) i--;
  const ch = s[i];
  if (ch === ':' || ch === '?' || ch === '!') return true;
  return ch === '.' && !ABBREVIATION.test(s.slice(Math.max(0, i - 12), i + 1));
}

function endsWithOneOf(s: string | null, chars: string): boolean {
  return s !== null && s.length > 0 && chars.includes(s[s.length - 1] ?? '');
}

function startsSentence(s: string): boolean {
  const c = s.charCodeAt(0);
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 34 || c === 39 || c === 40;
}

function firstWord(s: string): string {
  let i = 0;
  while (i < s.length && isLetter(s.charCodeAt(i))) i++;
  return s.slice(0, i);
}

function firstWordLength(s: string): number {
  const space = s.indexOf(' ');
  return space < 0 ? s.length : space;
}

function lastWordLength(s: string, end: number): number {
  let i = end - 1;
  while (i >= 0 && isLetter(s.charCodeAt(i))) i--;
  return end - 1 - i;
}
