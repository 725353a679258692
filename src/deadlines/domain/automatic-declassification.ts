/**
 * What happens when a record reaches its automatic declassification date (E.O. 13526 §3.3;
 * 32 CFR 2001.30): it is declassified, reviewed or not, unless Restricted Data is in it, a review
 * of it is in progress, or a withheld portion is still covered by an exemption.
 */
import type { ExemptionFamily } from '../../review/domain/exemptions';
import type { IsoDate } from './calendar-date';

/** The rule an automatic declassification names in its audit event. */
export const AUTOMATIC_DECLASSIFICATION_RULE =
  'E.O. 13526 §3.3(a); 32 CFR 2001.30: a permanent record is declassified automatically on 31 December of the 25th year after its origin, whether or not it was reviewed';

/** While a review is open, the record is looked at again after this many days at the latest. */
export const RECHECK_AFTER_OPEN_REVIEW_DAYS = 7;

export interface CitedExemption {
  readonly code: string;
  readonly family: ExemptionFamily;
  readonly expiresOn: IsoDate | null;
}

export interface WithheldPortion {
  readonly seq: number;
  readonly exemptions: readonly CitedExemption[];
}

export interface AutomaticDeclassificationFacts {
  /** The instant the deadline is acted on, ISO. */
  readonly now: string;
  readonly currentClassification: string;
  readonly restrictedData: boolean;
  readonly openReview: {
    readonly id: string;
    readonly kind: string;
    readonly dueAt: string | null;
  } | null;
  /** The portions the latest determination withheld, with the codes it cited. */
  readonly withheld: readonly WithheldPortion[];
}

export type AutomaticDeclassificationDecision =
  | { readonly declassify: true; readonly rule: string }
  | {
      readonly declassify: false;
      readonly reason: 'RESTRICTED_DATA' | 'NOT_CLASSIFIED' | 'REVIEW_IN_PROGRESS' | 'EXEMPTED';
      /** Why, in words a reviewer understands. */
      readonly message: string;
      /** When to look again (a review in progress may end without a determination). */
      readonly recheckAt: string | null;
    };

const CLASSIFICATION_FAMILIES: ReadonlySet<ExemptionFamily> = new Set([
  '1.4',
  '25X',
  '50X-HUM-WMD',
  '50X',
  '75X',
]);

/**
 * Whether a cited exemption still keeps its portion classified on `today`. Classification codes
 * hold until their date (exclusive: a code dated 31 December lapses on that day); atomic-energy
 * markings hold until the Department of Energy removes them; FOIA b-codes withhold from release but
 * do not keep information classified, so they never stop automatic declassification.
 */
export function exemptionInForce(exemption: CitedExemption, today: IsoDate): boolean {
  if (exemption.family === 'ATOMIC') return true;
  if (!CLASSIFICATION_FAMILIES.has(exemption.family)) return false;
  return exemption.expiresOn === null || exemption.expiresOn > today;
}

/** The decision, from the facts as they are when the deadline is acted on. */
export function decideAutomaticDeclassification(
  facts: AutomaticDeclassificationFacts,
): AutomaticDeclassificationDecision {
  const today = facts.now.slice(0, 10);
  if (facts.restrictedData) {
    return {
      declassify: false,
      reason: 'RESTRICTED_DATA',
      message:
        'The record holds Restricted Data or Formerly Restricted Data, which is never declassified automatically (E.O. 13526 §6.2(a)); it goes to the Department of Energy',
      recheckAt: null,
    };
  }
  if (
    facts.currentClassification === 'UNCLASSIFIED' ||
    facts.currentClassification === 'LIMITED OFFICIAL USE'
  ) {
    return {
      declassify: false,
      reason: 'NOT_CLASSIFIED',
      message: `The record is already ${facts.currentClassification}; there is nothing to declassify`,
      recheckAt: null,
    };
  }
  if (facts.openReview) {
    const later = addDays(facts.now, RECHECK_AFTER_OPEN_REVIEW_DAYS);
    const dueAt = facts.openReview.dueAt;
    return {
      declassify: false,
      reason: 'REVIEW_IN_PROGRESS',
      message: `A ${facts.openReview.kind} review (${facts.openReview.id}) is in progress; its determination decides what stays classified. The record is looked at again if it ends without one`,
      recheckAt: dueAt !== null && dueAt > facts.now && dueAt < later ? dueAt : later,
    };
  }
  const inForce = facts.withheld.flatMap((portion) =>
    portion.exemptions
      .filter((exemption) => exemptionInForce(exemption, today))
      .map(
        (exemption) =>
          `portion #${portion.seq} under ${exemption.code}${exemption.expiresOn ? ` until ${exemption.expiresOn}` : ''}`,
      ),
  );
  if (inForce.length > 0) {
    return {
      declassify: false,
      reason: 'EXEMPTED',
      message: `Withheld by an exemption still in force: ${inForce.join('; ')} (E.O. 13526 §3.3(b)–(h)); the record is reviewed again when it expires`,
      recheckAt: null,
    };
  }
  return {
    declassify: true,
    rule: `${AUTOMATIC_DECLASSIFICATION_RULE}; no review was in progress and no exemption was in force`,
  };
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}
