import type { Actor, Role } from '../../kernel/actor';
import type { Classification, Clearance } from '../../kernel/classification';
import type { Exemption } from './exemptions';
import type { Outcome } from './markings';

export const REVIEW_KINDS = [
  'SYSTEMATIC',
  'AUTOMATIC_25',
  'MDR',
  'FOIA',
  'APPEAL',
  'RE_REVIEW',
] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

export const DETERMINATIONS = ['RELEASE_IN_FULL', 'RELEASE_IN_PART', 'DENY_IN_FULL'] as const;
export type Determination = (typeof DETERMINATIONS)[number];

export const DECISION_ACTIONS = ['RELEASE', 'EXEMPT', 'REFER'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/** The facts about the document that the machine's guards need; copied in when the review opens. */
export interface DocumentFacts {
  documentNumber: string;
  documentDate: string;
  classification: Classification;
  captions: string[];
  portions: { id: string; seq: number; classification: Classification }[];
  /**
   * The record is flagged as holding Restricted Data, Formerly Restricted Data or TFNI (absent in
   * reviews opened before the flag was copied in: read as not flagged).
   */
  restrictedData?: boolean;
}

export interface PortionDecision {
  action: DecisionAction;
  exemptions: Exemption[];
  justification: string | null;
  agency: string | null;
  decidedBy: string;
  decidedAt: string;
}

/**
 * A statutory clock as the host computed it (deadlines/domain): the machine stores it and never
 * does date arithmetic itself, so a snapshot replays the same whatever the holiday table says.
 */
export interface ReviewClock {
  /** The day the request or review arrived; the clock counts from the day after. */
  receivedOn: string;
  /** What else the rule for this kind needs, as given when the review opened. */
  basis: {
    forwardedByNara?: boolean;
    appealOf?: 'FOIA' | 'MDR';
    exemptionExpiry?: string;
    restrictedData?: boolean;
  };
  /** The day the decision is due; null while tolled or when no deadline applies. */
  dueOn: string | null;
  tolled: boolean;
  /** Every TOLL, RESUME, EXTEND and SET_DUE_DATE so far, in order, as recorded. */
  adjustments: ClockAdjustmentRecord[];
  /** One line per rule applied, so any due date can be explained. */
  explanation: string[];
}

export type ClockAdjustmentRecord =
  | { type: 'TOLL'; on: string; reason: string; basis: 'INFORMATION' | 'FEES' }
  | { type: 'RESUME'; on: string }
  | { type: 'EXTEND'; on: string; reason: string }
  | { type: 'SET_DUE_DATE'; on: string; dueDate: string; reason?: string };

export interface Referral {
  id: string;
  agency: string;
  portionIds: string[];
  sentBy: string;
  sentAt: string;
  response: null | {
    /** LAPSED: the agency did not answer in time; its equity is no longer protected. */
    decision: 'RELEASE' | 'EXEMPT' | 'LAPSED';
    exemptions: Exemption[];
    recordedBy: string;
    recordedAt: string;
  };
}

/** The review's context: JSON only, so a snapshot persists and restores exactly. */
export interface ReviewContext {
  reviewId: string;
  documentId: string;
  kind: ReviewKind;
  document: DocumentFacts;
  assigneeId: string | null;
  proposerId: string | null;
  determination: Determination | null;
  decisions: Record<string, PortionDecision>;
  /**
   * Everyone who ever proposed or decided anything in this review, kept across returns and
   * reassignments: the two-person rule bars each of them from approving.
   */
  participants: string[];
  referrals: Referral[];
  approverId: string | null;
  /** What the approval changed; set once, on APPROVE. */
  outcome: Outcome | null;
  returnComment: string | null;
  closedReason: string | null;
  clock: ReviewClock | null;
  /** Set when the review's due date passed while it was still open. */
  overdue: boolean;
  /**
   * The lower level the reviewer downgraded what stays classified to; null or absent when the
   * review keeps the level (reviews opened before downgrading existed have no such field).
   */
  downgradeTo?: Classification | null;
  /** The captions the reviewer removed from the record; empty or absent when none. */
  decaptions?: string[];
}

export interface ReviewInput {
  reviewId: string;
  documentId: string;
  kind: ReviewKind;
  document: DocumentFacts;
  clock: ReviewClock | null;
}

/** Every event carries who acts and when; the server adds both, never the client. */
interface Stamped {
  actor: Actor;
  /** ISO timestamp of the act. */
  at: string;
  /** The agency's date of the act (`YYYY-MM-DD` in its time zone): the day the law counts. */
  on: string;
}

/** A supervisor gives the review to a reviewer (or takes it back to give to another). */
export interface AssignEvent extends Stamped {
  type: 'ASSIGN';
  assigneeId: string;
  /** The assignee as the server found them, so the machine can check eligibility. */
  assignee: { id: string; roles: Role[]; clearance: Clearance; caveats: string[]; active: boolean };
}
/** The assignee decides one portion: release it, exempt it under cited codes, or mark it for referral. */
export interface DecidePortionEvent extends Stamped {
  type: 'DECIDE_PORTION';
  portionId: string;
  action: DecisionAction;
  exemptions?: string[];
  justification?: string;
  agency?: string;
}
/** The assignee sends portions to another agency that holds an equity in them. */
export interface ReferEvent extends Stamped {
  type: 'REFER';
  /** Chosen by the server so the machine stays pure. */
  referralId: string;
  agency: string;
  portionIds: string[];
}
/** The other agency's answer, recorded by the assignee or a supervisor. */
export interface RecordReferralResponseEvent extends Stamped {
  type: 'RECORD_REFERRAL_RESPONSE';
  referralId: string;
  decision: 'RELEASE' | 'EXEMPT';
  exemptions?: string[];
  justification?: string;
}
/**
 * The assignee lowers the level of what the review keeps classified (TOP SECRET to SECRET or
 * CONFIDENTIAL, SECRET to CONFIDENTIAL); naming the record's own level withdraws a downgrade.
 */
export interface DowngradeEvent extends Stamped {
  type: 'DOWNGRADE';
  to: Classification;
}
/** The assignee removes captions (NODIS, EXDIS …) from the record; an empty list withdraws it. */
export interface DecaptionEvent extends Stamped {
  type: 'DECAPTION';
  captions: string[];
}
/** The assignee proposes a determination that follows from the decisions. */
export interface ProposeEvent extends Stamped {
  type: 'PROPOSE';
  determination: Determination;
}
/** A supervisor other than the proposer and the deciders approves the proposal. */
export interface ApproveEvent extends Stamped {
  type: 'APPROVE';
}
/** A supervisor sends the proposal back to the reviewer with a comment. */
export interface ReturnEvent extends Stamped {
  type: 'RETURN';
  comment: string;
}
/** Administrative end: withdrawn request, duplicate, out of scope. */
export interface CloseEvent extends Stamped {
  type: 'CLOSE';
  reason: string;
}

/** The clock stops: FOIA tolling to get information from the requester (once) or for fees. */
export interface TollEvent extends Stamped {
  type: 'TOLL';
  reason: string;
  basis: 'INFORMATION' | 'FEES';
  /** The clock after this adjustment, computed by the server. */
  clock: ReviewClock;
}
/** The clock restarts when the requester answers. */
export interface ResumeEvent extends Stamped {
  type: 'RESUME';
  clock: ReviewClock;
}
/** Unusual circumstances: ten more working days, once, with a reason. */
export interface ExtendEvent extends Stamped {
  type: 'EXTEND';
  reason: string;
  clock: ReviewClock;
}
/** A supervisor sets the due date by hand. */
export interface SetDueDateEvent extends Stamped {
  type: 'SET_DUE_DATE';
  dueAt: string;
  reason?: string;
  clock: ReviewClock;
}
/** Sent by the worker only: a deadline row fell due. */
export interface DeadlineElapsedEvent extends Stamped {
  type: 'DEADLINE_ELAPSED';
  deadlineId: string;
  kind: 'REVIEW_DUE' | 'REFERRAL_DUE';
  referralId?: string;
}

export type ClockEvent = TollEvent | ResumeEvent | ExtendEvent | SetDueDateEvent;

export type ReviewEvent =
  | AssignEvent
  | DecidePortionEvent
  | ReferEvent
  | RecordReferralResponseEvent
  | DowngradeEvent
  | DecaptionEvent
  | ProposeEvent
  | ApproveEvent
  | ReturnEvent
  | CloseEvent
  | ClockEvent
  | DeadlineElapsedEvent;

export type ReviewEventType = ReviewEvent['type'];

/** Events a person may send over the API; DEADLINE_ELAPSED comes from the worker only. */
export type ClientEventType = Exclude<ReviewEventType, 'DEADLINE_ELAPSED'>;

export const REVIEW_EVENT_TYPES: readonly ReviewEventType[] = [
  'ASSIGN',
  'DECIDE_PORTION',
  'REFER',
  'RECORD_REFERRAL_RESPONSE',
  'DOWNGRADE',
  'DECAPTION',
  'PROPOSE',
  'APPROVE',
  'RETURN',
  'CLOSE',
  'TOLL',
  'RESUME',
  'EXTEND',
  'SET_DUE_DATE',
  'DEADLINE_ELAPSED',
];

export const CLIENT_EVENT_TYPES = REVIEW_EVENT_TYPES.filter(
  (t): t is ClientEventType => t !== 'DEADLINE_ELAPSED',
);

/** The lifecycle's states, as the API shows them. */
export const REVIEW_STATES = [
  'queued',
  'inReview',
  'awaitingReferral',
  'pendingApproval',
  'released',
  'withheld',
  'closed',
] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export const FINAL_STATES: readonly ReviewState[] = ['released', 'withheld', 'closed'];

/** Side effects the machine asks the host to carry out after commit (via the outbox). */
export interface NotifyEffect {
  type: 'notify';
  recipient: 'assignee' | 'supervisors';
  reason:
    'ASSIGNED' | 'PROPOSED' | 'RETURNED' | 'APPROVED' | 'REFERRED' | 'OVERDUE' | 'REFERRAL_LAPSED';
}
