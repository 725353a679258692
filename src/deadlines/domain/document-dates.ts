/**
 * The dates a record carries from the day it is registered or imported: when it is declassified
 * automatically. Registration and the cable importer use
 * the same functions, so a document gets the same date whichever way it arrives.
 */
import { endOfYear, isIsoDate, yearOf, type IsoDate } from '../../kernel/calendar-date';
import { automaticDeclassificationDate } from './clocks';
import { startOfDay } from '../../kernel/agency-day';
import type { NewDeadline } from './deadline';

export interface DocumentDatesInput {
  /** The record's date of origin, `YYYY-MM-DD`. */
  readonly documentDate: IsoDate;
  /** As marked: UNCLASSIFIED, LIMITED OFFICIAL USE, CONFIDENTIAL, SECRET or TOP SECRET. */
  readonly originalClassification: string;
  /** Restricted Data or Formerly Restricted Data anywhere in the record. */
  readonly restrictedData?: boolean;
  /** The originator's "Declassify On" line, read by `readDeclassifyOn`. */
  readonly declassifyOn?: DeclassifyOn | null;
}

/** An originator's "Declassify On" line, as declass understands it (E.O. 13526 §1.5, §1.6). */
export type DeclassifyOn =
  | { readonly kind: 'DATE'; readonly date: IsoDate }
  | { readonly kind: 'EVENT'; readonly event: string }
  | { readonly kind: 'EXEMPTED'; readonly code: string; readonly date: IsoDate }
  | { readonly kind: 'LEGACY'; readonly marking: string };

export type DeclassifyOnResult =
  | { readonly ok: true; readonly value: DeclassifyOn | null }
  | { readonly ok: false; readonly message: string };

/** Markings of earlier orders that carry no date of their own (E.O. 11652, 12065, 12356, 12958). */
const LEGACY =
  /^(?:(?:11652|12065|12356|12958)\s+)?(GDS(?:\s+\d{2,4})?|GS|XGDS(?:-?[1-4])?|X[1-8]|OADR|DECL:?\s*OADR|MR|RDS(?:-?[1-4])?)$/;
const DAY = /^(\d{4})-?(\d{2})-?(\d{2})$/;

/**
 * Reads the "Declassify On" line an originator marked: a date (`20250301`), an event
 * (`Event: …`, `Upon …`), an exemption with its date (`25X1, 20521231`; `50X1-HUM` and `50X2-WMD`
 * may omit it), a marking of an earlier order without a date (GDS, XGDS-1…4, X1–X8, OADR, MR,
 * RDS), or nothing (`N/A`, empty). Anything else is refused with what to write instead.
 */
export function readDeclassifyOn(line: string, documentDate: IsoDate): DeclassifyOnResult {
  const text = line.trim().replace(/\s+/g, ' ');
  if (text === '' || /^N\/?A$/i.test(text)) return { ok: true, value: null };
  const year = yearOf(documentDate);
  const automatic = endOfYear(year + 25);
  const upper = text.toUpperCase();
  const day = (raw: string): IsoDate | null => {
    const m = DAY.exec(raw);
    const iso = m ? `${m[1]}-${m[2]}-${m[3]}` : null;
    return iso && isIsoDate(iso) ? iso : null;
  };
  const refuse = (why: string): DeclassifyOnResult => ({
    ok: false,
    message: `Declassify On "${text}": ${why}`,
  });
  const date = day(text);
  if (date) {
    if (date <= documentDate)
      return refuse(`${date} is not after the record's date ${documentDate}`);
    if (date > automatic) {
      return refuse(
        `${date} is later than ${automatic}, 25 years from origin, the longest an originator may set (E.O. 13526 §1.5(b)); information kept longer is exempted: write the exemption with its date, e.g. "25X1, ${year + 50}1231"`,
      );
    }
    return { ok: true, value: { kind: 'DATE', date } };
  }
  const event = /^(?:EVENT:\s*|UPON\s+)(.{3,})$/i.exec(text);
  if (event) return { ok: true, value: { kind: 'EVENT', event: text } };
  const exemption = /^(25X[1-9]|50X1-HUM|50X2-WMD|25X1-HUMAN)(?:\s*,\s*(\S+))?$/.exec(upper);
  if (exemption) {
    const code = exemption[1] === '25X1-HUMAN' ? '50X1-HUM' : exemption[1]!;
    const limit = endOfYear(year + (code.startsWith('50X') ? 75 : 50));
    if (!exemption[2]) {
      if (code.startsWith('25X'))
        return refuse(`${code} needs its date, e.g. "${code}, ${year + 50}1231"`);
      return { ok: true, value: { kind: 'EXEMPTED', code, date: limit } };
    }
    const until = day(exemption[2]);
    if (!until) return refuse(`${exemption[2]} is not a date written YYYYMMDD`);
    if (until > limit)
      return refuse(`${code} may keep the record classified until ${limit} at the latest`);
    if (until <= automatic)
      return refuse(`${code} exempts beyond 25 years; for ${until} write the date alone`);
    return { ok: true, value: { kind: 'EXEMPTED', code, date: until } };
  }
  if (LEGACY.test(upper)) return { ok: true, value: { kind: 'LEGACY', marking: upper } };
  return refuse(
    `write a date YYYYMMDD no later than ${automatic.replace(/-/g, '')}, an event ("Event: …"), an exemption with its date ("25X1, ${year + 50}1231", "50X1-HUM"), a marking of an earlier order (GDS, XGDS-1…4, X1–X8, OADR, MR, RDS), or N/A`,
  );
}

export interface DocumentDates {
  /** The day E.O. 13526 §3.3 declassifies the record, or null when it never does automatically. */
  readonly autoDeclassifyOn: IsoDate | null;
  /** Why, in one sentence an auditor can check. */
  readonly rule: string;
}

/** Markings that are not classification levels: there is nothing to declassify. */
const NOT_CLASSIFIED = new Set(['UNCLASSIFIED', 'LIMITED OFFICIAL USE']);

/**
 * A record's automatic declassification date: 31 December of the year 25 years after its origin
 * (a 1977 cable: 2002-12-31), whatever its declassify-on marking says — legacy markings (GDS,
 * XGDS, X1–X8, OADR, MR) count as "25 years from origin". Null for Restricted Data / Formerly
 * Restricted Data, which is never declassified automatically, and for records that were never
 * classified (UNCLASSIFIED; LIMITED OFFICIAL USE is a handling control, not a level).
 *
 * @throws RangeError for a malformed document date (validate at the edge).
 */
export function documentDates(input: DocumentDatesInput): DocumentDates {
  const automatic = automaticDeclassificationDate({
    documentDate: input.documentDate,
    restrictedData: input.restrictedData ?? false,
  });
  if (automatic === null) {
    return {
      autoDeclassifyOn: null,
      rule: 'Restricted Data and Formerly Restricted Data are never declassified automatically; the record goes to the Department of Energy for page-by-page review (E.O. 13526 §6.2(a); Pub. L. 105-261 §3161)',
    };
  }
  if (NOT_CLASSIFIED.has(input.originalClassification)) {
    return {
      autoDeclassifyOn: null,
      rule: `${input.originalClassification} is not a classification level under E.O. 13526 §1.2, so there is nothing to declassify automatically`,
    };
  }
  const twentyFive = `Declassified automatically on 31 December of the 25th year after origin (E.O. 13526 §3.3(a); 32 CFR 2001.30): origin ${input.documentDate}, declassified on ${automatic} unless an exemption applies`;
  const marked = input.declassifyOn;
  if (!marked) return { autoDeclassifyOn: automatic, rule: twentyFive };
  switch (marked.kind) {
    case 'DATE':
      return {
        autoDeclassifyOn: marked.date,
        rule: `Declassified on ${marked.date}, the date its originator set (E.O. 13526 §1.5(a)), before its 25-year date ${automatic}`,
      };
    case 'EXEMPTED':
      return {
        autoDeclassifyOn: marked.date,
        rule: `Exempted by its originator under ${marked.code} until ${marked.date} (E.O. 13526 §3.3(b)–(h); 32 CFR 2001.26), then declassified`,
      };
    case 'EVENT':
      return {
        autoDeclassifyOn: automatic,
        rule: `${twentyFive}; declassified earlier if its originator's event comes first (${marked.event}, E.O. 13526 §1.5(a)): a reviewer records when it did`,
      };
    case 'LEGACY':
      return {
        autoDeclassifyOn: automatic,
        rule: `${twentyFive}; the marking ${marked.marking} of an earlier order carries no date of its own and counts as 25 years from origin`,
      };
  }
}

/**
 * The AUTO_DECLASSIFY deadline row for a document, or null when it has no automatic date. It falls
 * due at the start of that day in the agency's `timeZone`, since the order declassifies the record
 * *on* 31 December.
 */
export function autoDeclassifyDeadline(
  documentId: string,
  dates: DocumentDates,
  timeZone: string,
): NewDeadline | null {
  if (dates.autoDeclassifyOn === null) return null;
  return {
    kind: 'AUTO_DECLASSIFY',
    subjectType: 'DOCUMENT',
    subjectId: documentId,
    dueAt: startOfDay(dates.autoDeclassifyOn, timeZone),
    rule: dates.rule,
  };
}

/** How long the Department's recorded withholding of an imported record keeps it classified. */
export type ImportedWithholding =
  | { readonly kind: 'NONE' }
  | { readonly kind: 'UNTIL'; readonly date: IsoDate; readonly rule: string }
  | { readonly kind: 'INDEFINITE'; readonly rule: string };

/**
 * The end of what an imported record's Disposition Reason withholds, from its codes, which the
 * Department recorded without dates: a 25X exemption ends 50 years from origin unless exempted
 * again under 50X (E.O. 13526 §3.3(h)(1)), a 50X one at 75 years (§3.3(h)(2)), a 1.4 or 1.5 code
 * on the 25-year date; the latest of them wins. 75X and atomic-energy codes have no end declass
 * can compute; FOIA codes keep nothing classified.
 */
export function importedWithholding(
  documentDate: IsoDate,
  codes: readonly string[],
): ImportedWithholding {
  const year = yearOf(documentDate);
  let latest: IsoDate | null = null;
  for (const raw of codes) {
    const code = raw.trim().toUpperCase();
    if (/^(75X|RD$|FRD$|TFNI$)/.test(code)) {
      return {
        kind: 'INDEFINITE',
        rule: `withheld under ${codes.join(', ')}: ${code} has no end declass can compute, so a re-review decides it`,
      };
    }
    const ends = code.startsWith('50X')
      ? endOfYear(year + 75)
      : code.startsWith('25X')
        ? endOfYear(year + 50)
        : /^1\.[45]/.test(code)
          ? endOfYear(year + 25)
          : null;
    if (ends && (!latest || ends > latest)) latest = ends;
  }
  if (!latest) return { kind: 'NONE' };
  return {
    kind: 'UNTIL',
    date: latest,
    rule: `The Department withheld part of it under ${codes.join(', ')}, recorded without dates: a 25X exemption ends 50 years from origin unless exempted again under 50X, a 50X one at 75 years (E.O. 13526 §3.3(h)); what it withheld is declassified on ${latest}`,
  };
}
