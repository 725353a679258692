/** The shapes the declass API answers with (see /api/docs). Only what the pages read. */
export type Role = 'reviewer' | 'supervisor' | 'auditor' | 'admin';

export interface User {
  id: string;
  username: string;
  roles: Role[];
  clearance: string;
  caveats: string[];
}

export interface LoginResult {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: User;
}

export interface PortionSummary {
  id: string;
  seq: number;
  classification: string;
}

export interface DocumentRecord {
  id: string;
  collection: string;
  documentNumber: string;
  title: string;
  originator: string | null;
  documentDate: string;
  format: string;
  tags: string[];
  captions: string[];
  originalClassification: string;
  currentClassification: string;
  classificationAuthority: string | null;
  declassifyOn: string | null;
  equities: string[];
  /** Restricted Data / Formerly Restricted Data (newer servers). */
  restrictedData?: boolean;
  /** The day E.O. 13526 §3.3 declassifies the record; null when never (newer servers). */
  autoDeclassifyOn?: string | null;
  portions: PortionSummary[];
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** A page of a review list: `next` is passed as `after` for the page after it. */
export interface ReviewPage {
  items: ReviewListItem[];
  total: number;
  /** False when a search matched more than `total` (it counts only so far). */
  totalExact: boolean;
  next: string | null;
}

export interface DocumentText {
  documentId: string;
  documentNumber: string;
  classification: string;
  /** text is null for a withheld portion the reader is not cleared to read. */
  portions: (PortionSummary & { text: string | null; withheldUnder: string[] })[];
}

export type DecisionAction = 'RELEASE' | 'EXEMPT' | 'REFER';

export interface Decision {
  action: DecisionAction;
  exemptions: string[];
  justification: string | null;
  agency: string | null;
  decidedBy: string;
  decidedAt: string;
}

export interface ReviewPortion extends PortionSummary {
  decision: Decision | null;
}

export interface Referral {
  id: string;
  agency: string;
  portionIds: string[];
  sentAt: string;
  response: null | {
    decision: string;
    exemptions: string[];
    recordedBy: string;
    recordedAt: string;
  };
}

export type ReviewState =
  | 'queued'
  | 'inReview'
  | 'awaitingReferral'
  | 'pendingApproval'
  | 'released'
  | 'withheld'
  | 'closed';

export interface Review {
  id: string;
  documentId: string;
  documentNumber: string;
  kind: string;
  state: string;
  version: number;
  assigneeId: string | null;
  proposerId: string | null;
  approverId: string | null;
  determination: string | null;
  releaseMarking: string | null;
  returnComment: string | null;
  closedReason: string | null;
  /** The lower level the reviewer downgraded what stays withheld to, if any. */
  downgradeTo: string | null;
  /** The captions the reviewer removes on approval. */
  decaptions: string[];
  /** The instant the due day ends in the agency's time zone; `clock.dueOn` is that day. */
  dueAt: string | null;
  /** Open and past its due date, by the server's clock. */
  overdue: boolean;
  /** The statutory clock: the agency's dates the review was received and is due on. */
  clock: {
    receivedOn: string;
    dueOn: string | null;
    tolled: boolean;
    explanation: string[];
  } | null;
  nextEvents: string[];
  portions: ReviewPortion[];
  referrals: Referral[];
  createdAt: string;
  updatedAt: string;
}

/** A review as lists show it: its row; GET /reviews/:id has its decisions. */
export interface ReviewListItem extends Pick<
  Review,
  | 'id'
  | 'documentId'
  | 'documentNumber'
  | 'kind'
  | 'state'
  | 'version'
  | 'assigneeId'
  | 'dueAt'
  | 'overdue'
  | 'clock'
  | 'createdAt'
  | 'updatedAt'
> {
  documentTitle: string;
  assigneeName: string | null;
}

export interface ExemptionCode {
  code: string;
  family: string;
  meaning: string;
  needsDate: boolean;
}

export interface ReleaseCopy {
  documentNumber: string;
  classification: string;
  marking: string;
  portions: {
    seq: number;
    status: 'RELEASED' | 'WITHHELD';
    formerMarking: string;
    text: string | null;
    codes: string[];
  }[];
  text: string;
}

export interface AuditEvent {
  seq: string;
  occurredAt: string;
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  reviewId: string | null;
  documentId: string | null;
  fromState: string | null;
  toState: string | null;
  payload: Record<string, unknown> | null;
  prevHash: string | null;
  hash: string;
}

export interface Notification {
  id: string;
  reviewId: string | null;
  documentId: string | null;
  reason: string;
  message: string;
  createdAt: string;
  readAt: string | null;
}

export const REVIEW_KINDS = [
  'SYSTEMATIC',
  'AUTOMATIC_25',
  'MDR',
  'FOIA',
  'APPEAL',
  'RE_REVIEW',
] as const;

/** The reviews opened on a record itself; FOIA, MDR and appeal reviews are opened by a request. */
export const RECORD_REVIEW_KINDS = ['SYSTEMATIC', 'AUTOMATIC_25', 'RE_REVIEW'] as const;

export const CLASSIFICATIONS = [
  'UNCLASSIFIED',
  'LIMITED OFFICIAL USE',
  'CONFIDENTIAL',
  'SECRET',
  'TOP SECRET',
] as const;

export const CAPTIONS = [
  'NODIS',
  'EXDIS',
  'LIMDIS',
  'STADIS',
  'NOFORN',
  'ONLY',
  'CHEROKEE',
  'CONDIS',
] as const;

export const FINAL_STATES = ['released', 'withheld', 'closed'];

export const CLOSING_REASONS = [
  'NO_RECORDS',
  'NOT_REASONABLY_DESCRIBED',
  'WITHDRAWN',
  'FEE_RELATED',
  'DUPLICATE',
  'REFERRED',
  'GLOMAR',
] as const;

export const FEE_CATEGORIES = [
  'commercial',
  'educational_or_scientific',
  'news_media',
  'all_other',
] as const;

export interface RequestListItem {
  id: string;
  number: string;
  kind: string;
  state: string;
  requester: string;
  receivedOn: string;
  track: string;
  dueOn: string | null;
  tolled: boolean;
  determination: string | null;
}

export interface RequestRecord {
  id: string;
  documentId: string;
  documentNumber: string;
  state: string;
  determination: string | null;
}

/** An ask decided apart from the records: expedited processing or a fee waiver. */
export interface Adjudication {
  requestedOn: string;
  decidedOn: string | null;
  granted: boolean | null;
}

export interface CaseRequest {
  id: string;
  number: string;
  kind: string;
  state: string;
  requester: { name: string; organization?: string; email?: string; feeCategory?: string };
  description: string;
  receivedOn: string;
  track: string;
  appealOf: { id: string; number: string } | null;
  dueOn: string | null;
  clock: { dueOn: string | null; tolled: boolean; explanation: string[] } | null;
  reviews: RequestRecord[];
  hiddenRecords: number;
  outcome: null | {
    determination: string;
    respondedOn: string;
    appealBy: string | null;
    appealOutcome?: string;
    records: { documentNumber: string; determination: string | null; exemptions: string[] }[];
  };
  letters: { id: string; kind: string; createdAt: string }[];
  appeals: { id: string; number: string; state: string }[];
  adjudications: { expedite?: Adjudication; feeWaiver?: Adjudication };
  readyToAnswer: boolean;
  overdue: boolean;
}

export interface Letter {
  id: string;
  kind: string;
  createdAt: string;
  text: string;
}

export interface DaysSummary {
  count: number;
  median: number | null;
  average: number | null;
  lowest: number | null;
  highest: number | null;
}

export interface Flow {
  pendingAtStart: number;
  received: number;
  processed: number;
  pendingAtEnd: number;
}

export interface PendingRequest {
  number: string;
  receivedOn: string;
  workingDaysPending: number;
}

/** The annual FOIA report of a fiscal year, as GET /api/reports/foia-annual serves it. */
export interface FoiaAnnualReport {
  fiscalYear: number;
  from: string;
  to: string;
  requests: Flow;
  dispositions: {
    grantedInFull: number;
    grantedInPart: number;
    deniedInFull: number;
    glomar: number;
    otherReasons: Record<string, number>;
    total: number;
  };
  exemptions: Record<string, number>;
  exemption3Statutes: { statute: string; requests: number }[];
  responseTimes: Record<string, DaysSummary>;
  pendingByTrack: Record<string, number>;
  tenOldestPending: PendingRequest[];
  appeals: {
    flow: Flow;
    outcomes: Record<string, number>;
    responseTimes: DaysSummary;
    tenOldestPending: PendingRequest[];
  };
  expedite: Record<string, number | null>;
  feeWaivers: Record<string, number | null>;
  mdr: {
    requests: Flow;
    appeals: Flow;
    documents: Record<string, number>;
    appealDocuments: Record<string, number>;
  };
}
