/**
 * Statutory clocks: when a review's decision is due, and why.
 *
 * Everything here is a pure function of its arguments. A clock is never stored as a mutable
 * countdown: it is recomputed from the review's kind, its dates and the list of recorded
 * adjustments (TOLL, RESUME, EXTEND, SET_DUE_DATE), so any due date can be explained line by line
 * and re-derived after a holiday table or a rule is corrected.
 *
 * This module holds the shared types, the 25-year date and the due date each kind of review starts
 * with; replaying the adjustments is `computeClock` in `clock-replay`.
 */
import {
  addYears,
  endOfYear,
  fromDayNumber,
  toDayNumber,
  yearOf,
  type IsoDate,
} from '../../kernel/calendar-date';
import { addCalendarDays, addWorkingDays, type SkippedDay } from './working-days';

export type ReviewKind = 'SYSTEMATIC' | 'AUTOMATIC_25' | 'MDR' | 'FOIA' | 'APPEAL' | 'RE_REVIEW';

/** A typed refusal: never thrown, so a service can turn it into a 422 with the message as is. */
export interface Refusal<Code extends string> {
  readonly ok: false;
  readonly code: Code;
  /** What was wrong and what to do instead, in words a reviewer understands. */
  readonly message: string;
}

// ---------------------------------------------------------------------------------------------
// Automatic declassification

/** The longest delay E.O. 13526 §3.3 allows (hard-to-review media: 5 years; new records: 3). */
export const MAX_AUTOMATIC_DELAY_YEARS = 5;

export interface AutomaticDeclassificationInput {
  /** The record's date of origin; for an integral file block, its newest record's date. */
  readonly documentDate: IsoDate;
  /** Restricted Data or Formerly Restricted Data anywhere in the record. */
  readonly restrictedData: boolean;
  /** An approved delay in whole years (0–5). */
  readonly delayYears?: number;
}

/**
 * The day a permanent record is declassified whether or not anyone reviewed it: 31 December of
 * the year 25 years (plus any delay) after its origin (E.O. 13526 §3.3(a); 32 CFR 2001.30).
 * A 1977 cable → `2002-12-31`. Null for Restricted / Formerly Restricted Data, which is never
 * declassified automatically and goes to the Department of Energy instead.
 *
 * @throws RangeError for a malformed date or a delay outside 0–5 whole years.
 */
export function automaticDeclassificationDate(
  input: AutomaticDeclassificationInput,
): IsoDate | null {
  const origin = yearOf(input.documentDate);
  const delay = input.delayYears ?? 0;
  if (!Number.isInteger(delay) || delay < 0 || delay > MAX_AUTOMATIC_DELAY_YEARS) {
    throw new RangeError(
      `A delay of automatic declassification is 0 to ${MAX_AUTOMATIC_DELAY_YEARS} whole years, not ${delay}.`,
    );
  }
  if (input.restrictedData) return null;
  return endOfYear(origin + 25 + delay);
}

// ---------------------------------------------------------------------------------------------
// Initial due dates

export interface InitialDueDateInput {
  readonly kind: ReviewKind;
  /** The day the request, appeal or review arrived; the clock counts from the day after. */
  readonly receivedOn: IsoDate;
  readonly documentDate: IsoDate;
  /**
   * RE_REVIEW: the expiry of the exemption being re-reviewed, as review/domain's
   * `validateExemption` recorded it (the re-review deadline's date).
   */
  readonly exemptionExpiry?: IsoDate | null;
  /** MDR: NARA forwarded the request to this agency, which then has 180 days. */
  readonly forwardedByNara?: boolean;
  /** APPEAL: which decision is appealed. FOIA (default) → 20 working days; MDR → 60. */
  readonly appealOf?: 'FOIA' | 'MDR';
  /** AUTOMATIC_25 / SYSTEMATIC: see `automaticDeclassificationDate`. */
  readonly restrictedData?: boolean;
  readonly delayYears?: number;
}

export interface RuledDueDate {
  /** Null when no deadline applies (RD/FRD at 25 years; a re-review with no expiry). */
  readonly dueDate: IsoDate | null;
  /** The rule applied and its source, in one sentence. */
  readonly rule: string;
  readonly skipped: readonly SkippedDay[];
}

export const FOIA_WORKING_DAYS = 20;
export const FOIA_EXTENSION_WORKING_DAYS = 10;
export const MDR_APPEAL_WORKING_DAYS = 60;
export const NARA_FORWARDED_MDR_DAYS = 180;

/**
 * The due date a review starts with, before any adjustment.
 *
 * AUTOMATIC_25, SYSTEMATIC and RE_REVIEW are due the day before a fixed date on which the record
 * is declassified whether or not the review is done (the 25-year date, the day an exemption ends).
 * When that day has already come on the day the review opens, the review is due on that day: a deadline earlier than the work itself could never have been met, and
 * would make "days overdue" count years in which the review did not exist. The rule says so, and
 * names the statutory date, so nothing is hidden.
 *
 * @throws RangeError for malformed dates (validate at the edge, or use `computeClock`).
 */
export function initialDueDate(input: InitialDueDateInput): RuledDueDate {
  const { kind, receivedOn } = input;
  // Fail on a malformed date even for kinds whose due date does not depend on it.
  toDayNumber(receivedOn);
  switch (kind) {
    case 'FOIA':
      return {
        ...addWorkingDays(receivedOn, FOIA_WORKING_DAYS),
        rule: 'FOIA: 20 working days after receipt (5 U.S.C. 552(a)(6)(A)(i))',
      };
    case 'APPEAL':
      return input.appealOf === 'MDR'
        ? {
            ...addWorkingDays(receivedOn, MDR_APPEAL_WORKING_DAYS),
            rule: 'MDR appeal: 60 working days after receipt of the appeal (E.O. 13526 §3.5; 32 CFR 2001.33(a)(2))',
          }
        : {
            ...addWorkingDays(receivedOn, FOIA_WORKING_DAYS),
            rule: 'FOIA appeal: 20 working days after receipt of the appeal (5 U.S.C. 552(a)(6)(A)(ii))',
          };
    case 'MDR':
      return input.forwardedByNara
        ? {
            ...addCalendarDays(receivedOn, NARA_FORWARDED_MDR_DAYS),
            rule: 'MDR forwarded by NARA: a determination within 180 calendar days of receipt (36 CFR 1260.52(a))',
          }
        : {
            dueDate: addYears(receivedOn, 1),
            skipped: [],
            rule: 'MDR: a final determination within 1 year of receipt (E.O. 13526 §3.5; 32 CFR 2001.33(a)(2))',
          };
    case 'AUTOMATIC_25':
    case 'SYSTEMATIC':
      return automaticReviewDueDate(input);
    case 'RE_REVIEW':
      return reReviewDueDate(input);
  }
}

function automaticReviewDueDate(input: InitialDueDateInput): RuledDueDate {
  const source =
    input.kind === 'SYSTEMATIC'
      ? 'E.O. 13526 §3.3(a); 32 CFR 2001.30, 2001.31'
      : 'E.O. 13526 §3.3(a); 32 CFR 2001.30';
  const automatic = automaticDeclassificationDate({
    documentDate: input.documentDate,
    restrictedData: input.restrictedData ?? false,
    delayYears: input.delayYears,
  });
  if (automatic === null) {
    return {
      dueDate: null,
      skipped: [],
      rule: `${input.kind}: no automatic declassification date, as Restricted Data and Formerly Restricted Data are never declassified automatically and go to the Department of Energy for page-by-page review (E.O. 13526 §6.2(a); Pub. L. 105-261 §3161)`,
    };
  }
  const delay = input.delayYears ? ` plus a ${input.delayYears}-year delay` : '';
  const rule = `${input.kind}: decided by the day before 31 December of the 25th year after origin${delay}, when the record is declassified automatically whether or not the review is done (${source})`;
  return dueTheDayBefore(automatic, input.receivedOn, rule, 'automatic declassification date');
}

function reReviewDueDate(input: InitialDueDateInput): RuledDueDate {
  const expiry = input.exemptionExpiry ?? null;
  if (expiry === null) {
    return {
      dueDate: null,
      skipped: [],
      rule: 'RE_REVIEW: the exemption has no expiry date of its own (a FOIA b-code, or RD/FRD/TFNI until the Department of Energy removes the designation), so no deadline applies (E.O. 13526 §3.3; 32 CFR 2001.26)',
    };
  }
  toDayNumber(expiry); // a malformed expiry would otherwise compare as a string and slip through
  const rule = `RE_REVIEW: decided by the day before the exemption ends on ${expiry}, when the information is declassified unless it is exempted again (E.O. 13526 §1.5(a), §3.3; 32 CFR 2001.26)`;
  return dueTheDayBefore(expiry, input.receivedOn, rule, "exemption's expiry date");
}

/** Due the day before `statutory` (the date that acts whether or not the review is done). */
function dueTheDayBefore(
  statutory: IsoDate,
  receivedOn: IsoDate,
  rule: string,
  what: string,
): RuledDueDate {
  const due = fromDayNumber(toDayNumber(statutory) - 1);
  if (due >= receivedOn) return { dueDate: due, skipped: [], rule };
  return {
    dueDate: receivedOn,
    skipped: [],
    rule: `${rule}; the ${what} ${statutory} had already come when the review opened, so it is due on ${receivedOn}`,
  };
}

/**
 * An equity referral's answer is due a year after it is sent; an equity not answered in time is
 * no longer protected (E.O. 13526 §3.3(d)(3); 32 CFR 2001.34).
 */
export function referralDueDate(sentOn: IsoDate): RuledDueDate & { readonly dueDate: IsoDate } {
  return {
    dueDate: addYears(sentOn, 1),
    skipped: [],
    rule: 'Equity referral: the referred agency answers within 1 year of the referral (E.O. 13526 §3.3(d)(3); 32 CFR 2001.34)',
  };
}
