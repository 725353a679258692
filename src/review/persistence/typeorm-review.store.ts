import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { managerOf } from '../../database/typeorm-unit-of-work';
import type { Transaction } from '../../kernel/unit-of-work';
import { auditEventInsert } from '../../audit/persistence/audit-log';
import { queryPrepared } from '../../database/prepared';
import { SqlParams } from '../../database/sql-params';
import {
  claimDeadline,
  deadlineClaim,
  deadlinesCancel,
  deadlinesInsert,
} from '../../deadlines/persistence/deadline-rows';
import { outboxInsert } from '../../outbox/outbox.writer';
import type { AuditRecord } from '../../audit/domain/audit-hash';
import { containing } from '../../database/like';
import { FINAL_STATES, type PersistedReview } from '../domain';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { rankOf } from '../../kernel/classification';
import {
  deadlineGone,
  ReviewStore,
  SEARCH_COUNT_LIMIT,
  type CurrentReview,
  type NewReview,
  type ReviewListFilter,
  type ReviewListPage,
  type ReviewListRow,
  type ReviewRow,
  type ReviewSort,
  type ReviewStep,
  type StepSaved,
} from '../application/review.ports';

interface RawReview {
  id: string;
  document_id: string;
  request_id: string | null;
  kind: ReviewRow['kind'];
  state: ReviewRow['state'];
  version: number;
  snapshot: PersistedReview;
  due_at: Date | null;
  created_at: Date;
  updated_at: Date;
  current_classification: ReviewRow['documentClassification'];
  captions: string[];
}

const SELECT_REVIEW = `SELECT r.id, r.document_id, r.request_id, r.kind, r.state, r.version, r.snapshot, r.due_at, r.created_at,
  r.updated_at, d.current_classification, d.captions FROM reviews r JOIN documents d ON d.id = r.document_id`;

interface RawListRow {
  id: string;
  document_id: string;
  document_number: string;
  document_title: string;
  kind: ReviewRow['kind'];
  state: ReviewRow['state'];
  version: number;
  assignee_id: string | null;
  assignee_name: string | null;
  due_at: Date | null;
  marked_overdue: boolean | null;
  clock: ReviewListRow['clock'];
  created_at: Date;
  updated_at: Date;
  sort_key: string;
}

/** Each order of a review list as SQL: the expression sorted on and its type, for the cursor. */
const SORT_KEYS: Record<ReviewSort, { expr: string; type: string }> = {
  // A review with no due date yet comes after every dated one.
  due: { expr: `coalesce(r.due_at, 'infinity'::timestamptz)`, type: 'timestamptz' },
  updated: { expr: 'r.updated_at', type: 'timestamptz' },
  document: { expr: 'r.document_number', type: 'text' },
};

/**
 * Whether a list's total can be read from the review counts the database keeps: they are kept by
 * state, assignee, kind and the document's level and captions; other filters are counted.
 */
const countable = (f: ReviewListFilter) =>
  !f.documentId && !f.q && !f.overdueAt && !f.dueFrom && !f.dueBefore;

const OPEN = `r.state NOT IN (${FINAL_STATES.map((state) => `'${state}'`).join(', ')})`;

const toRow = (r: RawReview): ReviewRow => ({
  id: r.id,
  documentId: r.document_id,
  requestId: r.request_id,
  kind: r.kind,
  state: r.state,
  version: r.version,
  snapshot: r.snapshot,
  dueAt: r.due_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  documentClassification: r.current_classification,
  documentCaptions: r.captions,
});

/**
 * Several writes as one statement: each becomes a data-modifying CTE `w0`, `w1`, … (all run,
 * referenced or not, on one snapshot), then `select` reads what it needs of them. One round trip
 * instead of one per write; it all commits or fails together. Null parts are left out.
 */
function inOneStatement(writes: (string | null)[], select: string): string {
  const ctes = writes.filter((w): w is string => w !== null).map((w, i) => `w${i} AS (${w})`);
  return `WITH ${ctes.join(',\n')}\n${select}`;
}

/** In a step's statement: the review's update (`w0`) happened, so its other writes may. */
const REVIEW_UPDATED = 'EXISTS (SELECT 1 FROM w0)';

/** Keeps portion_decisions equal to the snapshot's decisions, writing only what changed. */
function decisionsUpsert(
  reviewId: string,
  before: PersistedReview,
  after: PersistedReview,
  p: SqlParams,
): string | null {
  const changed = Object.entries(after.context.decisions).filter(
    ([portionId, d]) => JSON.stringify(before.context.decisions[portionId]) !== JSON.stringify(d),
  );
  if (changed.length === 0) return null;
  const column = (f: (d: (typeof changed)[number][1]) => unknown, type: string) =>
    `${p.add(changed.map(([, d]) => f(d)))}::${type}[]`;
  return `INSERT INTO portion_decisions (id, review_id, portion_id, action, exemptions, justification, agency, decided_by, decided_at)
     SELECT gen_random_uuid(), ${p.add(reviewId)}::uuid, u.*
       FROM unnest(${p.add(changed.map(([id]) => id))}::uuid[], ${column((d) => d.action, 'text')},
                   ${column((d) => JSON.stringify(d.exemptions), 'jsonb')}, ${column((d) => d.justification, 'text')},
                   ${column((d) => d.agency, 'text')}, ${column((d) => d.decidedBy, 'uuid')},
                   ${column((d) => d.decidedAt, 'timestamptz')}) AS u
      WHERE ${REVIEW_UPDATED}
     ON CONFLICT (review_id, portion_id) DO UPDATE SET action = EXCLUDED.action, exemptions = EXCLUDED.exemptions,
       justification = EXCLUDED.justification, agency = EXCLUDED.agency, decided_by = EXCLUDED.decided_by,
       decided_at = EXCLUDED.decided_at`;
}

/** Referrals sent by the step, and responses it recorded. */
function referralWrites(before: PersistedReview, after: PersistedReview, p: SqlParams): string[] {
  const writes: string[] = [];
  for (const r of after.context.referrals) {
    const old = before.context.referrals.find((x) => x.id === r.id);
    if (!old) {
      writes.push(
        `INSERT INTO referrals (id, review_id, agency, portion_ids, sent_at)
         SELECT ${p.add(r.id)}::uuid, ${p.add(after.context.reviewId)}::uuid, ${p.add(r.agency)}::text,
                ${p.add(r.portionIds)}::uuid[], ${p.add(r.sentAt)}::timestamptz WHERE ${REVIEW_UPDATED}`,
      );
    } else if (!old.response && r.response) {
      writes.push(
        `UPDATE referrals SET response = ${p.add(r.response.decision)}, responded_at = ${p.add(r.response.recordedAt)}
          WHERE id = ${p.add(r.id)}::uuid AND ${REVIEW_UPDATED}`,
      );
    }
  }
  return writes;
}

/**
 * The approval changes the document's current classification; a release in full also removes its
 * captions (the old ones stay in the outcome, in the audit trail), and a portion withheld as
 * atomic-energy information flags the whole record for the Department of Energy.
 */
function outcomeUpdate(
  before: PersistedReview,
  after: PersistedReview,
  p: SqlParams,
): string | null {
  const { outcome, documentId } = after.context;
  if (!outcome || before.context.outcome) return null;
  return `UPDATE documents SET current_classification = ${p.add(outcome.currentClassification)},
       classification_rank = ${p.add(rankOf(outcome.currentClassification))},${outcome.decaptioned ? ` captions = ARRAY(SELECT c FROM unnest(captions) AS c WHERE c <> ALL(${p.add(outcome.decaptioned)}::text[])),` : ''}${outcome.restrictedData ? ' restricted_data = true,' : ''} updated_at = now()
     WHERE id = ${p.add(documentId)}::uuid AND ${REVIEW_UPDATED}`;
}

const SELECT_CURRENT = `SELECT r.id, r.document_id, r.request_id, r.kind, r.created_at, r.version, r.snapshot, r.audit_head,
       d.current_classification, d.captions
  FROM reviews r JOIN documents d ON d.id = r.document_id WHERE r.id = $1`;

@Injectable()
export class TypeOrmReviewStore extends ReviewStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async current(reviewId: string, tx?: Transaction): Promise<CurrentReview | null> {
    const [r] = await queryPrepared<RawReview & { audit_head: string | null }>(
      managerOf(tx, this.dataSource),
      SELECT_CURRENT,
      [reviewId],
    );
    if (!r) return null;
    return {
      id: r.id,
      documentId: r.document_id,
      requestId: r.request_id,
      kind: r.kind,
      createdAt: r.created_at,
      version: r.version,
      snapshot: r.snapshot,
      documentClassification: r.current_classification,
      documentCaptions: r.captions,
      auditHead: r.audit_head,
    };
  }

  /**
   * One statement: the review's update, guarded by its version (and, for a step that fires a
   * deadline, by the deadline still pending), then every other write of the step guarded by that
   * update having happened: the deadline claimed, decisions, referrals, the document's new
   * classification, deadline rows, the audit event chained to the head read with the review, and
   * the outbox rows. A single statement commits all of it or none; a version that moved on means
   * another step was written first, and its audit event is the head this one did not chain to.
   */
  async saveStep(from: CurrentReview, s: ReviewStep, tx?: Transaction): Promise<StepSaved> {
    const on = managerOf(tx, this.dataSource);
    const p = new SqlParams();
    const ctx = s.after.context;
    const fires = s.firesDeadline;
    const event = auditEventInsert(s.audit, from.auditHead, p, REVIEW_UPDATED);
    const update = `UPDATE reviews SET snapshot = ${p.add(JSON.stringify(s.after))}, state = ${p.add(s.after.value)},
         version = version + 1, assignee_id = ${p.add(ctx.assigneeId)}, proposer_id = ${p.add(ctx.proposerId)},
         determination = ${p.add(ctx.determination)}, release_marking = ${p.add(ctx.outcome?.marking ?? null)},
         due_at = ${p.add(s.dueAt)}, audit_head = ${p.add(event.hash)}, updated_at = now()
       WHERE id = ${p.add(from.id)}::uuid AND version = ${p.add(from.version)}::int
         ${fires ? `AND EXISTS (SELECT 1 FROM deadlines WHERE id = ${p.add(fires.id)}::uuid AND status = 'PENDING')` : ''}
       RETURNING version, updated_at`;
    const writes = [
      update,
      fires ? deadlineClaim(fires.id, fires.outcome, p, REVIEW_UPDATED) : null,
      decisionsUpsert(from.id, s.before, s.after, p),
      ...referralWrites(s.before, s.after, p),
      outcomeUpdate(s.before, s.after, p),
      deadlinesCancel(s.deadlines.cancel, p, REVIEW_UPDATED, fires?.id ?? null),
      deadlinesInsert(s.deadlines.add, p, REVIEW_UPDATED),
      event.sql,
      outboxInsert(s.outbox, p, REVIEW_UPDATED),
    ];
    const [saved] = await queryPrepared<{ version: number; updated_at: Date }>(
      on,
      inOneStatement(writes, 'SELECT version, updated_at FROM w0'),
      p.values,
    );
    if (saved) return { saved: true, version: saved.version, updatedAt: saved.updated_at };
    if (fires) {
      const [now] = await queryPrepared<{ version: number }>(
        on,
        'SELECT version FROM reviews WHERE id = $1',
        [from.id],
      );
      if (now?.version === from.version) return { saved: false, reason: 'DEADLINE_GONE' };
    }
    return { saved: false, reason: 'REVIEW_CHANGED' };
  }

  /**
   * A review the worker opens for a deadline claims it first, so a second delivery stops there;
   * then the review with its first audit event, its deadlines and outbox rows in one statement.
   */
  async insert(
    review: NewReview,
    audit: AuditRecord,
    tx?: Transaction,
  ): Promise<{ createdAt: Date }> {
    const inTransaction = (work: (m: EntityManager) => Promise<{ createdAt: Date }>) =>
      tx ? work(managerOf(tx, this.dataSource)) : this.dataSource.transaction(work);
    return inTransaction(async (m) => {
      if (
        review.firesDeadline &&
        !(await claimDeadline(m, review.firesDeadline.id, review.firesDeadline.outcome))
      ) {
        throw deadlineGone(review.firesDeadline.id);
      }
      const p = new SqlParams();
      const event = auditEventInsert(audit, null, p);
      const writes = [
        `INSERT INTO reviews (id, document_id, request_id, kind, state, snapshot, machine_version, version, due_at, audit_head)
         VALUES (${p.add(review.id)}, ${p.add(review.documentId)}, ${p.add(review.requestId)}::uuid, ${p.add(review.kind)}, ${p.add(review.snapshot.value)},
                 ${p.add(JSON.stringify(review.snapshot))}, ${p.add(review.machineVersion)}, 1, ${p.add(review.dueAt)},
                 ${p.add(event.hash)})
         RETURNING created_at`,
        deadlinesCancel(review.deadlines.cancel, p),
        deadlinesInsert(review.deadlines.add, p),
        event.sql,
        outboxInsert(review.outbox ?? [], p),
      ];
      try {
        const [created] = await queryPrepared<{ created_at: Date }>(
          m,
          inOneStatement(writes, 'SELECT created_at FROM w0'),
          p.values,
        );
        return { createdAt: created!.created_at };
      } catch (err) {
        const { code, constraint } = err as { code?: string; constraint?: string };
        if (code === '23505' && constraint === 'reviews_one_open_per_document') {
          throw new DomainError(
            ErrorCode.ALREADY_EXISTS,
            `Document ${review.snapshot.context.document.documentNumber} already has an open review; close or finish it before opening another`,
          );
        }
        throw err;
      }
    });
  }

  async findById(reviewId: string): Promise<ReviewRow | null> {
    const rows = await this.dataSource.query<RawReview[]>(`${SELECT_REVIEW} WHERE r.id = $1`, [
      reviewId,
    ]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  async list(f: ReviewListFilter): Promise<ReviewListPage> {
    const p = new SqlParams();
    // One table, in an index's order: the document's facts are copied onto each review.
    const where = [
      `r.document_rank <= ${p.add(f.clearanceRank)}`,
      `r.document_captions <@ ${p.add(f.caveats)}::text[]`,
    ];
    if (f.state) where.push(`r.state = ${p.add(f.state)}`);
    if (f.assigneeId) where.push(`r.assignee_id = ${p.add(f.assigneeId)}`);
    if (f.kind) where.push(`r.kind = ${p.add(f.kind)}`);
    if (f.documentId) where.push(`r.document_id = ${p.add(f.documentId)}`);
    // Written out, not a parameter, so the planner can use the indexes of open reviews.
    if (f.open || f.overdueAt || f.dueFrom || f.dueBefore) where.push(OPEN);
    // On the due order's own expression, so a range of due dates is a range of its index.
    const due = SORT_KEYS.due.expr;
    if (f.overdueAt) where.push(`${due} < ${p.add(f.overdueAt)}`);
    if (f.dueFrom) where.push(`${due} >= ${p.add(f.dueFrom)} AND r.due_at IS NOT NULL`);
    if (f.dueBefore) where.push(`${due} < ${p.add(f.dueBefore)}`);
    if (f.q) {
      const pattern = p.add(containing(f.q));
      where.push(`(r.document_number ILIKE ${pattern} OR r.document_title ILIKE ${pattern})`);
    }
    const clause = where.join(' AND ');
    // The total counts every page: the cursor's own parameters, added next, are not its.
    const countParams = [...p.values];
    const { expr, type } = SORT_KEYS[f.sort];
    const direction = f.descending ? 'DESC' : 'ASC';
    const after = f.after
      ? ` AND (${expr}, r.id) ${f.descending ? '<' : '>'} (${p.add(f.after.key)}::${type}, ${p.add(f.after.id)}::uuid)`
      : '';
    // One row past the page says whether there is a next one; the total is read beside it. The
    // clause reads the same on review_counts, which has every column a countable filter names.
    const [rows, [count]] = await Promise.all([
      this.dataSource.query<RawListRow[]>(
        `SELECT r.id, r.document_id, r.document_number, r.document_title, r.kind, r.state,
           r.version, r.assignee_id, u.username AS assignee_name, r.due_at,
           (r.snapshot #> '{context,overdue}')::boolean AS marked_overdue,
           r.snapshot #> '{context,clock}' AS clock, r.created_at, r.updated_at,
           (${expr})::text AS sort_key
         FROM reviews r LEFT JOIN users u ON u.id = r.assignee_id
         WHERE ${clause}${after}
         ORDER BY ${expr} ${direction}, r.id ${direction} LIMIT ${f.limit + 1}`,
        p.values,
      ),
      this.dataSource.query<{ n: number }[]>(
        countable(f)
          ? `SELECT coalesce(sum(r.n), 0)::int AS n FROM review_counts r WHERE ${clause}`
          : f.q
            ? `SELECT count(*)::int AS n FROM
                 (SELECT 1 FROM reviews r WHERE ${clause} LIMIT ${SEARCH_COUNT_LIMIT + 1}) AS hits`
            : `SELECT count(*)::int AS n FROM reviews r WHERE ${clause}`,
        countParams,
      ),
    ]);
    const page = rows.slice(0, f.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => ({
        id: r.id,
        documentId: r.document_id,
        documentNumber: r.document_number,
        documentTitle: r.document_title,
        kind: r.kind,
        state: r.state,
        version: r.version,
        assigneeId: r.assignee_id,
        assigneeName: r.assignee_name,
        dueAt: r.due_at,
        markedOverdue: r.marked_overdue === true,
        clock: r.clock,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      })),
      total: Math.min(count?.n ?? 0, f.q ? SEARCH_COUNT_LIMIT : Infinity),
      totalExact: !f.q || (count?.n ?? 0) <= SEARCH_COUNT_LIMIT,
      next: rows.length > f.limit && last ? { key: last.sort_key, id: last.id } : null,
    };
  }

  async portionTexts(documentId: string): Promise<Map<string, string>> {
    const rows = await this.dataSource.query<{ id: string; text: string }[]>(
      `SELECT id, text FROM portions WHERE document_id = $1`,
      [documentId],
    );
    return new Map(rows.map((r) => [r.id, r.text]));
  }
}
