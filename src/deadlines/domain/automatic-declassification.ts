/**
 * What happens when a record reaches a date on which its classification lapses: its automatic
 * declassification date (E.O. 13526 §3.3; 32 CFR 2001.30), or the date an exemption that kept a
 * withheld portion classified expires (§1.5, §3.3(b)–(h)). The record is declassified whether or
 * not it was reviewed and whether or not a review is in progress: only Restricted Data and
 * exemptions still in force keep anything classified, and then only at the level of what they keep.
 */
import { CLASSIFICATION_FAMILIES, type ExemptionFamily } from '../../review/domain/exemptions';
import { highest, rankOf, type Classification } from '../../kernel/classification';
import type { IsoDate } from '../../kernel/calendar-date';

/** The rule an automatic declassification names in its audit event. */
export const AUTOMATIC_DECLASSIFICATION_RULE =
  'E.O. 13526 §3.3(a); 32 CFR 2001.30: a permanent record is declassified automatically on 31 December of the 25th year after its origin, whether or not it was reviewed';

/** The rule when an exemption's date comes: the information it kept classified is declassified. */
export const EXEMPTION_EXPIRY_RULE =
  'E.O. 13526 §1.5(a), §3.3(b)–(h): on the date an exemption ends, the information it kept classified is declassified unless it was exempted again';

export interface CitedExemption {
  readonly code: string;
  readonly family: ExemptionFamily;
  readonly expiresOn: IsoDate | null;
}

export interface WithheldPortion {
  readonly seq: number;
  /** The portion's marked level. */
  readonly classification: Classification;
  readonly exemptions: readonly CitedExemption[];
}

export interface AutomaticDeclassificationFacts {
  /** The agency's date on which the deadline is acted on. */
  readonly today: IsoDate;
  readonly currentClassification: Classification;
  readonly restrictedData: boolean;
  /** The portions the latest determination withheld, with the codes it cited. */
  readonly withheld: readonly WithheldPortion[];
}

export type AutomaticDeclassificationDecision =
  | {
      readonly declassify: true;
      /** UNCLASSIFIED, or the level of what exemptions still in force keep classified. */
      readonly to: Classification;
      readonly rule: string;
      /** The next day an exemption still in force ends, when the record is looked at again. */
      readonly nextCheckOn: IsoDate | null;
    }
  | {
      readonly declassify: false;
      readonly reason: 'RESTRICTED_DATA' | 'NOT_CLASSIFIED' | 'EXEMPTED';
      /** Why, in words a reviewer understands. */
      readonly message: string;
      readonly nextCheckOn: IsoDate | null;
    };

/**
 * Whether a cited exemption still keeps its portion classified on `today`. Classification codes
 * hold until their date (exclusive: a code dated 31 December lapses on that day); atomic-energy
 * markings hold until the Department of Energy removes them; FOIA b-codes withhold from release but
 * do not keep information classified, so they never stop declassification.
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
  const { today } = facts;
  if (facts.restrictedData) {
    return {
      declassify: false,
      reason: 'RESTRICTED_DATA',
      message:
        'The record holds Restricted Data, Formerly Restricted Data or Transclassified Foreign Nuclear Information, which only the Department of Energy declassifies (Atomic Energy Act §142; E.O. 13526 §6.2(a)); it is never declassified automatically',
      nextCheckOn: null,
    };
  }
  if (rankOf(facts.currentClassification) === 0) {
    return {
      declassify: false,
      reason: 'NOT_CLASSIFIED',
      message: `The record is already ${facts.currentClassification}; there is nothing to declassify`,
      nextCheckOn: null,
    };
  }
  const held = facts.withheld
    .map((portion) => ({
      portion,
      inForce: portion.exemptions.filter((exemption) => exemptionInForce(exemption, today)),
    }))
    .filter((h) => h.inForce.length > 0);
  const nextCheckOn =
    held
      .flatMap((h) => h.inForce.map((e) => e.expiresOn))
      .filter((d): d is IsoDate => d !== null)
      .sort()[0] ?? null;
  const to = held.length > 0 ? highest(held.map((h) => h.portion.classification)) : 'UNCLASSIFIED';
  const kept = held
    .flatMap((h) =>
      h.inForce.map(
        (e) =>
          `portion #${h.portion.seq} under ${e.code}${e.expiresOn ? ` until ${e.expiresOn}` : ''}`,
      ),
    )
    .join('; ');
  if (rankOf(to) >= rankOf(facts.currentClassification)) {
    return {
      declassify: false,
      reason: 'EXEMPTED',
      message: `Kept classified by an exemption still in force: ${kept} (E.O. 13526 §3.3(b)–(h))${nextCheckOn ? `; looked at again on ${nextCheckOn}` : ''}`,
      nextCheckOn,
    };
  }
  const exempted = facts.withheld.some((p) =>
    p.exemptions.some((e) => CLASSIFICATION_FAMILIES.has(e.family)),
  );
  return {
    declassify: true,
    to,
    rule:
      held.length > 0
        ? `${EXEMPTION_EXPIRY_RULE}; what stays classified is ${to}: ${kept}`
        : exempted
          ? `${EXEMPTION_EXPIRY_RULE}; every exemption has ended`
          : `${AUTOMATIC_DECLASSIFICATION_RULE}; no exemption was in force`,
    nextCheckOn,
  };
}
