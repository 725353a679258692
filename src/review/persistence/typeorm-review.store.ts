import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { auditEventInsert } from '../../audit/persistence/audit-log';
import { queryPrepared } from '../../database/prepared';
import { SqlParams } from '../../database/sql-params';
import {
  cancelDeadlines,
  claimDeadline,
  insertDeadlines,
} from '../../deadlines/persistence/deadline-rows';
import { outboxInsert } from '../../outbox/outbox.writer';
import type { AuditRecord } from '../../audit/domain/audit-hash';
import { DomainError, ErrorCode, rankOf, type PersistedReview } from '../domain';
import type { DeadlinePlan } from '../application/review-deadlines';
import {
  ReviewStore,
  type LockedReview,
  type NewReview,
  type ReviewListFilter,
  type ReviewRow,
  type ReviewStep,
  type ReviewTransaction,
} from '../application/review.ports';

interface RawReview {
  id: string;
  document_id: string;
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

const SELECT_REVIEW = `SELECT r.id, r.document_id, r.kind, r.state, r.version, r.snapshot, r.due_at, r.created_at,
  r.updated_at, d.current_classification, d.captions FROM reviews r JOIN documents d ON d.id = r.document_id`;

const toRow = (r: RawReview): ReviewRow => ({
  id: r.id,
  documentId: r.document_id,
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
  const column = (f: (d: (typeof changed)[number][1]) => unknown) =>
    p.add(changed.map(([, d]) => f(d)));
  return `INSERT INTO portion_decisions (id, review_id, portion_id, action, exemptions, justification, agency, decided_by, decided_at)
     SELECT gen_random_uuid(), ${p.add(reviewId)}, *
       FROM unnest(${p.add(changed.map(([id]) => id))}::uuid[], ${column((d) => d.action)}::text[],
                   ${column((d) => JSON.stringify(d.exemptions))}::jsonb[], ${column((d) => d.justification)}::text[],
                   ${column((d) => d.agency)}::text[], ${column((d) => d.decidedBy)}::uuid[],
                   ${column((d) => d.decidedAt)}::timestamptz[])
     ON CONFLICT (review_id, portion_id) DO UPDATE SET action = EXCLUDED.action, exemptions = EXCLUDED.exemptions,
       justification = EXCLUDED.justification, agency = EXCLUDED.agency, decided_by = EXCLUDED.decided_by,
       decided_at = EXCLUDED.decided_at`;
}

class TypeOrmReviewTransaction implements ReviewTransaction {
  /** The audit chain head of each review this transaction locked, read with the lock. */
  private readonly heads = new Map<string, string | null>();

  constructor(private readonly m: EntityManager) {}

  async lock(reviewId: string): Promise<LockedReview | null> {
    const rows = await queryPrepared<RawReview & { audit_head: string | null }>(
      this.m,
      `SELECT r.id, r.document_id, r.kind, r.created_at, r.version, r.snapshot, r.audit_head,
              d.current_classification, d.captions
         FROM reviews r JOIN documents d ON d.id = r.document_id WHERE r.id = $1 FOR UPDATE OF r`,
      [reviewId],
    );
    const r = rows[0];
    if (!r) return null;
    this.heads.set(r.id, r.audit_head);
    return {
      id: r.id,
      documentId: r.document_id,
      kind: r.kind,
      createdAt: r.created_at,
      version: r.version,
      snapshot: r.snapshot,
      documentClassification: r.current_classification,
      documentCaptions: r.captions,
    };
  }

  /** The review, the first event of its chain and its outbox rows: one statement. */
  async insert(review: NewReview, audit: AuditRecord): Promise<{ createdAt: Date }> {
    // A review the worker opens for a deadline claims it first: a second delivery stops here.
    if (review.firesDeadline) await this.markFired(review.firesDeadline);
    const p = new SqlParams();
    const event = auditEventInsert(audit, null, p);
    const writes = [
      `INSERT INTO reviews (id, document_id, kind, state, snapshot, machine_version, version, due_at, audit_head)
       VALUES (${p.add(review.id)}, ${p.add(review.documentId)}, ${p.add(review.kind)}, ${p.add(review.snapshot.value)},
               ${p.add(JSON.stringify(review.snapshot))}, ${p.add(review.machineVersion)}, 1, ${p.add(review.dueAt)},
               ${p.add(event.hash)})
       RETURNING created_at`,
      event.sql,
      outboxInsert(review.outbox ?? [], p),
    ];
    let created: { created_at: Date }[];
    try {
      created = await queryPrepared(
        this.m,
        inOneStatement(writes, 'SELECT created_at FROM w0'),
        p.values,
      );
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
    await this.applyDeadlines(review.deadlines);
    return { createdAt: created[0]!.created_at };
  }

  /**
   * The rare writes of a step (a deadline claimed, referrals, the document's new classification,
   * deadline rows) go first, one statement each; then the review, its changed decisions, the audit
   * event and the outbox rows in one statement. The row lock taken by `lock` makes this
   * transaction the only writer of the review's audit chain, whose head it read with the lock.
   */
  async saveStep(reviewId: string, s: ReviewStep): Promise<{ version: number; updatedAt: Date }> {
    const head = this.heads.get(reviewId);
    if (head === undefined) throw new Error(`saveStep: review ${reviewId} was not locked first`);
    if (s.firesDeadline) await this.markFired(s.firesDeadline);
    await this.projectReferrals(s.before, s.after);
    const ctx = s.after.context;
    if (ctx.outcome && !s.before.context.outcome) await this.applyOutcome(s.after);
    await this.applyDeadlines(s.deadlines);

    const p = new SqlParams();
    const event = auditEventInsert(s.audit, head, p);
    const update = `UPDATE reviews SET snapshot = ${p.add(JSON.stringify(s.after))}, state = ${p.add(s.after.value)},
         version = version + 1, assignee_id = ${p.add(ctx.assigneeId)}, proposer_id = ${p.add(ctx.proposerId)},
         determination = ${p.add(ctx.determination)}, release_marking = ${p.add(ctx.outcome?.marking ?? null)},
         due_at = ${p.add(s.dueAt)}, audit_head = ${p.add(event.hash)}, updated_at = now()
       WHERE id = ${p.add(reviewId)} RETURNING version, updated_at`;
    const writes = [
      update,
      decisionsUpsert(reviewId, s.before, s.after, p),
      event.sql,
      outboxInsert(s.outbox, p),
    ];
    const rows = await queryPrepared<{ version: number; updated_at: Date }>(
      this.m,
      inOneStatement(writes, 'SELECT version, updated_at FROM w0'),
      p.values,
    );
    this.heads.set(reviewId, event.hash);
    return { version: rows[0]!.version, updatedAt: rows[0]!.updated_at };
  }

  /**
   * A deadline fires at most once in effect: the step that reports it claims the row, and a
   * second delivery of the same job finds nothing to claim and rolls back.
   */
  private async markFired(fires: { id: string; outcome: string }): Promise<void> {
    if (!(await claimDeadline(this.m, fires.id, fires.outcome))) {
      throw new DomainError(
        ErrorCode.ALREADY_EXISTS,
        `Deadline ${fires.id} has already fired or was cancelled`,
      );
    }
  }

  private async applyDeadlines(plan: DeadlinePlan): Promise<void> {
    await cancelDeadlines(this.m, plan.cancel);
    await insertDeadlines(this.m, plan.add);
  }

  private async projectReferrals(before: PersistedReview, after: PersistedReview): Promise<void> {
    for (const r of after.context.referrals) {
      const old = before.context.referrals.find((x) => x.id === r.id);
      if (!old) {
        await this.m.query(
          `INSERT INTO referrals (id, review_id, agency, portion_ids, sent_at) VALUES ($1, $2, $3, $4, $5)`,
          [r.id, after.context.reviewId, r.agency, r.portionIds, r.sentAt],
        );
      } else if (!old.response && r.response) {
        await this.m.query(`UPDATE referrals SET response = $2, responded_at = $3 WHERE id = $1`, [
          r.id,
          r.response.decision,
          r.response.recordedAt,
        ]);
      }
    }
  }

  /** The approval changes the document's current classification. */
  private async applyOutcome(after: PersistedReview): Promise<void> {
    const { outcome, documentId } = after.context;
    if (!outcome) return;
    await this.m.query(
      `UPDATE documents SET current_classification = $2, classification_rank = $3, updated_at = now() WHERE id = $1`,
      [documentId, outcome.currentClassification, rankOf(outcome.currentClassification)],
    );
  }
}

@Injectable()
export class TypeOrmReviewStore extends ReviewStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (tx: ReviewTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((m) => work(new TypeOrmReviewTransaction(m)));
  }

  async findById(reviewId: string): Promise<ReviewRow | null> {
    const rows = await this.dataSource.query<RawReview[]>(`${SELECT_REVIEW} WHERE r.id = $1`, [
      reviewId,
    ]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  async list(f: ReviewListFilter): Promise<{ items: ReviewRow[]; total: number }> {
    const where = ['d.classification_rank <= $1', 'd.captions <@ $2::text[]'];
    const params: unknown[] = [f.clearanceRank, f.caveats];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.state) add('r.state = ?', f.state);
    if (f.assigneeId) add('r.assignee_id = ?', f.assigneeId);
    if (f.kind) add('r.kind = ?', f.kind);
    if (f.documentId) add('r.document_id = ?', f.documentId);
    const clause = where.join(' AND ');
    const [count] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM reviews r JOIN documents d ON d.id = r.document_id WHERE ${clause}`,
      params,
    );
    const rows = await this.dataSource.query<RawReview[]>(
      `${SELECT_REVIEW} WHERE ${clause} ORDER BY r.due_at ASC NULLS LAST, r.created_at ASC LIMIT ${f.limit} OFFSET ${f.offset}`,
      params,
    );
    return { items: rows.map(toRow), total: count?.n ?? 0 };
  }

  async portionTexts(documentId: string): Promise<Map<string, string>> {
    const rows = await this.dataSource.query<{ id: string; text: string }[]>(
      `SELECT id, text FROM portions WHERE document_id = $1`,
      [documentId],
    );
    return new Map(rows.map((r) => [r.id, r.text]));
  }
}
