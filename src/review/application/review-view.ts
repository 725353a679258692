import {
  FINAL_STATES,
  formatExemption,
  nextEvents,
  type ReviewEventType,
  type ReviewKind,
  type ReviewState,
} from '../domain';
import type { ReviewRow } from './review.ports';

/** A review as the API answers it: what the desk shows, read from the stored snapshot. */
export interface ReviewView {
  id: string;
  documentId: string;
  /** The request the review answers, or null for a review outside requests. */
  requestId: string | null;
  documentNumber: string;
  kind: ReviewKind;
  state: ReviewState;
  version: number;
  assigneeId: string | null;
  proposerId: string | null;
  approverId: string | null;
  determination: string | null;
  releaseMarking: string | null;
  returnComment: string | null;
  closedReason: string | null;
  /** The lower level the reviewer downgraded what stays classified to, if any. */
  downgradeTo: string | null;
  /** The captions the reviewer removes from the record on approval. */
  decaptions: string[];
  dueAt: string | null;
  overdue: boolean;
  clock: null | {
    receivedOn: string;
    dueOn: string | null;
    tolled: boolean;
    explanation: string[];
  };
  nextEvents: ReviewEventType[];
  portions: {
    id: string;
    seq: number;
    classification: string;
    decision: null | {
      action: string;
      exemptions: string[];
      justification: string | null;
      agency: string | null;
      decidedBy: string;
      decidedAt: string;
    };
  }[];
  referrals: {
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
  }[];
  createdAt: string;
  updatedAt: string;
}

/** Overdue: marked so when a deadline elapsed, or open and past its due date at `now`. */
export function isOverdue(
  row: { markedOverdue: boolean; dueAt: Date | null; state: ReviewState },
  now: Date,
): boolean {
  return (
    row.markedOverdue ||
    (row.dueAt !== null && row.dueAt.getTime() < now.getTime() && !FINAL_STATES.includes(row.state))
  );
}

/** The review as callers see it; `now` decides whether its due date has passed. */
export function toView(row: ReviewRow, now: Date): ReviewView {
  const ctx = row.snapshot.context;
  return {
    id: row.id,
    documentId: row.documentId,
    requestId: row.requestId,
    documentNumber: ctx.document.documentNumber,
    kind: row.kind,
    state: row.state,
    version: row.version,
    assigneeId: ctx.assigneeId,
    proposerId: ctx.proposerId,
    approverId: ctx.approverId,
    determination: ctx.determination,
    releaseMarking: ctx.outcome?.marking ?? null,
    returnComment: ctx.returnComment,
    closedReason: ctx.closedReason,
    downgradeTo: ctx.downgradeTo ?? null,
    decaptions: ctx.decaptions ?? [],
    dueAt: row.dueAt?.toISOString() ?? null,
    overdue: isOverdue({ ...row, markedOverdue: ctx.overdue }, now),
    clock: ctx.clock
      ? {
          receivedOn: ctx.clock.receivedOn,
          dueOn: ctx.clock.dueOn,
          tolled: ctx.clock.tolled,
          explanation: ctx.clock.explanation,
        }
      : null,
    nextEvents: nextEvents(row.snapshot),
    portions: ctx.document.portions.map((p) => {
      const d = ctx.decisions[p.id];
      return {
        id: p.id,
        seq: p.seq,
        classification: p.classification,
        decision: d
          ? {
              action: d.action,
              exemptions: d.exemptions.map(formatExemption),
              justification: d.justification,
              agency: d.agency,
              decidedBy: d.decidedBy,
              decidedAt: d.decidedAt,
            }
          : null,
      };
    }),
    referrals: ctx.referrals.map((r) => ({
      id: r.id,
      agency: r.agency,
      portionIds: r.portionIds,
      sentAt: r.sentAt,
      response: r.response
        ? {
            decision: r.response.decision,
            exemptions: r.response.exemptions.map(formatExemption),
            recordedBy: r.response.recordedBy,
            recordedAt: r.response.recordedAt,
          }
        : null,
    })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
