/**
 * The vocabulary of the attribute block's values: dates in the Department's several formats,
 * classification levels, distribution captions, TAGS and exemption codes. The cable parser reads
 * the same vocabulary in the teletype header, and the synthetic cables write its dates.
 */
import type { Classification } from './cable.types';

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
