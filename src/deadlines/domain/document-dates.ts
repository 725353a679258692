/**
 * The dates a record carries from the day it is registered or imported: when it is declassified
 * automatically. Registration and the cable importer use
 * the same functions, so a document gets the same date whichever way it arrives.
 */
import { type IsoDate } from './calendar-date';
import { automaticDeclassificationDate } from './clocks';
import { startOfDay, type NewDeadline } from './deadline';

export interface DocumentDatesInput {
  /** The record's date of origin, `YYYY-MM-DD`. */
  readonly documentDate: IsoDate;
  /** As marked: UNCLASSIFIED, LIMITED OFFICIAL USE, CONFIDENTIAL, SECRET or TOP SECRET. */
  readonly originalClassification: string;
  /** Restricted Data or Formerly Restricted Data anywhere in the record. */
  readonly restrictedData?: boolean;
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
  return {
    autoDeclassifyOn: automatic,
    rule: `Declassified automatically on 31 December of the 25th year after origin (E.O. 13526 §3.3(a); 32 CFR 2001.30): origin ${input.documentDate}, declassified on ${automatic} unless a review is in progress or an exemption applies`,
  };
}

/**
 * The AUTO_DECLASSIFY deadline row for a document, or null when it has no automatic date. It falls
 * due at the start of the day, since the order declassifies the record *on* 31 December.
 */
export function autoDeclassifyDeadline(
  documentId: string,
  dates: DocumentDates,
): NewDeadline | null {
  if (dates.autoDeclassifyOn === null) return null;
  return {
    kind: 'AUTO_DECLASSIFY',
    subjectType: 'DOCUMENT',
    subjectId: documentId,
    dueAt: startOfDay(dates.autoDeclassifyOn),
    rule: dates.rule,
  };
}
