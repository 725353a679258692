import { startOfDay } from '../../kernel/agency-day';
import type { NewDeadline } from '../../deadlines/domain/deadline';
import {
  autoDeclassifyDeadline,
  documentDates,
  importedWithholding,
  readDeclassifyOn,
} from '../../deadlines/domain/document-dates';
import { rankOf } from '../../kernel/classification';
import type { CableDocumentPlan } from '../domain/cable-document';

export interface AutomaticDeclassification {
  autoDeclassifyOn: string | null;
  rule: string;
  deadlines: NewDeadline[];
  note: string | null;
}

/**
 * The record's automatic declassification: its date by the rule registration uses
 * (`documentDates`), and the AUTO_DECLASSIFY deadline row written in the import's transaction —
 * except where there is nothing left to do: a cable already released has no classification to
 * lose. One the Department withheld (in full or in part) under exemption codes is declassified
 * when those end, at 50 years for 25X and 75 for 50X; one withheld under a code with no end
 * declass can compute (75X, atomic energy) waits for a re-review.
 */
export function automaticDeclassificationOf(
  documentId: string,
  plan: CableDocumentPlan,
  timeZone: string,
): AutomaticDeclassification {
  // A cable's Executive Order line is kept as found; one declass cannot read counts as 25 years.
  const marked = plan.declassifyOn ? readDeclassifyOn(plan.declassifyOn, plan.documentDate) : null;
  const dates = documentDates({
    documentDate: plan.documentDate,
    originalClassification: plan.originalClassification,
    restrictedData: plan.restrictedData,
    declassifyOn: marked?.ok ? marked.value : null,
  });
  const deadline = autoDeclassifyDeadline(documentId, dates, timeZone);
  const base = { autoDeclassifyOn: dates.autoDeclassifyOn, rule: dates.rule };
  if (deadline === null) return { ...base, deadlines: [], note: null };
  if (rankOf(plan.currentClassification) === 0) return { ...base, deadlines: [], note: null };
  const withheld = importedWithholding(plan.documentDate, plan.exemptions);
  switch (withheld.kind) {
    case 'NONE':
      return { ...base, deadlines: [deadline], note: null };
    case 'INDEFINITE':
      return {
        ...base,
        deadlines: [],
        note: `not scheduled for automatic declassification: the recorded disposition ${withheld.rule}`,
      };
    case 'UNTIL':
      return {
        autoDeclassifyOn: withheld.date,
        rule: withheld.rule,
        deadlines: [
          { ...deadline, dueAt: startOfDay(withheld.date, timeZone), rule: withheld.rule },
        ],
        note: null,
      };
  }
}
