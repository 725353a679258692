/**
 * What an approval produces (see docs/legal-rules.md): the
 * release marking, the document's new current classification, the re-review date of what stays
 * withheld, and the release copy with each withheld portion boxed with its codes.
 */
import { highest, PORTION_MARK, rankOf, type Classification } from '../../kernel/classification';
import { formatExemption, isAtomic, keepsClassified } from './exemptions';
import type { ReviewContext, ReviewKind } from './review.types';
import type { Actor } from '../../kernel/actor';

/** The authority each review programme declassifies under. */
export const AUTHORITY: Record<ReviewKind, string> = {
  AUTOMATIC_25: 'E.O. 13526 §3.3 Automatic Declassification Review',
  SYSTEMATIC: 'E.O. 13526 §3.4 Systematic Review',
  MDR: 'E.O. 13526 §3.5 Mandatory Declassification Review',
  FOIA: '5 U.S.C. 552 Freedom of Information Act Review',
  APPEAL: '5 U.S.C. 552(a)(6) FOIA Appeal Review',
  RE_REVIEW: 'E.O. 13526 §3.1 Re-review on Exemption Expiry',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `22 May 2009`, as the State Department's stamp writes dates. */
export function stampDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** The old level shown struck through, as on a stamped page. */
export function struck(text: string): string {
  return [...text].map((c) => `${c}\u0336`).join('');
}

export interface Outcome {
  /**
   * The level the document keeps: the highest level among the withheld portions that stay
   * classified (a classification code or atomic-energy marking); UNCLASSIFIED when nothing withheld
   * is classified (released in full, or withheld under FOIA codes alone, which do not classify).
   */
  currentClassification: Classification;
  /** The earliest date a withheld portion's exemption lapses, when it must be reviewed again. */
  reReviewOn: string | null;
  /** Codes behind the withheld portions, for the marking and the withdrawal record. */
  withheldCodes: string[];
  marking: string;
  /**
   * The captions the approval removes (NODIS, EXDIS …): all of them on a release in full, those the
   * reviewer chose otherwise; kept here for the record's history.
   */
  decaptioned?: string[];
  /** A withheld portion cites RD, FRD or TFNI: the record is flagged for the Department of Energy. */
  restrictedData?: boolean;
}

/**
 * What the supervisor's APPROVE changes, computed from the decisions alone; `on` is the agency's
 * date of the approval, the date the marking bears.
 */
export function outcomeOf(ctx: ReviewContext, approver: Actor, on: string): Outcome {
  const withheld = ctx.document.portions.filter((p) => ctx.decisions[p.id]?.action === 'EXEMPT');
  const exemptions = withheld.flatMap((p) => ctx.decisions[p.id]?.exemptions ?? []);
  const withheldCodes = [...new Set(exemptions.map(formatExemption))];
  const expiries = exemptions
    .map((e) => e.expiresOn)
    .filter((d): d is string => d !== null)
    .sort();
  const former = ctx.document.classification;
  const date = stampDate(on);
  const authority = AUTHORITY[ctx.kind];
  // Information that was never classified is released, not declassified (32 CFR 2001.25(a)).
  const verb = rankOf(former) === 0 ? 'Released' : 'Declassified/Released';
  // What the withheld portions keep classified; a review never raises the record's level.
  const kept = highest(
    withheld
      .filter((p) =>
        (ctx.decisions[p.id]?.exemptions ?? []).some((e) => keepsClassified(e) || isAtomic(e)),
      )
      .map((p) => p.classification),
  );
  const capped = rankOf(kept) > rankOf(former) ? former : kept;
  const downgradeTo = ctx.downgradeTo ?? null;
  const downgraded = downgradeTo !== null && rankOf(capped) > rankOf(downgradeTo);
  const stillClassified = downgraded ? downgradeTo : capped;
  const downgrade = downgraded ? `; downgraded to ${downgradeTo}, formerly ${struck(capped)}` : '';
  let marking: string;
  let currentClassification: Classification;
  let decaptioned: string[] | undefined;
  switch (ctx.determination) {
    case 'RELEASE_IN_FULL':
      currentClassification = 'UNCLASSIFIED';
      if (ctx.document.captions.length > 0) decaptioned = [...ctx.document.captions];
      marking = `${verb} ${authority} ${date} by ${approver.username}; formerly ${struck(former)}${decaptionNote(decaptioned)}`;
      break;
    case 'RELEASE_IN_PART':
      currentClassification = stillClassified;
      decaptioned = chosenDecaptions(ctx);
      marking = `${verb} in Part ${authority} ${date} by ${approver.username}; formerly ${struck(former)}; withheld under ${withheldCodes.join('; ')}${downgrade}${decaptionNote(decaptioned)}`;
      break;
    case 'DENY_IN_FULL':
      currentClassification = stillClassified;
      decaptioned = chosenDecaptions(ctx);
      marking = `Withdrawn: ${ctx.document.documentNumber} denied in full under ${withheldCodes.join('; ')}, ${authority} ${date} by ${approver.username}${downgrade}${decaptionNote(decaptioned)}`;
      break;
    case null:
      currentClassification = former;
      marking = `Withdrawn: ${ctx.document.documentNumber} denied in full under ${withheldCodes.join('; ')}, ${authority} ${date} by ${approver.username}`;
      break;
  }
  const restrictedData = exemptions.some(isAtomic) || undefined;
  return {
    currentClassification,
    reReviewOn: expiries[0] ?? null,
    withheldCodes,
    marking,
    ...(decaptioned ? { decaptioned } : {}),
    ...(restrictedData ? { restrictedData } : {}),
  };
}

/** The captions the reviewer chose to remove, when the record still carries them. */
function chosenDecaptions(ctx: ReviewContext): string[] | undefined {
  const chosen = (ctx.decaptions ?? []).filter((c) => ctx.document.captions.includes(c));
  return chosen.length > 0 ? chosen : undefined;
}

function decaptionNote(decaptioned: string[] | undefined): string {
  return decaptioned ? `; decaptioned, formerly ${decaptioned.map(struck).join(' ')}` : '';
}

export interface ReleaseCopyPortion {
  seq: number;
  status: 'RELEASED' | 'WITHHELD';
  /** The portion's former marking, e.g. `(C)`. */
  formerMarking: string;
  text: string | null;
  codes: string[];
}

export interface ReleaseCopy {
  documentNumber: string;
  classification: 'UNCLASSIFIED';
  marking: string;
  portions: ReleaseCopyPortion[];
  /** The copy as one printable text, each withheld portion replaced by a box naming its codes. */
  text: string;
}

/** The released copy: released portions as they are, withheld ones boxed with their codes. */
export function releaseCopy(
  ctx: ReviewContext,
  marking: string,
  texts: ReadonlyMap<string, string>,
): ReleaseCopy {
  const portions: ReleaseCopyPortion[] = ctx.document.portions.map((p) => {
    const decision = ctx.decisions[p.id];
    const withheld = decision?.action === 'EXEMPT';
    return {
      seq: p.seq,
      status: withheld ? 'WITHHELD' : 'RELEASED',
      formerMarking: `(${PORTION_MARK[p.classification]})`,
      text: withheld ? null : (texts.get(p.id) ?? ''),
      codes: withheld ? decision.exemptions.map(formatExemption) : [],
    };
  });
  const body = portions.map((p) =>
    p.status === 'WITHHELD' ? box(p.codes) : `${struck(p.formerMarking)} ${p.text ?? ''}`,
  );
  const text = ['UNCLASSIFIED', marking, '', ...body.flatMap((b) => [b, ''])].join('\n');
  return {
    documentNumber: ctx.document.documentNumber,
    classification: 'UNCLASSIFIED',
    marking,
    portions,
    text,
  };
}

function box(codes: string[]): string {
  const label = ` WITHHELD: ${codes.join('; ')} `;
  const rule = '─'.repeat(label.length);
  return `┌${rule}┐\n│${label}│\n└${rule}┘`;
}
