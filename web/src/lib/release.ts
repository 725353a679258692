/**
 * The release copy as it would come out of the current decisions, computed in the browser so the
 * reviewer sees it while deciding. The server computes the real one on approval
 * (GET /api/reviews/:id/release); this preview follows the same reading of the decisions.
 */
import type { Decision, ReviewPortion } from './types';

export type PreviewPortion =
  | { seq: number; id: string; kind: 'released'; classification: string; text: string }
  | { seq: number; id: string; kind: 'withheld'; classification: string; codes: string[] }
  | { seq: number; id: string; kind: 'referred'; classification: string; agency: string }
  | { seq: number; id: string; kind: 'undecided'; classification: string };

export function previewPortions(
  portions: readonly ReviewPortion[],
  texts: ReadonlyMap<string, string>,
  openReferrals: ReadonlyMap<string, string> = new Map(),
): PreviewPortion[] {
  return portions.map((p) => {
    const base = { seq: p.seq, id: p.id, classification: p.classification };
    const d: Decision | null = p.decision;
    const referredTo = openReferrals.get(p.id);
    if (referredTo) return { ...base, kind: 'referred', agency: referredTo };
    if (!d) return { ...base, kind: 'undecided' };
    switch (d.action) {
      case 'RELEASE':
        return { ...base, kind: 'released', text: texts.get(p.id) ?? '' };
      case 'EXEMPT':
        return { ...base, kind: 'withheld', codes: d.exemptions };
      case 'REFER':
        return { ...base, kind: 'referred', agency: d.agency ?? 'another agency' };
    }
  });
}

/** The determination the decisions call for (the server checks the same on PROPOSE). */
export function determinationOf(portions: readonly ReviewPortion[]): string | null {
  const actions = portions.map((p) => p.decision?.action);
  if (actions.some((a) => a === undefined || a === 'REFER')) return null;
  if (actions.every((a) => a === 'RELEASE')) return 'RELEASE_IN_FULL';
  if (actions.every((a) => a === 'EXEMPT')) return 'DENY_IN_FULL';
  return 'RELEASE_IN_PART';
}
