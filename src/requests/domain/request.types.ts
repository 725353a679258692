import type { IsoDate } from '../../kernel/calendar-date';

/** What a requester asks for: records under FOIA, a declassification review under E.O. 13526 §3.5, or an appeal of either. */
export const REQUEST_KINDS = ['FOIA', 'MDR', 'APPEAL'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** How a FOIA office queues its work (5 U.S.C. 552(a)(6)(D) multitrack processing, (a)(6)(E) expedition). */
export const TRACKS = ['simple', 'complex', 'expedited'] as const;
export type Track = (typeof TRACKS)[number];

/** The fee categories of 5 U.S.C. 552(a)(4)(A)(ii), which decide what a FOIA requester pays. */
export const FEE_CATEGORIES = [
  'commercial',
  'educational_or_scientific',
  'news_media',
  'all_other',
] as const;
export type FeeCategory = (typeof FEE_CATEGORIES)[number];

/** open: being worked; answered: the final response went out; closed: ended without a response on the merits. */
export const REQUEST_STATES = ['open', 'answered', 'closed'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export interface Requester {
  name: string;
  organization?: string;
  email?: string;
  feeCategory?: FeeCategory;
}

/**
 * Why a request ended without a determination on records, in the words of the annual FOIA
 * report's "other reasons"; GLOMAR is the answer that neither confirms nor denies that records
 * exist (E.O. 13526 §3.6(a)).
 */
export const CLOSING_REASONS = [
  'NO_RECORDS',
  'NOT_REASONABLY_DESCRIBED',
  'WITHDRAWN',
  'FEE_RELATED',
  'DUPLICATE',
  'REFERRED',
  'GLOMAR',
] as const;
export type ClosingReason = (typeof CLOSING_REASONS)[number];

/** The request's answer as a whole: from its records' determinations, or a closing reason. */
export type FinalDetermination =
  'GRANTED_IN_FULL' | 'GRANTED_IN_PART' | 'DENIED_IN_FULL' | ClosingReason;

/** How one record of a request ended, as the final response letter cites it. */
export interface RecordOutcome {
  reviewId: string;
  documentId: string;
  documentNumber: string;
  /** RELEASE_IN_FULL, RELEASE_IN_PART or DENY_IN_FULL; null for a review closed without one. */
  determination: 'RELEASE_IN_FULL' | 'RELEASE_IN_PART' | 'DENY_IN_FULL' | null;
  /** The exemption codes cited on the withheld portions, each once, in the order first cited. */
  exemptions: string[];
}

/** What is known of a request's answer once it is given. */
export interface RequestOutcome {
  determination: FinalDetermination;
  respondedOn: IsoDate;
  records: RecordOutcome[];
  /** The last day an appeal may be received, or null when nothing adverse was decided. */
  appealBy: IsoDate | null;
  /** For an appeal: AFFIRMED, REVERSED, PARTLY_GRANTED or REMANDED. */
  appealOutcome?: string;
  note?: string;
}

/**
 * A requester's ask decided apart from the records: expedited processing
 * (5 U.S.C. 552(a)(6)(E)) or a fee waiver ((a)(4)(A)(iii)). `granted` is null until decided.
 */
export interface Adjudication {
  requestedOn: IsoDate;
  decidedOn: IsoDate | null;
  granted: boolean | null;
}

/** What a request asked for besides its records, and how each ask was decided. */
export interface Adjudications {
  expedite?: Adjudication;
  feeWaiver?: Adjudication;
}
