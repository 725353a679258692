import { Injectable } from '@nestjs/common';
import { Clock } from '../../kernel/clock';
import { startOfDay } from '../../kernel/agency-day';
import { type ReviewKind, type ReviewState } from '../domain';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { rankOf } from '../../kernel/classification';
import { type Actor } from '../../kernel/actor';
import {
  ReviewStore,
  type ReviewListPosition,
  type ReviewListRow,
  type ReviewSort,
} from './review.ports';
import { isOverdue, type ReviewView } from './review-view';

/** What a reader asks of a review list. */
export interface ReviewListQuery {
  state?: ReviewState;
  assigneeId?: string;
  kind?: ReviewKind;
  documentId?: string;
  open?: boolean;
  overdue?: boolean;
  /** Agency days, YYYY-MM-DD. */
  dueFrom?: string;
  dueBefore?: string;
  q?: string;
  sort?: ReviewSort;
  order?: 'asc' | 'desc';
  /** The `next` of the page before; absent for the first page. */
  after?: string;
  limit: number;
}

/** A review as a list shows it: its row, not its decisions or the events it accepts. */
export interface ReviewListItem extends Omit<
  ReviewListRow,
  'markedOverdue' | 'dueAt' | 'createdAt' | 'updatedAt' | 'clock'
> {
  dueAt: string | null;
  overdue: boolean;
  clock: ReviewView['clock'];
  createdAt: string;
  updatedAt: string;
}

export interface ReviewListView {
  items: ReviewListItem[];
  total: number;
  /** False when a search matched more than `total` reviews (it counts only so far). */
  totalExact: boolean;
  /** Pass as `after` for the next page; null on the last one. */
  next: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A page's cursor is opaque to callers: the order it was given out for, and the last review's
 * sort key and id. A cursor of another order would skip or repeat reviews, so it is refused.
 */
function cursorOf(at: ReviewListPosition, sort: ReviewSort, descending: boolean): string {
  return Buffer.from(JSON.stringify([sort, descending, at.key, at.id])).toString('base64url');
}

function positionOf(cursor: string, sort: ReviewSort, descending: boolean): ReviewListPosition {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  if (
    !Array.isArray(parts) ||
    parts.length !== 4 ||
    typeof parts[2] !== 'string' ||
    typeof parts[3] !== 'string' ||
    !UUID.test(parts[3])
  ) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      'after must be the "next" value of a page of this list; leave it out for the first page',
    );
  }
  if (parts[0] !== sort || parts[1] !== descending) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      `after was given out for the list sorted by ${String(parts[0])} ${parts[1] ? 'descending' : 'ascending'}, not by ${sort} ${descending ? 'descending' : 'ascending'}; leave it out to start this order from the first page`,
    );
  }
  return { key: parts[2], id: parts[3] };
}

const toListItem = (row: ReviewListRow, now: Date): ReviewListItem => ({
  id: row.id,
  documentId: row.documentId,
  documentNumber: row.documentNumber,
  documentTitle: row.documentTitle,
  kind: row.kind,
  state: row.state,
  version: row.version,
  assigneeId: row.assigneeId,
  assigneeName: row.assigneeName,
  dueAt: row.dueAt?.toISOString() ?? null,
  overdue: isOverdue(row, now),
  clock: row.clock
    ? {
        receivedOn: row.clock.receivedOn,
        dueOn: row.clock.dueOn,
        tolled: row.clock.tolled,
        explanation: row.clock.explanation,
      }
    : null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** The review lists: a page at a time of the reviews a reader may see, in the order asked. */
@Injectable()
export class ReviewListService {
  constructor(
    private readonly reviews: ReviewStore,
    private readonly clock: Clock,
  ) {}

  /** One page, with the total of every page and where the next one starts. */
  async list(query: ReviewListQuery, actor: Actor): Promise<ReviewListView> {
    const sort = query.sort ?? 'due';
    const descending = query.order === 'desc';
    const now = this.clock.now();
    const startOf = (day: string | undefined) =>
      day === undefined ? undefined : new Date(startOfDay(day, this.clock.timeZone));
    const page = await this.reviews.list({
      state: query.state,
      assigneeId: query.assigneeId,
      kind: query.kind,
      documentId: query.documentId,
      open: query.open,
      overdueAt: query.overdue ? now : undefined,
      dueFrom: startOf(query.dueFrom),
      dueBefore: startOf(query.dueBefore),
      q: query.q,
      sort,
      descending,
      after: query.after === undefined ? undefined : positionOf(query.after, sort, descending),
      limit: query.limit,
      clearanceRank: rankOf(actor.clearance),
      caveats: actor.caveats,
    });
    return {
      items: page.items.map((row) => toListItem(row, now)),
      total: page.total,
      totalExact: page.totalExact,
      next: page.next && cursorOf(page.next, sort, descending),
    };
  }
}
