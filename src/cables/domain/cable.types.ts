/**
 * What the importer reads out of a State Department telegram export, its header and its
 * "Message Attributes" block. Dates are ISO strings: `YYYY-MM-DD` for days, a full UTC
 * timestamp for the moment a cable was sent. Missing or "no date" values are null, never guessed.
 */

/** Spelled as the Department spells them; LIMITED OFFICIAL USE is kept as found, not mapped to U. */
export type Classification =
  'UNCLASSIFIED' | 'LIMITED OFFICIAL USE' | 'CONFIDENTIAL' | 'SECRET' | 'TOP SECRET';

/** The precedence prosign of the date-time group line: Z, O, P, R. */
export type Precedence = 'FLASH' | 'IMMEDIATE' | 'PRIORITY' | 'ROUTINE';

/**
 * One step of a Review History (`RELEASED <16 Jun 2008 by oner>`) or Disposition History
 * (`Released in Part by REVIEWER ONE on 17-JUN-08 ;`) attribute.
 */
export interface HistoryEntry {
  /** As written: `RELEASED`, `APPROVED`, `WITHDRAWN`, `Released in Part` … */
  action: string;
  /** ISO day, or null when absent or the legacy "no date". */
  date: string | null;
  /** The legacy system's user name or the reviewer's name, as written. */
  by: string | null;
  /** What follows the name after a comma: `PRIVACY`, exemption codes … */
  reason: string | null;
}

/**
 * The disposition part of a "Message Attributes" block: what a review decided about a record.
 * `formatAttributeBlock` writes these and `parseAttributeBlock` reads them back unchanged.
 */
export interface DispositionFields {
  documentNumber: string | null;
  subject: string | null;
  tags: string[];
  originalClassification: Classification | null;
  currentClassification: Classification | null;
  /** `11652 GDS`, `11652 XGDS-1`, `12065 GDS 9/14/85 (PRECHT, HENRY)` … */
  executiveOrder: string | null;
  /** Captions the cable was sent with (`Original Handling Restrictions`). */
  originalHandlingRestrictions: string[];
  /** Captions still in force after review (`Handling Restrictions`); empty once decaptioned. */
  handlingRestrictions: string[];
  /** `RELEASED, APPROVED`: the reviewer's then the approver's action. */
  reviewAction: string | null;
  reviewDate: string | null;
  reviewHistory: HistoryEntry[];
  /** `RELEASED`, `Released in Full`, `Released in Part`, `Denied in Full` … */
  dispositionAction: string | null;
  dispositionDate: string | null;
  dispositionApprovedOn: string | null;
  dispositionAuthority: string | null;
  dispositionCaseNumber: string | null;
  /** Exemption codes as written: `1.4D, 25X1, 25X6`. */
  dispositionReason: string | null;
  /** `25 YEAR REVIEW` … */
  dispositionComment: string | null;
  dispositionHistory: HistoryEntry[];
  /** The declassification stamp: `Declassified/Released US Department of State EO Systematic Review 22 May 2009`. */
  markings: string | null;
}

/** A "Message Attributes" block as read: every raw pair plus the disposition fields drawn from them. */
export interface AttributeBlock {
  /** Every pair of the block, key as found, value trimmed; `n/a` and empty are null. */
  attributes: Record<string, string | null>;
  fields: DispositionFields;
  warnings: string[];
}

/** One paragraph of the body: the unit a reviewer releases or withholds. */
export interface CablePortion {
  /** 0-based position in the body. */
  index: number;
  /** The paragraph label as typed: `1.`, `3).`, `A.`, `III.`; null for unlabelled paragraphs. */
  label: string | null;
  /** The portion marking as typed: `(S)`, `(C-ENTIRE TEXT)`; null when the paragraph has none. */
  marking: string | null;
  /**
   * The level the cable gives this paragraph: its own marking, or an `ENTIRE TEXT` marking
   * elsewhere in the cable. Null when unmarked: the caller decides what an unmarked portion is.
   */
  classification: Classification | null;
  /** The paragraph with page furniture removed and broken lines and words rejoined. */
  text: string;
}

export interface CableSection {
  n: number;
  of: number;
}

/** A telegram as the importer understood it. Nothing is dropped silently: see `warnings`. */
export interface ParsedCable extends DispositionFields {
  /** The file name given to the parser, without directories. */
  file: string | null;
  /** Captions the cable carries or carried (header lines and Original Handling Restrictions). */
  captions: string[];
  /** Header lines about delivery (`DEPT PASS HUD HANCOCK`, `FOR SHINN FROM GARRISON`). */
  handlingInstructions: string[];
  /** From the date-time group (`160106Z JUN 77`), else the Sent Date attribute. */
  sentAt: string | null;
  documentDate: string | null;
  from: string | null;
  /** Action addressees, without their per-addressee precedence or serial numbers. */
  to: string[];
  /** Information addressees. */
  info: string[];
  precedence: Precedence | null;
  /** Cited telegrams, one per reference, letter label normalised to `A. `. */
  references: string[];
  section: CableSection | null;
  /** The Secretary's travel series number: `TOSEC 190010`, `SECTO 12034`. */
  tosec: string | null;
  /** `ORIGIN EUR-12` / `ACTION ARA-10` from the header. */
  office: string | null;
  drafter: string | null;
  approver: string | null;
  /** The clearing officers listed under APPROVED BY. */
  clearances: string[];
  /** The signing name at the end of a complete cable (`KISSINGER`); it stays in the text too. */
  signature: string | null;
  /** Exemption codes cited anywhere in the disposition, upper case, without spaces, deduplicated. */
  exemptions: string[];
  hasText: boolean;
  /** The body with page furniture removed, paragraphs separated by a blank line. */
  text: string;
  portions: CablePortion[];
  /** The level of a `(C - ENTIRE TEXT)` marking, which covers every paragraph. */
  entireTextClassification: Classification | null;
  attributes: Record<string, string | null>;
  hasAttributeBlock: boolean;
  /** True when the export reaches its end (`NNN` or `<< END OF DOCUMENT >>`) or has an attribute block. */
  complete: boolean;
  /** Everything the parser could not place; the import records these as warnings. */
  warnings: string[];
}
