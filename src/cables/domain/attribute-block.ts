/**
 * The State Department's "Message Attributes" block: reading its lines into attributes and
 * disposition fields (with the two history formats), and writing one. The cable parser reads its
 * block through `readAttributeLines`, so what `formatAttributeBlock` writes is read back by
 * exactly the code that reads real exports. The values' vocabulary is in `attribute-values.ts`,
 * the keys in `attribute-keys.ts`.
 */
import type {
  AttributeBlock,
  Classification,
  DispositionFields,
  HistoryEntry,
} from './cable.types';
import { findKeys } from './attribute-keys';
import {
  formatDashedDateTime,
  formatDayMonthYear,
  formatShortDate,
  isNullValue,
  readCaptionList,
  readClassification,
  readDate,
  readExemptionCodes,
  readTags,
} from './attribute-values';

export type { DispositionFields } from './cable.types';

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
