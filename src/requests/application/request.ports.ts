import type { AuditRecord } from '../../audit/domain/audit-hash';
import type { Exemption } from '../../review/domain/exemptions';
import type { ReviewClock, ReviewState } from '../../review/domain';
import type { Classification } from '../../kernel/classification';
import type { Transaction } from '../../kernel/unit-of-work';
import type { ReportRequest } from '../domain/annual-report';
import type {
  Adjudications,
  RequestKind,
  RequestOutcome,
  RequestState,
  Requester,
  Track,
} from '../domain/request.types';
import type { LetterKind } from '../domain/letters';

export interface RequestRow {
  id: string;
  number: string;
  kind: RequestKind;
  state: RequestState;
  requester: Requester;
  description: string;
  receivedOn: string;
  track: Track;
  appealOf: string | null;
  clock: ReviewClock | null;
  dueAt: Date | null;
  outcome: RequestOutcome | null;
  adjudications: Adjudications;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One record of a request as its review stands, with what a reader must hold to see it. */
export interface RequestRecordRow {
  reviewId: string;
  documentId: string;
  documentNumber: string;
  classification: Classification;
  captions: string[];
  state: ReviewState;
  determination: 'RELEASE_IN_FULL' | 'RELEASE_IN_PART' | 'DENY_IN_FULL' | null;
  /** The exemptions on the review's withheld portions, portion by portion. */
  exemptions: Exemption[];
}

export interface LetterRow {
  id: string;
  requestId: string;
  kind: LetterKind;
  createdAt: Date;
  text: string;
}

export interface RequestListFilter {
  state?: RequestState;
  kind?: RequestKind;
  limit: number;
  offset: number;
}

export interface RequestListPage {
  items: RequestRow[];
  total: number;
}

export type RequestChanges = Pick<
  RequestRow,
  'state' | 'track' | 'clock' | 'dueAt' | 'outcome' | 'adjudications'
>;

/** The request store: implemented over TypeORM in persistence/. */
export abstract class RequestStore {
  /** The next sequence number of a kind of request in a fiscal year, taken in the transaction. */
  abstract nextSequence(prefix: string, fiscalYear: number, tx: Transaction): Promise<number>;
  abstract insert(
    row: Omit<RequestRow, 'createdAt' | 'updatedAt' | 'version'>,
    tx: Transaction,
  ): Promise<void>;
  /** The request, locked until the transaction ends, so its events are decided one at a time. */
  abstract lock(id: string, tx: Transaction): Promise<RequestRow | null>;
  abstract find(id: string): Promise<RequestRow | null>;
  abstract update(id: string, changes: RequestChanges, tx: Transaction): Promise<void>;
  abstract records(requestId: string, tx?: Transaction): Promise<RequestRecordRow[]>;
  /** The appeals filed against a request. */
  abstract appealsOf(
    requestId: string,
    tx?: Transaction,
  ): Promise<Pick<RequestRow, 'id' | 'number' | 'state'>[]>;
  abstract addLetter(letter: LetterRow, tx: Transaction): Promise<void>;
  abstract letters(requestId: string): Promise<LetterRow[]>;
  abstract list(filter: RequestListFilter): Promise<RequestListPage>;
  /**
   * What the annual report needs of every request received by `to` and not answered before
   * `from`: the requests open at some time in the year.
   */
  abstract reportRequests(from: string, to: string): Promise<ReportRequest[]>;
  /** Appends an event to the request's audit chain in the transaction. */
  abstract audit(record: AuditRecord, tx: Transaction): Promise<void>;
}
