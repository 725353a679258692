import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditRecord } from '../../audit/domain/audit-hash';
import { appendAuditEvent } from '../../audit/persistence/audit-log';
import type { Transaction } from '../../kernel/unit-of-work';
import {
  RequestStore,
  type LetterRow,
  type RequestChanges,
  type RequestListFilter,
  type RequestListPage,
  type RequestRecordRow,
  type RequestRow,
} from '../application/request.ports';
import type { ReportRequest } from '../domain/annual-report';

interface RawRequest {
  id: string;
  number: string;
  kind: RequestRow['kind'];
  state: RequestRow['state'];
  requester: RequestRow['requester'];
  description: string;
  received_on: string;
  track: RequestRow['track'];
  appeal_of: string | null;
  clock: RequestRow['clock'];
  due_at: Date | null;
  outcome: RequestRow['outcome'];
  adjudications: RequestRow['adjudications'];
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, number, kind, state, requester, description, to_char(received_on, 'YYYY-MM-DD') AS received_on,
  track, appeal_of, clock, due_at, outcome, adjudications, version, created_at, updated_at`;

const toRow = (r: RawRequest): RequestRow => ({
  id: r.id,
  number: r.number,
  kind: r.kind,
  state: r.state,
  requester: r.requester,
  description: r.description,
  receivedOn: r.received_on,
  track: r.track,
  appealOf: r.appeal_of,
  clock: r.clock,
  dueAt: r.due_at,
  outcome: r.outcome,
  adjudications: r.adjudications,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

@Injectable()
export class TypeOrmRequestStore extends RequestStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  /** The unit of work's transaction is a TypeORM EntityManager; without one, the pool. */
  private on(tx: Transaction | undefined): EntityManager {
    return tx ? (tx as unknown as EntityManager) : this.dataSource.manager;
  }

  async nextSequence(prefix: string, fiscalYear: number, tx: Transaction): Promise<number> {
    const [row] = await this.on(tx).query<{ last: number }[]>(
      `INSERT INTO request_numbers (prefix, fiscal_year, last) VALUES ($1, $2, 1)
       ON CONFLICT (prefix, fiscal_year) DO UPDATE SET last = request_numbers.last + 1
       RETURNING last`,
      [prefix, fiscalYear],
    );
    return row!.last;
  }

  async insert(
    r: Omit<RequestRow, 'createdAt' | 'updatedAt' | 'version'>,
    tx: Transaction,
  ): Promise<void> {
    await this.on(tx).query(
      `INSERT INTO requests (id, number, kind, state, requester, description, received_on, track, appeal_of,
                             clock, due_at, outcome, adjudications)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        r.id,
        r.number,
        r.kind,
        r.state,
        JSON.stringify(r.requester),
        r.description,
        r.receivedOn,
        r.track,
        r.appealOf,
        r.clock ? JSON.stringify(r.clock) : null,
        r.dueAt,
        r.outcome ? JSON.stringify(r.outcome) : null,
        JSON.stringify(r.adjudications),
      ],
    );
  }

  async lock(id: string, tx: Transaction): Promise<RequestRow | null> {
    const rows = await this.on(tx).query<RawRequest[]>(
      `SELECT ${COLUMNS} FROM requests WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async find(id: string): Promise<RequestRow | null> {
    const rows = await this.dataSource.query<RawRequest[]>(
      `SELECT ${COLUMNS} FROM requests WHERE id = $1`,
      [id],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async update(id: string, c: RequestChanges, tx: Transaction): Promise<void> {
    await this.on(tx).query(
      `UPDATE requests SET state = $2, track = $3, clock = $4, due_at = $5, outcome = $6,
         responded_on = $7, adjudications = $8, version = version + 1, updated_at = now()
       WHERE id = $1`,
      [
        id,
        c.state,
        c.track,
        c.clock ? JSON.stringify(c.clock) : null,
        c.dueAt,
        c.outcome ? JSON.stringify(c.outcome) : null,
        c.outcome?.respondedOn ?? null,
        JSON.stringify(c.adjudications),
      ],
    );
  }

  async records(requestId: string, tx?: Transaction): Promise<RequestRecordRow[]> {
    const rows = await this.on(tx).query<
      {
        review_id: string;
        document_id: string;
        document_number: string;
        current_classification: RequestRecordRow['classification'];
        captions: string[];
        state: RequestRecordRow['state'];
        determination: RequestRecordRow['determination'];
        exemptions: RequestRecordRow['exemptions'];
      }[]
    >(
      `SELECT r.id AS review_id, r.document_id, d.document_number, d.current_classification, d.captions,
              r.state, r.determination,
              coalesce((SELECT jsonb_agg(e ORDER BY p.seq)
                          FROM portion_decisions pd JOIN portions p ON p.id = pd.portion_id,
                               jsonb_array_elements(pd.exemptions) e
                         WHERE pd.review_id = r.id AND pd.action = 'EXEMPT'), '[]') AS exemptions
         FROM reviews r JOIN documents d ON d.id = r.document_id
        WHERE r.request_id = $1 ORDER BY d.document_number, r.id`,
      [requestId],
    );
    return rows.map((r) => ({
      reviewId: r.review_id,
      documentId: r.document_id,
      documentNumber: r.document_number,
      classification: r.current_classification,
      captions: r.captions,
      state: r.state,
      determination: r.determination,
      exemptions: r.exemptions,
    }));
  }

  async appealsOf(requestId: string, tx?: Transaction) {
    return this.on(tx).query<Pick<RequestRow, 'id' | 'number' | 'state'>[]>(
      `SELECT id, number, state FROM requests WHERE appeal_of = $1 ORDER BY created_at`,
      [requestId],
    );
  }

  async addLetter(l: LetterRow, tx: Transaction): Promise<void> {
    await this.on(tx).query(
      `INSERT INTO request_letters (id, request_id, kind, text, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [l.id, l.requestId, l.kind, l.text, l.createdAt],
    );
  }

  async letters(requestId: string): Promise<LetterRow[]> {
    const rows = await this.dataSource.query<
      { id: string; request_id: string; kind: LetterRow['kind']; text: string; created_at: Date }[]
    >(
      `SELECT id, request_id, kind, text, created_at FROM request_letters
        WHERE request_id = $1 ORDER BY created_at, id`,
      [requestId],
    );
    return rows.map((r) => ({
      id: r.id,
      requestId: r.request_id,
      kind: r.kind,
      text: r.text,
      createdAt: r.created_at,
    }));
  }

  async list(f: RequestListFilter): Promise<RequestListPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.state) where.push(`state = $${params.push(f.state)}`);
    if (f.kind) where.push(`kind = $${params.push(f.kind)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [rows, [count]] = await Promise.all([
      this.dataSource.query<RawRequest[]>(
        `SELECT ${COLUMNS} FROM requests ${clause} ORDER BY received_on DESC, id DESC
          LIMIT ${f.limit} OFFSET ${f.offset}`,
        params,
      ),
      this.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM requests ${clause}`,
        params,
      ),
    ]);
    return { items: rows.map(toRow), total: count?.n ?? 0 };
  }

  async reportRequests(from: string, to: string): Promise<ReportRequest[]> {
    // Two index scans: those answered since the year began, and those still open.
    const rows = await this.dataSource.query<
      {
        number: string;
        kind: ReportRequest['kind'];
        appeal_of_kind: ReportRequest['appealOfKind'];
        track: ReportRequest['track'];
        received_on: string;
        responded_on: string | null;
        determination: ReportRequest['determination'];
        appeal_outcome: string | null;
        records: ReportRequest['records'] | null;
        adjustments: ReportRequest['adjustments'] | null;
        adjudications: RequestRow['adjudications'];
      }[]
    >(
      `WITH year AS (
         SELECT * FROM requests WHERE responded_on >= $1 AND received_on <= $2
         UNION ALL
         SELECT * FROM requests WHERE responded_on IS NULL AND received_on <= $2
       )
       SELECT y.number, y.kind, a.kind AS appeal_of_kind, y.track,
              to_char(y.received_on, 'YYYY-MM-DD') AS received_on,
              to_char(y.responded_on, 'YYYY-MM-DD') AS responded_on,
              y.outcome->>'determination' AS determination, y.outcome->>'appealOutcome' AS appeal_outcome,
              (SELECT jsonb_agg(jsonb_build_object('determination', x->'determination', 'exemptions', x->'exemptions'))
                 FROM jsonb_array_elements(y.outcome->'records') x) AS records,
              y.clock->'adjustments' AS adjustments, y.adjudications
         FROM year y LEFT JOIN requests a ON a.id = y.appeal_of`,
      [from, to],
    );
    return rows.map((r) => ({
      number: r.number,
      kind: r.kind,
      appealOfKind:
        r.appeal_of_kind === 'FOIA' || r.appeal_of_kind === 'MDR' ? r.appeal_of_kind : null,
      track: r.track,
      receivedOn: r.received_on,
      respondedOn: r.responded_on,
      determination: r.determination,
      appealOutcome: r.appeal_outcome,
      records: r.records ?? [],
      adjustments: r.adjustments ?? [],
      expedite: r.adjudications.expedite ?? null,
      feeWaiver: r.adjudications.feeWaiver ?? null,
    }));
  }

  async audit(record: AuditRecord, tx: Transaction): Promise<void> {
    await appendAuditEvent(this.on(tx), record);
  }
}
