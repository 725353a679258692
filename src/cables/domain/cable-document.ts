/**
 * What a parsed cable becomes in declass: a document with its portions and its legacy history
 * (levels, captions and the Department's attribute fields as its released cables carry them). Pure: the importer adds
 * ids, hashes and the audit event around it.
 *
 * The rules are the conservative ones a reviewer would apply by hand:
 * - an unmarked paragraph takes the cable's `(X - ENTIRE TEXT)` level, else the cable's level;
 * - the cable's level is the highest of its classification line and its portions: a paragraph
 *   marked above the banner raises the document, with a warning;
 * - a cable already released keeps its current classification (Current Classification, or the
 *   Department's declassification stamp), except that a cable "Denied in Full" stays classified,
 *   and one "Released in Part" under classification codes keeps its level: what was withheld is
 *   still classified;
 * - captions: those the block says are still in force (`Handling Restrictions`), else every
 *   caption the cable carries; the original ones are kept in the source attributes.
 */
import { CAPTIONS, highest, rankOf, type Classification } from '../../kernel/classification';
import { canonicalKey } from './attribute-keys';
import { readCaptionList, readDate } from './attribute-values';
import type { ParsedCable } from './cable.types';

export type HistoryKind = 'REVIEW' | 'DISPOSITION';

/** Where a history entry came from. Reviews done in declass are not history rows. */
export const IMPORTED = 'IMPORTED';

/** One entry of a record's recorded (pre-declass) history. */
export interface LegacyHistoryEntry {
  kind: HistoryKind;
  /** The attribute it was read from: `Review History`, `Review Action`, `Disposition History`, `Disposition Action` or `Markings`. */
  attribute: string;
  action: string | null;
  date: string | null;
  by: string | null;
  reason: string | null;
  comment: string | null;
  marking: string | null;
  approvedOn: string | null;
  authority: string | null;
  caseNumber: string | null;
  /** The attribute's value (or the stamp line) exactly as found. */
  raw: string;
}

export interface CablePortionPlan {
  /** 1-based, in the order of the text. */
  seq: number;
  classification: Classification;
  text: string;
}

export interface CableDocumentPlan {
  documentNumber: string;
  /** The subject line; `(no subject)` when the cable has none. */
  title: string;
  documentDate: string;
  /** The FM line: `SECSTATE WASHDC`, `AMEMBASSY MOSCOW`. */
  originator: string | null;
  format: 'TEL';
  tags: string[];
  /** Captions in force: a reader needs each as a caveat. */
  captions: string[];
  /** Captions the cable was sent with. */
  originalCaptions: string[];
  originalClassification: Classification;
  currentClassification: Classification;
  /** `E.O. 11652: GDS`, from the E.O. line or the Executive Order attribute. */
  classificationAuthority: string | null;
  /** The declassification instruction of that line: `GDS`, `XGDS-1`, `GDS 9/14/85 (PRECHT, HENRY)`. */
  declassifyOn: string | null;
  /** Restricted Data / Formerly Restricted Data cited in the disposition (never automatic). */
  restrictedData: boolean;
  /** Exemption codes the recorded disposition cites. */
  exemptions: string[];
  portions: CablePortionPlan[];
  history: LegacyHistoryEntry[];
  /** The parser's warnings and the importer's own, in that order. */
  warnings: string[];
  /** Header facts kept with the record, beside the raw attributes. */
  header: Record<string, unknown>;
  /** Every attribute of the block, key as found. */
  attributes: Record<string, string | null>;
}

export type CablePlanResult =
  { ok: true; plan: CableDocumentPlan } | { ok: false; reason: string; warnings: string[] };

/** As POST /api/documents accepts them. */
const DOCUMENT_NUMBER = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
const KNOWN_CAPTIONS: ReadonlySet<string> = new Set(CAPTIONS);
const NO_SUBJECT = '(no subject)';

export function planCableDocument(cable: ParsedCable): CablePlanResult {
  const warnings = [...cable.warnings];
  const missing: string[] = [];

  const documentNumber = cable.documentNumber?.trim() ?? null;
  if (documentNumber === null || documentNumber === '') {
    missing.push(
      'no document number (no Document Number attribute, and no date-time group and station serial to derive one from)',
    );
  } else if (!DOCUMENT_NUMBER.test(documentNumber)) {
    missing.push(
      `the document number "${clip(documentNumber)}" is not usable (1–64 letters, digits, ".", "_", "/" or "-")`,
    );
  }
  const documentDate = cable.documentDate ?? cable.sentAt?.slice(0, 10) ?? null;
  if (documentDate === null)
    missing.push('no date (no date-time group and no Sent Date attribute)');

  // The level: the classification line (or Original Classification), raised by any portion
  // marked higher. Unmarked portions follow the cable.
  const marked = cable.portions
    .map((p) => p.classification)
    .filter((c): c is Classification => c !== null);
  const stated = cable.originalClassification;
  let original: Classification | null = stated;
  if (marked.length > 0) {
    const top = highest(marked);
    if (stated === null) {
      original = top;
      warnings.push(`no classification line: classified ${top} after its highest portion marking`);
    } else if (rankOf(top) > rankOf(stated)) {
      original = top;
      warnings.push(
        `a portion is marked ${top}, above the cable's ${stated}: the document is classified ${top}, the level of its highest portion`,
      );
    }
  }
  if (original === null) {
    missing.push(
      'no classification (no classification line, no Original Classification attribute, no portion markings); declass does not guess a level',
    );
  }

  if (missing.length > 0 || documentNumber === null || documentDate === null || original === null) {
    return { ok: false, reason: `nothing usable could be read: ${missing.join('; ')}`, warnings };
  }

  const level = original;
  const portions: CablePortionPlan[] = cable.portions.map((p, i) => ({
    seq: i + 1,
    classification: p.classification ?? cable.entireTextClassification ?? level,
    text: p.text,
  }));
  if (portions.length === 0) {
    warnings.push('no text: the record is imported with its metadata and history only');
  }

  let current: Classification = cable.currentClassification ?? level;
  const denied = /^denied/i.test(cable.dispositionAction ?? '');
  if (denied && rankOf(current) < rankOf(level)) {
    warnings.push(
      `Disposition Action "${cable.dispositionAction ?? ''}" but Current Classification ${current}: a record denied in full stays ${level}`,
    );
    current = level;
  }
  // The Department released the rest and withheld a part under classification codes: that part
  // is still classified, so the record keeps its level until those exemptions end.
  const releasedInPart = /in part/i.test(cable.dispositionAction ?? '');
  if (releasedInPart && cable.exemptions.some(keepsClassified) && rankOf(current) < rankOf(level)) {
    current = level;
  }
  if (rankOf(current) > rankOf(level)) {
    warnings.push(
      `Current Classification ${current} is above the original ${level}; kept as stated`,
    );
  }

  const attribute = attributeReader(cable.attributes);
  const originalCaptions = unique(cable.captions);
  const stillInForce = attribute.has('Handling Restrictions')
    ? unique(readCaptionList(attribute.get('Handling Restrictions')))
    : originalCaptions;
  for (const caption of stillInForce) {
    if (!KNOWN_CAPTIONS.has(caption)) {
      warnings.push(
        `caption "${clip(caption)}" is not one declass knows (${CAPTIONS.join(', ')}): only a reader holding it as a caveat sees the document`,
      );
    }
  }

  const { authority, declassifyOn } = readExecutiveOrder(cable.executiveOrder);
  return {
    ok: true,
    plan: {
      documentNumber,
      title: cable.subject?.trim() || NO_SUBJECT,
      documentDate,
      originator: cable.from,
      format: 'TEL',
      tags: unique(cable.tags),
      captions: stillInForce,
      originalCaptions,
      originalClassification: level,
      currentClassification: current,
      classificationAuthority: authority,
      declassifyOn,
      restrictedData: cable.exemptions.some((c) => c === 'RD' || c === 'FRD'),
      exemptions: cable.exemptions,
      portions,
      history: legacyHistory(cable, attribute),
      warnings,
      header: {
        from: cable.from,
        to: cable.to,
        info: cable.info,
        sentAt: cable.sentAt,
        precedence: cable.precedence,
        references: cable.references,
        section: cable.section,
        tosec: cable.tosec,
        office: cable.office,
        drafter: cable.drafter,
        approver: cable.approver,
        clearances: cable.clearances,
        signature: cable.signature,
        handlingInstructions: cable.handlingInstructions,
        hasAttributeBlock: cable.hasAttributeBlock,
        complete: cable.complete,
      },
      attributes: cable.attributes,
    },
  };
}

/** `11652 GDS` ↔ `E.O. 11652: GDS`: the attribute's spelling and the E.O. line's. */
export function readExecutiveOrder(value: string | null): {
  authority: string | null;
  declassifyOn: string | null;
} {
  const text = value?.trim() ?? '';
  if (text === '' || isNone(text)) return { authority: null, declassifyOn: null };
  const m = /^(\d{5})\s*:?\s*(.*)$/.exec(text);
  if (!m) return { authority: text, declassifyOn: text };
  const order = m[1] ?? '';
  const rest = (m[2] ?? '').trim();
  return {
    authority: rest === '' ? `E.O. ${order}` : `E.O. ${order}: ${rest}`,
    declassifyOn: rest === '' || isNone(rest) ? null : rest,
  };
}

/** The inverse of `readExecutiveOrder(…).authority`, for the Executive Order attribute. */
export function executiveOrderOf(authority: string | null): string | null {
  if (authority === null) return null;
  const m = /^E\.O\. (\d{5})(?:: (.*))?$/.exec(authority);
  if (!m) return authority;
  return m[2] === undefined ? (m[1] ?? null) : `${m[1] ?? ''} ${m[2]}`;
}

function isNone(text: string): boolean {
  return /^n\/?a$/i.test(text);
}

/** The block's attributes by canonical key, whatever case the file spelled them in. */
function attributeReader(attributes: Record<string, string | null>): {
  has(key: string): boolean;
  get(key: string): string | null;
} {
  const byKey = new Map<string, string | null>();
  for (const [key, value] of Object.entries(attributes)) {
    const canonical = canonicalKey(key);
    if (canonical !== null && !byKey.has(canonical)) byKey.set(canonical, value);
  }
  return { has: (key) => byKey.has(key), get: (key) => byKey.get(key) ?? null };
}

function legacyHistory(
  cable: ParsedCable,
  attribute: { get(key: string): string | null },
): LegacyHistoryEntry[] {
  const entries: LegacyHistoryEntry[] = [];
  const entry = (
    kind: HistoryKind,
    name: string,
    fields: Partial<LegacyHistoryEntry>,
    raw: string | null,
  ): void => {
    entries.push({
      kind,
      attribute: name,
      action: null,
      date: null,
      by: null,
      reason: null,
      comment: null,
      marking: null,
      approvedOn: null,
      authority: null,
      caseNumber: null,
      ...fields,
      raw: raw ?? '',
    });
  };

  for (const e of cable.reviewHistory) {
    entry('REVIEW', 'Review History', e, attribute.get('Review History'));
  }
  if (cable.reviewAction !== null || cable.reviewDate !== null) {
    entry(
      'REVIEW',
      'Review Action',
      { action: cable.reviewAction, date: cable.reviewDate },
      [
        cable.reviewAction === null ? null : `Review Action: ${attribute.get('Review Action')}`,
        cable.reviewDate === null ? null : `Review Date: ${attribute.get('Review Date')}`,
      ]
        .filter((s) => s !== null)
        .join(' '),
    );
  }
  for (const e of cable.dispositionHistory) {
    entry('DISPOSITION', 'Disposition History', e, attribute.get('Disposition History'));
  }
  const summary = {
    action: cable.dispositionAction,
    date: cable.dispositionDate,
    reason: cable.dispositionReason,
    comment: cable.dispositionComment,
    approvedOn: cable.dispositionApprovedOn,
    authority: cable.dispositionAuthority,
    caseNumber: cable.dispositionCaseNumber,
  };
  if (Object.values(summary).some((v) => v !== null)) {
    const raw = [
      ['Disposition Action', 'Disposition Date', 'Disposition Approved on Date'],
      ['Disposition Authority', 'Disposition Case Number', 'Disposition Reason'],
      ['Disposition Comment'],
    ]
      .flat()
      .map((key) => [key, attribute.get(key)] as const)
      .filter(([, value]) => value !== null)
      .map(([key, value]) => `${key}: ${value}`)
      .join(' ');
    entry('DISPOSITION', 'Disposition Action', { ...summary, marking: cable.markings }, raw);
  } else if (cable.markings !== null) {
    // Only the Department's stamp says what happened: `Sheryl P. Walter Declassified/Released
    // US Department of State EO Systematic Review 20 Mar 2014`.
    entry('DISPOSITION', 'Markings', readStamp(cable.markings), cable.markings);
  }
  return entries;
}

const STAMP =
  /^(.*?)\s*(Declassified\/Released|Declassified|Released)\b(.*?)(\d{1,2} [A-Za-z]{3} \d{4})?\s*$/;

function readStamp(marking: string): Partial<LegacyHistoryEntry> {
  const m = STAMP.exec(marking);
  if (!m) return { marking };
  const by = (m[1] ?? '').trim();
  return {
    action: m[2] ?? null,
    date: m[4] === undefined ? null : readDate(m[4]).value,
    by: by === '' ? null : by,
    marking,
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A code of the Department's Disposition Reason that keeps information classified (not FOIA's). */
export function keepsClassified(code: string): boolean {
  return /^(1\.[45]|25X|50X|75X)/i.test(code.trim());
}
