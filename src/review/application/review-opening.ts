import type { DocumentFacts, PersistedReview, ReviewClock, ReviewKind } from '../domain';
import { rankOf, type Classification } from '../../kernel/classification';
import { DomainError, ErrorCode } from '../../kernel/errors';

/** What a review needs of the request it answers. */
export interface RequestOfReview {
  id: string;
  number: string;
  kind: 'FOIA' | 'MDR' | 'APPEAL';
  clock: ReviewClock;
}

/** Another step was written on a review while a request's transaction wrote to it. */
export class ReviewChangedDuringRequest extends Error {
  constructor(readonly reviewId: string) {
    super(`Review ${reviewId} changed while its request was being updated`);
  }
}

/**
 * The review as its record stands now. A review copies the record's facts when it opens; if the
 * record was declassified since (automatically, on its date, while the review went on), the review
 * decides on the declassified record: nothing it withholds can be classified again by it.
 */
export function asTheRecordIsNow(row: {
  snapshot: PersistedReview;
  documentClassification: Classification;
}): PersistedReview {
  const document = row.snapshot.context.document;
  if (rankOf(row.documentClassification) >= rankOf(document.classification)) return row.snapshot;
  return {
    ...row.snapshot,
    context: {
      ...row.snapshot.context,
      document: { ...document, classification: row.documentClassification },
    },
  };
}

/**
 * Refuses a review that cannot be opened as asked: MDR is for classified information; the day a
 * request was received cannot be in the future, nor before the record existed.
 */
export function refuseOpening(
  kind: ReviewKind,
  facts: DocumentFacts,
  receivedOn: string,
  today: string,
): void {
  if (kind === 'MDR' && rankOf(facts.classification) === 0) {
    throw new DomainError(
      ErrorCode.RULE_VIOLATED,
      `${facts.documentNumber} is ${facts.classification}: mandatory declassification review is for classified information (E.O. 13526 §3.5(a)); ask for it under FOIA instead`,
    );
  }
  refuseFutureReceipt(receivedOn, today);
  if (receivedOn < facts.documentDate) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      `receivedOn ${receivedOn} is before ${facts.documentNumber} existed (${facts.documentDate})`,
    );
  }
}

/** A request is received on or before today, never later (400). */
export function refuseFutureReceipt(receivedOn: string, today: string): void {
  if (receivedOn > today) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      `receivedOn ${receivedOn} is in the future; a request is received on or before today (${today})`,
    );
  }
}
