import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditRecord } from '../../audit/domain/audit-hash';
import { appendAuditEvent } from '../../audit/persistence/audit-log';
import type { CitedExemption, WithheldPortion } from '../domain/automatic-declassification';
import type { DeadlineStatus, NewDeadline } from '../domain/deadline';
import { rankOf, type Classification } from '../../kernel/classification';
import {
  DeadlineStore,
  type DeadlineCounts,
  type DeadlineMetricsSnapshot,
  type DeadlineRow,
  type DeadlineTransaction,
  type DocumentUnderDeadline,
} from '../application/deadline.ports';
import { claimDeadline, deadlinesCancel, insertDeadlines } from './deadline-rows';
import { SqlParams } from '../../database/sql-params';

interface RawDeadline {
  id: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  due_at: Date;
  status: DeadlineStatus;
  fired_at: Date | null;
  outcome: string | null;
  rule: string | null;
  created_at: Date;
}

const toRow = (r: RawDeadline): DeadlineRow => ({
  id: r.id,
  kind: r.kind,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  dueAt: r.due_at,
  status: r.status,
  firedAt: r.fired_at,
  outcome: r.outcome,
  rule: r.rule,
  createdAt: r.created_at,
});

const FINAL_REVIEW_STATES = `('released', 'withheld', 'closed')`;

class TypeOrmDeadlineTransaction implements DeadlineTransaction {
  constructor(private readonly m: EntityManager) {}

  async lockPending(deadlineId: string): Promise<DeadlineRow | null> {
    // A racer blocks here until the first commits, then finds the row no longer pending.
    const rows = await this.m.query<RawDeadline[]>(
      `SELECT * FROM deadlines WHERE id = $1 AND status = 'PENDING' FOR UPDATE`,
      [deadlineId],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async lockDocument(documentId: string): Promise<DocumentUnderDeadline | null> {
    // One round trip. FOR UPDATE also waits for a review being inserted for this document (its
    // foreign key holds a KEY SHARE lock), so an opening review is seen here or waits for this.
    const [doc] = await this.m.query<
      {
        id: string;
        document_number: string;
        current_classification: Classification;
        restricted_data: boolean;
        auto_declassify_on: string | null;
        open_review: { id: string; kind: string; dueAt: string | null } | null;
        withheld: { seq: number; classification: Classification; exemptions: CitedExemption[] }[];
      }[]
    >(
      `SELECT d.id, d.document_number, d.current_classification, d.restricted_data,
              to_char(d.auto_declassify_on, 'YYYY-MM-DD') AS auto_declassify_on,
              (SELECT json_build_object('id', r.id, 'kind', r.kind, 'dueAt', r.due_at)
                 FROM reviews r WHERE r.document_id = d.id AND r.state NOT IN ${FINAL_REVIEW_STATES}
                LIMIT 1) AS open_review,
              -- What the latest approved determination withheld, and under which codes.
              (SELECT coalesce(json_agg(json_build_object('seq', p.seq, 'classification', p.classification, 'exemptions', pd.exemptions)
                                        ORDER BY p.seq), '[]'::json)
                 FROM portion_decisions pd JOIN portions p ON p.id = pd.portion_id
                WHERE pd.action = 'EXEMPT' AND pd.review_id = (
                        SELECT a.id FROM reviews a WHERE a.document_id = d.id AND a.state IN ('released', 'withheld')
                         ORDER BY a.updated_at DESC LIMIT 1)) AS withheld
         FROM documents d WHERE d.id = $1 FOR UPDATE OF d`,
      [documentId],
    );
    if (!doc) return null;
    const open = doc.open_review;
    return {
      id: doc.id,
      documentNumber: doc.document_number,
      currentClassification: doc.current_classification,
      restrictedData: doc.restricted_data,
      autoDeclassifyOn: doc.auto_declassify_on,
      // json_build_object writes a timestamptz in Postgres's own format: read it back as a Date.
      openReview: open
        ? {
            id: open.id,
            kind: open.kind,
            dueAt: open.dueAt ? new Date(open.dueAt).toISOString() : null,
          }
        : null,
      withheld: doc.withheld.map((w): WithheldPortion => ({
        seq: w.seq,
        classification: w.classification,
        exemptions: w.exemptions.map((e) => ({
          code: e.code,
          family: e.family,
          expiresOn: e.expiresOn,
        })),
      })),
    };
  }

  async declassify(documentId: string, to: Classification): Promise<void> {
    await this.m.query(
      `UPDATE documents SET current_classification = $2, classification_rank = $3, updated_at = now() WHERE id = $1`,
      [documentId, to, rankOf(to)],
    );
  }

  async scheduleNextCheck(firing: string, next: NewDeadline): Promise<void> {
    const p = new SqlParams();
    await this.m.query(deadlinesCancel([next], p, 'true', firing)!, p.values);
    await insertDeadlines(this.m, [next]);
  }

  async audit(record: AuditRecord): Promise<void> {
    await appendAuditEvent(this.m, record);
  }

  async finish(deadlineId: string, outcome: string): Promise<void> {
    if (!(await claimDeadline(this.m, deadlineId, outcome))) {
      throw new Error(`Deadline ${deadlineId} is not locked as pending by this transaction`);
    }
  }
}

@Injectable()
export class TypeOrmDeadlineStore extends DeadlineStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (tx: DeadlineTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((m) => work(new TypeOrmDeadlineTransaction(m)));
  }

  async find(deadlineId: string): Promise<DeadlineRow | null> {
    const rows = await this.dataSource.query<RawDeadline[]>(
      `SELECT * FROM deadlines WHERE id = $1`,
      [deadlineId],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async reviewOfReferral(referralId: string): Promise<string | null> {
    const rows = await this.dataSource.query<{ review_id: string }[]>(
      `SELECT review_id FROM referrals WHERE id = $1`,
      [referralId],
    );
    return rows[0]?.review_id ?? null;
  }

  async pendingDueBefore(before: Date, limit: number): Promise<{ id: string; dueAt: Date }[]> {
    // deadlines_pending_due_idx: a range scan of the pending rows alone, however many fired.
    const rows = await this.dataSource.query<{ id: string; due_at: Date }[]>(
      `SELECT id, due_at FROM deadlines WHERE status = 'PENDING' AND due_at < $1 ORDER BY due_at LIMIT $2`,
      [before, limit],
    );
    return rows.map((r) => ({ id: r.id, dueAt: r.due_at }));
  }

  async metrics(windowMs: number, horizonMs: number): Promise<DeadlineMetricsSnapshot> {
    const window = `${Math.round(windowMs)} milliseconds`;
    const horizon = `${Math.round(horizonMs)} milliseconds`;
    const [pending, fired, lag] = await Promise.all([
      this.dataSource.query<
        { kind: string; pending: number; due: number; overdue: number; oldest: number | null }[]
      >(
        `SELECT kind, count(*)::int AS pending,
                count(*) FILTER (WHERE due_at < now() + $1::interval)::int AS due,
                count(*) FILTER (WHERE due_at <= now())::int AS overdue,
                extract(epoch FROM now() - min(due_at) FILTER (WHERE due_at <= now()))::float8 AS oldest
           FROM deadlines WHERE status = 'PENDING' GROUP BY kind`,
        [horizon],
      ),
      this.dataSource.query<{ kind: string; fired: number; recent: number }[]>(
        `SELECT kind, count(*)::int AS fired,
                count(*) FILTER (WHERE fired_at > now() - $1::interval)::int AS recent
           FROM deadlines WHERE status = 'FIRED' GROUP BY kind`,
        [window],
      ),
      // A deadline created already past due (an old record imported today) is late by design;
      // the lag that measures the worker counts from the later of due time and creation.
      this.dataSource.query<
        {
          n: number;
          sum: number | null;
          p50: number | null;
          p99: number | null;
          max: number | null;
        }[]
      >(
        `SELECT count(*)::int AS n, sum(lag) AS sum,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) AS p50,
                percentile_cont(0.99) WITHIN GROUP (ORDER BY lag) AS p99,
                max(lag) AS max
           FROM (SELECT extract(epoch FROM fired_at - greatest(due_at, created_at))::float8 AS lag
                   FROM deadlines WHERE status = 'FIRED' AND fired_at > now() - $1::interval) l`,
        [window],
      ),
    ]);
    const kinds = new Set([...pending.map((p) => p.kind), ...fired.map((f) => f.kind)]);
    const counts: DeadlineCounts[] = [...kinds].sort().map((kind) => {
      const p = pending.find((x) => x.kind === kind);
      const f = fired.find((x) => x.kind === kind);
      return {
        kind,
        pending: p?.pending ?? 0,
        dueWithinHorizon: p?.due ?? 0,
        overdue: p?.overdue ?? 0,
        fired: f?.fired ?? 0,
        firedInWindow: f?.recent ?? 0,
      };
    });
    const oldest = pending
      .map((p) => p.oldest)
      .filter((o): o is number => o !== null)
      .sort((a, b) => b - a)[0];
    const l = lag[0];
    return {
      counts,
      lagSeconds: {
        count: l?.n ?? 0,
        sum: l?.sum ?? 0,
        p50: l?.p50 ?? null,
        p99: l?.p99 ?? null,
        max: l?.max ?? null,
      },
      oldestOverdueSeconds: oldest ?? null,
    };
  }
}
