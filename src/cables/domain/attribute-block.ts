/**
 * The State Department's "Message Attributes" block and the vocabulary of its values: dates,
 * classifications, captions, exemption codes and the two history formats. The cable parser reads
 * its block through `readAttributeLines`, so what `formatAttributeBlock` writes is read back by
 * exactly the code that reads real exports.
 */
import type {
  AttributeBlock,
  Classification,
  DispositionFields,
  HistoryEntry,
} from './cable.types';

export type { DispositionFields } from './cable.types';

// ---------------------------------------------------------------------------------------------
// Dates

const MONTHS: Record<string, number> = {
  JAN: 1,
  FEB: 2,
  MAR: 3,
  APR: 4,
  MAY: 5,
  JUN: 6,
  JUL: 7,
  AUG: 8,
  SEP: 9,
  OCT: 10,
  NOV: 11,
  DEC: 12,
};
const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

/** The legacy system wrote this where it had no date. */
const NO_DATE = '1960-01-01';

export function monthNumber(name: string): number | null {
  return MONTHS[name.slice(0, 3).toUpperCase()] ?? null;
}

/** Two-digit years in these records are 1950–2049: cables from the 1970s, reviews from the 2000s. */
export function fullYear(digits: string): number {
  const n = Number(digits);
  if (digits.length === 4) return n;
  return n >= 50 ? 1900 + n : 2000 + n;
}

export function isoDay(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return null;
  if (!Number.isInteger(month) || month < 1 || month > 12) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (!Number.isInteger(day) || day < 1 || day > last) return null;
  return `${year}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export interface DateReading {
  /** ISO day, or null for "no date" (`n/a`, empty, `01-Jan-1960`). */
  value: string | null;
  /** False when the text is there but is not a date we can read. */
  understood: boolean;
}

const DAY_MONTH_YEAR = /^(\d{1,2})[- ]([A-Za-z]{3,9})\.?[- ,]\s*(\d{4}|\d{2})(?:\s+(.*))?$/;
const MONTH_DAY_YEAR = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/;
const TIME_OF_DAY = /^\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm])?$/;

/** Reads `16-Jun-1977 12:00:00 am`, `22 May 2009`, `17-JUN-08`, `2009-05-22`, `20271231`, `6/21/73`. */
export function readDate(raw: string | null | undefined): DateReading {
  const text = (raw ?? '').trim();
  if (isNullValue(text)) return { value: null, understood: true };
  if (text.length > 40) return { value: null, understood: false };
  let iso: string | null = null;
  let m: RegExpExecArray | null;
  if ((m = DAY_MONTH_YEAR.exec(text))) {
    const month = monthNumber(m[2] ?? '');
    const time = m[4];
    if (month !== null && (time === undefined || TIME_OF_DAY.test(time))) {
      iso = isoDay(fullYear(m[3] ?? ''), month, Number(m[1]));
    }
  } else if ((m = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+Z?)?$/.exec(text))) {
    iso = isoDay(Number(m[1]), Number(m[2]), Number(m[3]));
  } else if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(text))) {
    iso = isoDay(Number(m[1]), Number(m[2]), Number(m[3]));
  } else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/.exec(text))) {
    iso = isoDay(fullYear(m[3] ?? ''), Number(m[1]), Number(m[2]));
  } else if ((m = MONTH_DAY_YEAR.exec(text))) {
    const month = monthNumber(m[1] ?? '');
    if (month !== null) iso = isoDay(Number(m[3]), month, Number(m[2]));
  }
  if (iso === null) return { value: null, understood: false };
  return { value: iso === NO_DATE ? null : iso, understood: true };
}

/** `22 May 2009`, as in Disposition Date and Review History. */
export function formatDayMonthYear(iso: string): string {
  const [y, m, d] = splitIso(iso);
  return `${pad(d, 2)} ${MONTH_NAMES[m - 1] ?? '???'} ${pad(y, 4)}`;
}

/** `11-Mar-2005 12:00:00 am`, as in Review Date and Sent Date of the ADS export. */
export function formatDashedDateTime(iso: string): string {
  const [y, m, d] = splitIso(iso);
  return `${pad(d, 2)}-${MONTH_NAMES[m - 1] ?? '???'}-${pad(y, 4)} 12:00:00 am`;
}

/** `17-JUN-08`, as in Disposition History. */
export function formatShortDate(iso: string): string {
  const [y, m, d] = splitIso(iso);
  return `${pad(d, 2)}-${(MONTH_NAMES[m - 1] ?? '???').toUpperCase()}-${pad(y % 100, 2)}`;
}

function splitIso(iso: string): [number, number, number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

// ---------------------------------------------------------------------------------------------
// Values

export function isNullValue(value: string): boolean {
  return value === '' || value === 'n/a' || value === 'N/A' || value === 'N/a' || value === 'n/A';
}

/** Spaced-out levels (`S E C R E T`) as typed on 1970s teletypes, then the usual spellings. */
const CLASSIFICATION_WORDS: ReadonlyArray<readonly [string, Classification]> = [
  ['T O P S E C R E T', 'TOP SECRET'],
  ['TOP SECRET', 'TOP SECRET'],
  ['S E C R E T', 'SECRET'],
  ['SECRET', 'SECRET'],
  ['C O N F I D E N T I A L', 'CONFIDENTIAL'],
  ['CONFIDENTIAL', 'CONFIDENTIAL'],
  ['L I M I T E D O F F I C I A L U S E', 'LIMITED OFFICIAL USE'],
  ['LIMITED OFFICIAL USE', 'LIMITED OFFICIAL USE'],
  ['U N C L A S S I F I E D', 'UNCLASSIFIED'],
  ['UNCLASSIFIED', 'UNCLASSIFIED'],
  ['U N C L A S', 'UNCLASSIFIED'],
  ['UNCLAS', 'UNCLASSIFIED'],
];

const CLASSIFICATION_CODES: Record<string, Classification> = {
  U: 'UNCLASSIFIED',
  SBU: 'UNCLASSIFIED',
  LOU: 'LIMITED OFFICIAL USE',
  C: 'CONFIDENTIAL',
  S: 'SECRET',
  TS: 'TOP SECRET',
};

/**
 * A classification at the start of an upper-case line whose runs of spaces are already single:
 * `S E C R E T SECTION 1 OF 3 QUITO 6223` gives SECRET and `SECTION 1 OF 3 QUITO 6223`.
 */
export function classificationPrefix(
  line: string,
): { classification: Classification; rest: string } | null {
  for (const [words, classification] of CLASSIFICATION_WORDS) {
    if (line.startsWith(words) && (line.length === words.length || line[words.length] === ' ')) {
      return { classification, rest: line.slice(words.length).trim() };
    }
  }
  return null;
}

/** A whole value or portion mark: `SECRET`, `S E C R E T`, `Unclassified`, `(C)`, `LOU`. */
export function readClassification(raw: string | null | undefined): Classification | null {
  if (!raw || raw.length > 60) return null;
  let text = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  if (text.startsWith('(') && text.endsWith(')')) text = text.slice(1, -1).trim();
  const code = CLASSIFICATION_CODES[text];
  if (code) return code;
  const found = classificationPrefix(text);
  return found && (found.rest === '' || found.rest === '.') ? found.classification : null;
}

/** Distribution captions; a reader needs each as a caveat. */
export const CAPTION_WORDS: ReadonlySet<string> = new Set([
  'NODIS',
  'EXDIS',
  'LIMDIS',
  'STADIS',
  'NOFORN',
  'CHEROKEE',
  'CONDIS',
]);

/** `EXDIS`, `NODIS, CHEROKEE`, `NODIS CHEROKEE` → one entry per caption; other text stays whole. */
export function readCaptionList(raw: string | null | undefined): string[] {
  if (!raw) return [];
  const out: string[] = [];
  for (const piece of raw.split(',')) {
    const item = piece.trim().replace(/\s+/g, ' ');
    if (item === '' || isNullValue(item)) continue;
    const words = item.split(' ');
    if (words.length > 1 && words.every((w) => CAPTION_WORDS.has(w.toUpperCase()))) {
      out.push(...words.map((w) => w.toUpperCase()));
    } else {
      out.push(item);
    }
  }
  return out;
}

/**
 * TAGS: comma separated, some cables space separated; person tags carry a comma inside
 * parentheses (`OVIP (HARRIS, PATRICIA R)`), which must not split.
 */
export function readTags(raw: string | null | undefined): string[] {
  if (!raw) return [];
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      pieces.push(raw.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(raw.slice(start));
  const tags: string[] = [];
  for (const piece of pieces) {
    const item = piece.trim().replace(/\s+/g, ' ');
    if (item === '' || isNullValue(item)) continue;
    if (item.includes('(')) tags.push(item);
    else tags.push(...item.split(' '));
  }
  return tags;
}

const EXEMPTION_CODE =
  /^(?:1\.[4-6]\(?[A-H]\)?|25X[1-9]|50X[1-9](?:-HUM|-WMD)?|75X[1-9]|B\(?[1-9]\)?(?:\(?[A-F]\)?)?|RD|FRD|TFNI)$/;

/**
 * Exemption codes in a reason: `1.4D, 25X6` → `1.4D`, `25X6`. Codes keep their form (`1.4(D)`
 * stays so) but lose spaces and case. Expiry dates (`25X6, 20271231`) are not codes and not
 * errors; anything else comes back in `other` for the caller to report or keep.
 */
export function readExemptionCodes(raw: string | null | undefined): {
  codes: string[];
  other: string[];
} {
  const codes: string[] = [];
  const other: string[] = [];
  if (!raw || raw.length > 2000) return { codes, other: raw ? [raw] : [] };
  for (const piece of raw.split(/[,;]/)) {
    const token = piece.trim();
    if (token === '' || isNullValue(token)) continue;
    const code = token.toUpperCase().replace(/\s+/g, '');
    if (EXEMPTION_CODE.test(code)) codes.push(code);
    else if (!/^\d{8}$/.test(code)) other.push(token);
  }
  return { codes, other };
}

// ---------------------------------------------------------------------------------------------
// Histories

/** Cap on one history entry: the lazy patterns below must not meet megabytes of text. */
const MAX_ENTRY = 400;

/** `RELEASED <16 Sep 2003 by smithj>; APPROVED <17 Sep 2003 by jonesk>; WITHDRAWN <… by x, PRIVACY>`. */
export function readReviewHistory(
  raw: string | null,
  warn: (message: string) => void,
): HistoryEntry[] {
  if (raw === null) return [];
  const entries: HistoryEntry[] = [];
  let depth = 0;
  let start = 0;
  const pieces: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '<') depth++;
    else if (ch === '>') depth = Math.max(0, depth - 1);
    else if (ch === ';' && depth === 0) {
      pieces.push(raw.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(raw.slice(start));
  for (const piece of pieces) {
    const text = piece.trim();
    if (text === '') continue;
    const entry = readHistoryEntry(text, warn);
    if (entry) entries.push(entry);
  }
  return entries;
}

/** `Released in Part by REVIEWER ONE on 17-JUN-08 ;` — entries end with a semicolon. */
export function readDispositionHistory(
  raw: string | null,
  warn: (message: string) => void,
): HistoryEntry[] {
  if (raw === null) return [];
  const entries: HistoryEntry[] = [];
  for (const piece of raw.split(';')) {
    const text = piece.trim();
    if (text === '') continue;
    const entry = readHistoryEntry(text, warn);
    if (entry) entries.push(entry);
  }
  return entries;
}

const BRACKETED = /^([^<]*)<([^>]*)>\s*(?:,\s*(.*))?$/;
const BY_ON = /^(.*?)(?:\s+by\s+(.*?))?(?:\s+on\s+(\S+))?(?:\s*,\s*(.*))?$/i;

function readHistoryEntry(text: string, warn: (message: string) => void): HistoryEntry | null {
  if (text.length > MAX_ENTRY) {
    warn(`history entry too long to read (${text.length} characters); kept as its action`);
    return { action: text, date: null, by: null, reason: null };
  }
  const bracketed = BRACKETED.exec(text);
  if (bracketed) {
    const action = (bracketed[1] ?? '').trim();
    const inner = (bracketed[2] ?? '').trim();
    const comma = inner.indexOf(',');
    const head = (comma >= 0 ? inner.slice(0, comma) : inner).trim();
    const innerReason = comma >= 0 ? inner.slice(comma + 1).trim() : '';
    const outerReason = (bracketed[3] ?? '').trim();
    const reason = [innerReason, outerReason].filter((r) => r !== '').join(', ');
    const byAt = head.search(/(?:^|\s)by\s/i);
    const datePart = (byAt >= 0 ? head.slice(0, byAt) : head).trim();
    const by =
      byAt >= 0
        ? head
            .slice(byAt)
            .trim()
            .replace(/^by\s+/i, '')
            .trim()
        : '';
    return {
      action,
      date: historyDate(datePart, text, warn),
      by: by === '' ? null : by,
      reason: reason === '' ? null : reason,
    };
  }
  const m = BY_ON.exec(text);
  if (!m) return { action: text, date: null, by: null, reason: null };
  const by = (m[2] ?? '').trim();
  const reason = (m[4] ?? '').trim();
  return {
    action: (m[1] ?? '').trim(),
    date: historyDate((m[3] ?? '').trim(), text, warn),
    by: by === '' ? null : by,
    reason: reason === '' ? null : reason,
  };
}

function historyDate(raw: string, entry: string, warn: (message: string) => void): string | null {
  const reading = readDate(raw);
  if (!reading.understood) warn(`unreadable date "${raw}" in history entry "${entry}"`);
  return reading.value;
}

// ---------------------------------------------------------------------------------------------
// Keys

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
function findKeys(line: string): KeyHit[] {
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

// ---------------------------------------------------------------------------------------------
// Reading a block

const HEADING = 'message attributes';

/**
 * Reads the lines of a block (the heading, blank lines and `<< END OF DOCUMENT >>` are skipped).
 * Used by `parseAttributeBlock` and by the cable parser.
 */
export function readAttributeLines(lines: readonly string[]): AttributeBlock {
  const warnings: string[] = [];
  const warn = (message: string): void => {
    if (warnings.length < 50) warnings.push(message);
  };
  const attributes: Record<string, string | null> = {};
  // Values collected per key as found; the canonical map lets fields ignore odd spellings.
  const order: string[] = [];
  const raw = new Map<string, string>();
  const byCanonical = new Map<string, string>();
  const copies = new Map<string, number>();
  let current: string | null = null;

  const append = (text: string): void => {
    const piece = text.trim();
    if (piece === '') return;
    if (current === null) {
      warn(`attribute block line not understood: "${clip(piece)}"`);
      return;
    }
    const before = raw.get(current) ?? '';
    raw.set(current, before === '' ? piece : `${before} ${piece}`);
  };

  for (const original of lines) {
    const line = original.includes('**') ? original.split('**').join('') : original;
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const lower = trimmed.toLowerCase();
    if (lower === HEADING || /^<<\s*end of document\s*>>$/.test(lower)) {
      continue;
    }
    const hits = findKeys(line);
    if (hits.length === 0) {
      append(line);
      continue;
    }
    append(line.slice(0, hits[0]?.start ?? 0));
    hits.forEach((hit, h) => {
      const valueEnd = hits[h + 1]?.start ?? line.length;
      const key = hit.key;
      const canonical = hit.canonical;
      let name = key;
      if (raw.has(key) || (canonical !== null && byCanonical.has(canonical))) {
        // Kept under a numbered name so nothing is lost; the fields read the first one.
        let n = (copies.get(key) ?? 1) + 1;
        while (raw.has(`${key} #${n}`)) n++;
        copies.set(key, n);
        name = `${key} #${n}`;
        warn(`attribute "${key}" appears more than once; the later value is kept as "${name}"`);
      } else if (canonical === null) {
        warn(`unknown attribute "${key}" kept as found`);
      } else {
        byCanonical.set(canonical, key);
      }
      order.push(name);
      raw.set(name, '');
      current = name;
      append(line.slice(hit.colon + 1, valueEnd));
    });
  }

  for (const key of order) {
    const value = (raw.get(key) ?? '').trim();
    attributes[key] = isNullValue(value) ? null : value;
  }
  const get = (canonical: string): string | null => {
    const key = byCanonical.get(canonical);
    return key === undefined ? null : (attributes[key] ?? null);
  };
  return { attributes, fields: dispositionFields(get, warn), warnings };
}

/** Reads a "Message Attributes" block; the inverse of `formatAttributeBlock`. */
export function parseAttributeBlock(text: string): AttributeBlock {
  const safe = typeof text === 'string' ? text : '';
  return readAttributeLines(safe.replace(/\r\n?/g, '\n').split('\n'));
}

function dispositionFields(
  get: (canonical: string) => string | null,
  warn: (message: string) => void,
): DispositionFields {
  const date = (key: string): string | null => {
    const value = get(key);
    const reading = readDate(value);
    if (!reading.understood) warn(`${key}: "${clip(value ?? '')}" is not a date we can read`);
    return reading.value;
  };
  const level = (key: string): Classification | null => {
    const value = get(key);
    if (value === null) return null;
    const found = readClassification(value);
    if (found === null) warn(`${key}: "${clip(value)}" is not a classification`);
    return found;
  };
  const reason = get('Disposition Reason');
  const { other } = readExemptionCodes(reason);
  for (const token of other) warn(`Disposition Reason: "${clip(token)}" is not an exemption code`);
  return {
    documentNumber: get('Document Number'),
    subject: get('Subject'),
    tags: readTags(get('TAGS')),
    originalClassification: level('Original Classification'),
    currentClassification: level('Current Classification'),
    executiveOrder: get('Executive Order'),
    originalHandlingRestrictions: readCaptionList(get('Original Handling Restrictions')),
    handlingRestrictions: readCaptionList(get('Handling Restrictions')),
    reviewAction: get('Review Action'),
    reviewDate: date('Review Date'),
    reviewHistory: readReviewHistory(get('Review History'), warn),
    dispositionAction: get('Disposition Action'),
    dispositionDate: date('Disposition Date'),
    dispositionApprovedOn: date('Disposition Approved on Date'),
    dispositionAuthority: get('Disposition Authority'),
    dispositionCaseNumber: get('Disposition Case Number'),
    dispositionReason: reason,
    dispositionComment: get('Disposition Comment'),
    dispositionHistory: readDispositionHistory(get('Disposition History'), warn),
    markings: get('Markings') ?? get('Review Markings'),
  };
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

// ---------------------------------------------------------------------------------------------
// Writing a block

/** A disposition with nothing recorded yet: the start of every reading and writing. */
export function emptyDispositionFields(): DispositionFields {
  return {
    documentNumber: null,
    subject: null,
    tags: [],
    originalClassification: null,
    currentClassification: null,
    executiveOrder: null,
    originalHandlingRestrictions: [],
    handlingRestrictions: [],
    reviewAction: null,
    reviewDate: null,
    reviewHistory: [],
    dispositionAction: null,
    dispositionDate: null,
    dispositionApprovedOn: null,
    dispositionAuthority: null,
    dispositionCaseNumber: null,
    dispositionReason: null,
    dispositionComment: null,
    dispositionHistory: [],
    markings: null,
  };
}

/**
 * Writes a block in the Department's vocabulary, one pair per line. Free text cannot hold the
 * characters that delimit the formats (line breaks; `;`, `<`, `>` inside histories), so those
 * become spaces or commas; null is written `n/a`, which reads back as null.
 */
export function formatAttributeBlock(fields: DispositionFields): string {
  const text = (value: string | null): string => {
    const clean = value === null ? '' : oneLine(value);
    return clean === '' ? 'n/a' : clean;
  };
  const list = (values: readonly string[]): string => text(values.map(oneLine).join(', '));
  const day = (iso: string | null, format: (d: string) => string): string =>
    iso === null ? 'n/a' : format(iso);
  const lines: Array<[string, string]> = [
    ['Current Classification', text(fields.currentClassification)],
    ['Disposition Action', text(fields.dispositionAction)],
    ['Disposition Approved on Date', day(fields.dispositionApprovedOn, formatDayMonthYear)],
    ['Disposition Authority', text(fields.dispositionAuthority)],
    ['Disposition Case Number', text(fields.dispositionCaseNumber)],
    ['Disposition Comment', text(fields.dispositionComment)],
    ['Disposition Date', day(fields.dispositionDate, formatDayMonthYear)],
    ['Disposition History', formatDispositionHistory(fields.dispositionHistory)],
    ['Disposition Reason', text(fields.dispositionReason)],
    ['Document Number', text(fields.documentNumber)],
    ['Executive Order', text(fields.executiveOrder)],
    ['Handling Restrictions', list(fields.handlingRestrictions)],
    ['Original Classification', text(fields.originalClassification)],
    ['Original Handling Restrictions', list(fields.originalHandlingRestrictions)],
    ['Review Action', text(fields.reviewAction)],
    ['Review Date', day(fields.reviewDate, formatDashedDateTime)],
    ['Review History', formatReviewHistory(fields.reviewHistory)],
    ['Subject', text(fields.subject)],
    ['TAGS', list(fields.tags)],
    ['Markings', text(fields.markings)],
  ];
  return ['Message Attributes', '', ...lines.map(([k, v]) => `${k}: ${v}`)].join('\n') + '\n';
}

function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

function historyText(value: string): string {
  return oneLine(value.replace(/[;<>]/g, ' '));
}

function formatReviewHistory(entries: readonly HistoryEntry[]): string {
  if (entries.length === 0) return 'n/a';
  return entries
    .map((e) => {
      const inner = [
        e.date === null ? '' : formatDayMonthYear(e.date),
        e.by === null ? '' : `by ${historyText(e.by.replace(/,/g, ' '))}`,
      ]
        .filter((s) => s !== '')
        .join(' ');
      const reason = e.reason === null ? '' : `, ${historyText(e.reason)}`;
      return `${historyText(e.action)} <${inner}${reason}>`;
    })
    .join('; ');
}

function formatDispositionHistory(entries: readonly HistoryEntry[]): string {
  if (entries.length === 0) return 'n/a';
  return entries
    .map((e) => {
      const by = e.by === null ? '' : ` by ${historyText(e.by)}`;
      const on = e.date === null ? '' : ` on ${formatShortDate(e.date)}`;
      const reason = e.reason === null ? '' : `, ${historyText(e.reason)}`;
      return `${historyText(e.action)}${by}${on}${reason} ;`;
    })
    .join(' ');
}
