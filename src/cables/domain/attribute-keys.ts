/**
 * The attribute block's keys: those the Department's exports use, and how a key is found on a
 * line where pairs share lines and values hold colons. The cable parser also asks here whether a
 * file opens with a block.
 */

/** Keys seen in the Department's exports, in the order its exports list them. */
export const KNOWN_ATTRIBUTE_KEYS: readonly string[] = [
  'Automatic Decaptioning',
  'Capture Date',
  'Channel Indicators',
  'Current Classification',
  'Concepts',
  'Control Number',
  'Copy',
  'Sent Date',
  'Decaption Date',
  'Decaption Note',
  'Disposition Action',
  'Disposition Approved on Date',
  'Disposition Authority',
  'Disposition Case Number',
  'Disposition Comment',
  'Disposition Date',
  'Disposition Event',
  'Disposition History',
  'Disposition Reason',
  'Disposition Remarks',
  'Document Number',
  'Document Source',
  'Document Unique ID',
  'Drafter',
  'Enclosure',
  'Executive Order',
  'Errors',
  'Expiration',
  'Film Number',
  'Format',
  'From',
  'Handling Restrictions',
  'Image Path',
  'ISecure',
  'Legacy Key',
  'Line Count',
  'Litigation Code IDs',
  'Litigation Codes',
  'Litigation History',
  'Locator',
  'Message ID',
  'Office',
  'Original Classification',
  'Original Handling Restrictions',
  'Original Previous Classification',
  'Original Previous Handling Restrictions',
  'Page Count',
  'Previous Channel Indicators',
  'Previous Classification',
  'Previous Handling Restrictions',
  'Reference',
  'Retention',
  'Review Action',
  'Review Authority',
  'Review Content Flags',
  'Review Date',
  'Review Event',
  'Review Exemptions',
  'Review History',
  'Review Markings',
  'Review Media Identifier',
  'Review Release Date',
  'Review Release Event',
  'Review Transfer Date',
  'Review Withdrawn Fields',
  'SAS ID',
  'Secure',
  'Status',
  'Subject',
  'TAGS',
  'To',
  'Type',
  'vdkvgwkey',
  'Markings',
];

const KEY_EXACT: ReadonlySet<string> = new Set(KNOWN_ATTRIBUTE_KEYS);
const KEY_BY_LOWER: ReadonlyMap<string, string> = new Map(
  KNOWN_ATTRIBUTE_KEYS.map((k) => [k.toLowerCase(), k]),
);
const MAX_KEY_WORDS = 5;
const MAX_KEY_LENGTH = Math.max(...KNOWN_ATTRIBUTE_KEYS.map((k) => k.length));

/** The canonical spelling of a known key in any case, or null. */
export function canonicalKey(key: string): string | null {
  return KEY_BY_LOWER.get(key.replace(/\s+/g, ' ').trim().toLowerCase()) ?? null;
}

/** Whether a line opens an attribute block: a known key in its own spelling, then a colon. */
export function startsWithKnownKey(line: string): boolean {
  const colon = line.indexOf(':');
  if (colon <= 0 || colon > 60) return false;
  if (colon + 1 < line.length && line[colon + 1] !== ' ') return false;
  const key = line.slice(0, colon).replace(/\*/g, '').trim();
  return KEY_EXACT.has(key) && /[a-z]/.test(key);
}

interface KeyHit {
  /** Where the key text starts on the line. */
  start: number;
  /** Index of its colon. */
  colon: number;
  /** As found. */
  key: string;
  /** The known spelling, or null for a key we do not know. */
  canonical: string | null;
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * Keys on one line. Pairs share lines (`Copy: SINGLE Sent Date: …`) and values hold colons
 * (`EUR/RPM:JQUILL:LK`, `HUMAN RIGHTS: COUNTRY ACTION PLAN`), so a key is only a known key
 * followed by `: ` or the line's end. At the start of a line any case counts, and an unknown
 * mixed-case key is kept; inside a line a key must be spelled as the Department spells it (or
 * in a case no cable text uses, with lower-case letters), because upper-case cable text such as
 * `STATUS: REPORT` is a value.
 */
export function findKeys(line: string): KeyHit[] {
  const hits: KeyHit[] = [];
  let floor = 0;
  let colon = line.indexOf(':');
  while (colon >= 0) {
    const next = colon + 1 < line.length ? line.charCodeAt(colon + 1) : 32;
    if (next === 32) {
      const hit = keyEndingAt(line, colon, floor);
      if (hit) {
        hits.push(hit);
        floor = colon + 1;
      }
    }
    colon = line.indexOf(':', colon + 1);
  }
  return hits;
}

function keyEndingAt(line: string, colon: number, floor: number): KeyHit | null {
  // Collect up to MAX_KEY_WORDS words backwards from the colon, stopping at anything else.
  const starts: number[] = [];
  let i = colon - 1;
  while (i >= floor && line.charCodeAt(i) === 32) i--;
  while (starts.length < MAX_KEY_WORDS && i >= floor) {
    const end = i;
    while (i >= floor && isWordChar(line.charCodeAt(i))) i--;
    if (i === end) break;
    starts.push(i + 1);
    if (i < floor) break;
    if (line.charCodeAt(i) !== 32) break;
    while (i >= floor && line.charCodeAt(i) === 32) i--;
  }
  const keyEnd = trimEndIndex(line, colon);
  const lineStart = floor === 0 ? firstNonSpace(line) : -1;
  for (let w = starts.length - 1; w >= 0; w--) {
    const start = starts[w] ?? 0;
    if (keyEnd - start > MAX_KEY_LENGTH + 10) continue;
    const raw = line.slice(start, keyEnd);
    const candidate = raw.includes('  ') ? raw.replace(/ +/g, ' ') : raw;
    if (KEY_EXACT.has(candidate)) return { start, colon, key: candidate, canonical: candidate };
    if (candidate.length > MAX_KEY_LENGTH) continue;
    const canonical = KEY_BY_LOWER.get(candidate.toLowerCase()) ?? null;
    if (start === lineStart) {
      if (canonical !== null) return { start, colon, key: candidate, canonical };
      if (w === starts.length - 1 && looksLikeUnknownKey(candidate)) {
        return { start, colon, key: candidate, canonical: null };
      }
    } else if (canonical !== null && /[a-z]/.test(candidate)) {
      return { start, colon, key: candidate, canonical };
    }
  }
  return null;
}

function firstNonSpace(line: string): number {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 32) i++;
  return i;
}

function trimEndIndex(line: string, end: number): number {
  let e = end;
  while (e > 0 && line.charCodeAt(e - 1) === 32) e--;
  return e;
}

/** `Foo Bar:` at a line start: a key we do not know, kept; `HUMAN RIGHTS:` is a wrapped value. */
function looksLikeUnknownKey(candidate: string): boolean {
  return (
    candidate.length <= 40 && /[a-z]/.test(candidate) && /^[A-Za-z][A-Za-z0-9 ]*$/.test(candidate)
  );
}
