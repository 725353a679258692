import { FINAL_STATES, type ReviewClock } from '../../review/domain';
import type { RequestOutcome } from '../domain/request.types';
import type { LetterRow, RequestRecordRow, RequestRow } from './request.ports';

export interface RequestView {
  id: string;
  number: string;
  kind: RequestRow['kind'];
  state: RequestRow['state'];
  requester: RequestRow['requester'];
  description: string;
  receivedOn: string;
  track: RequestRow['track'];
  appealOf: { id: string; number: string } | null;
  dueOn: string | null;
  clock: ReviewClock | null;
  /** The records the reader may see, each with its review's state. */
  reviews: {
    id: string;
    documentId: string;
    documentNumber: string;
    state: RequestRecordRow['state'];
    determination: RequestRecordRow['determination'];
  }[];
  /** Records of the request the reader's clearance or caveats do not cover. */
  hiddenRecords: number;
  outcome: RequestOutcome | null;
  letters: { id: string; kind: LetterRow['kind']; createdAt: Date }[];
  appeals: { id: string; number: string; state: RequestRow['state'] }[];
  adjudications: RequestRow['adjudications'];
  /** True once every review has ended and the final response may be sent. */
  readyToAnswer: boolean;
  /** Past its due date and still open. */
  overdue: boolean;
}

export function toRequestView(
  row: RequestRow,
  related: {
    records: RequestRecordRow[];
    hiddenRecords: number;
    letters: LetterRow[];
    appeals: RequestView['appeals'];
    appealOf: RequestView['appealOf'];
    today: string;
  },
): RequestView {
  const dueOn = row.clock?.dueOn ?? null;
  const visible = new Set(related.records.map((r) => r.reviewId));
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    state: row.state,
    requester: row.requester,
    description: row.description,
    receivedOn: row.receivedOn,
    track: row.track,
    appealOf: related.appealOf,
    dueOn,
    clock: row.clock,
    reviews: related.records.map((r) => ({
      id: r.reviewId,
      documentId: r.documentId,
      documentNumber: r.documentNumber,
      state: r.state,
      determination: r.determination,
    })),
    hiddenRecords: related.hiddenRecords,
    // The answer names its records: only those the reader may see.
    outcome: row.outcome && {
      ...row.outcome,
      records: row.outcome.records.filter((r) => visible.has(r.reviewId)),
    },
    letters: related.letters.map((l) => ({ id: l.id, kind: l.kind, createdAt: l.createdAt })),
    appeals: related.appeals,
    adjudications: row.adjudications,
    readyToAnswer:
      row.state === 'open' &&
      related.hiddenRecords === 0 &&
      related.records.length > 0 &&
      related.records.every((r) => FINAL_STATES.includes(r.state)),
    overdue: row.state === 'open' && dueOn !== null && dueOn < related.today,
  };
}

/** A request as the list shows it. */
export function toListItem(r: RequestRow) {
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    state: r.state,
    requester: r.requester.name,
    receivedOn: r.receivedOn,
    track: r.track,
    dueOn: r.clock?.dueOn ?? null,
    tolled: r.clock?.tolled ?? false,
    determination: r.outcome?.determination ?? null,
  };
}
