import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { appendAuditEvent } from '../../audit/persistence/audit-log';
import {
  cancelDeadlines,
  claimDeadline,
  insertDeadlines,
} from '../../deadlines/persistence/deadline-rows';
import { writeOutbox } from '../../outbox/outbox.writer';
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

class TypeOrmReviewTransaction implements ReviewTransaction {
  constructor(private readonly m: EntityManager) {}

  async lock(reviewId: string): Promise<LockedReview | null> {
    const rows = await this.m.query<RawReview[]>(
      `SELECT r.id, r.document_id, r.kind, r.created_at, r.version, r.snapshot, d.current_classification, d.captions
         FROM reviews r JOIN documents d ON d.id = r.document_id WHERE r.id = $1 FOR UPDATE OF r`,
      [reviewId],
    );
    const r = rows[0];
    if (!r) return null;
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

  async insert(review: NewReview, audit: AuditRecord): Promise<void> {
    // A review the worker opens for a deadline claims it first: a second delivery stops here.
    if (review.firesDeadline) await this.markFired(review.firesDeadline);
    try {
      await this.m.query(
        `INSERT INTO reviews (id, document_id, kind, state, snapshot, machine_version, version, due_at)
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7)`,
        [
          review.id,
          review.documentId,
          review.kind,
          review.snapshot.value,
          JSON.stringify(review.snapshot),
          review.machineVersion,
          review.dueAt,
        ],
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
    await appendAuditEvent(this.m, audit);
    await writeOutbox(this.m, review.outbox ?? []);
  }

  async saveStep(reviewId: string, s: ReviewStep): Promise<{ version: number; updatedAt: Date }> {
    const ctx = s.after.context;
    type Saved = { version: number; updated_at: Date };
    const rows = await this.m.query<[Saved[], number] | Saved[]>(
      `UPDATE reviews SET snapshot = $2, state = $3, version = version + 1, assignee_id = $4, proposer_id = $5,
         determination = $6, release_marking = $7, due_at = $8, updated_at = now() WHERE id = $1 RETURNING version, updated_at`,
      [
        reviewId,
        JSON.stringify(s.after),
        s.after.value,
        ctx.assigneeId,
        ctx.proposerId,
        ctx.determination,
        ctx.outcome?.marking ?? null,
        s.dueAt,
      ],
    );
    if (s.firesDeadline) await this.markFired(s.firesDeadline);
    await this.projectDecisions(reviewId, s.before, s.after);
    await this.projectReferrals(s.before, s.after);
    if (ctx.outcome && !s.before.context.outcome) await this.applyOutcome(s.after);
    await this.applyDeadlines(s.deadlines);
    // The review row is locked until commit, so its chain has one writer: no chain lock needed.
    await appendAuditEvent(this.m, s.audit, { chainLocked: true });
    await writeOutbox(this.m, s.outbox);
    const saved = (Array.isArray(rows[0]) ? rows[0] : rows) as Saved[];
    return { version: saved[0]!.version, updatedAt: saved[0]!.updated_at };
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

  /** Keeps portion_decisions equal to the snapshot's decisions, touching only what changed. */
  private async projectDecisions(
    reviewId: string,
    before: PersistedReview,
    after: PersistedReview,
  ): Promise<void> {
    for (const [portionId, d] of Object.entries(after.context.decisions)) {
      if (JSON.stringify(before.context.decisions[portionId]) === JSON.stringify(d)) continue;
      await this.m.query(
        `INSERT INTO portion_decisions (id, review_id, portion_id, action, exemptions, justification, agency, decided_by, decided_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (review_id, portion_id) DO UPDATE SET action = EXCLUDED.action, exemptions = EXCLUDED.exemptions,
           justification = EXCLUDED.justification, agency = EXCLUDED.agency, decided_by = EXCLUDED.decided_by,
           decided_at = EXCLUDED.decided_at`,
        [
          reviewId,
          portionId,
          d.action,
          JSON.stringify(d.exemptions),
          d.justification,
          d.agency,
          d.decidedBy,
          d.decidedAt,
        ],
      );
    }
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
