import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { chainOf } from '../domain/audit-hash';
import { ANCHOR_ACTION, type AnchorHead, type ReviewOutOfStep } from '../domain/audit-verifier';
import { appendAuditEvent } from './audit-log';
import type { Classification } from '../../kernel/classification';
import {
  AuditStore,
  type AuditFilter,
  type DocumentAccessGroup,
  type StoredAuditEvent,
} from '../application/audit.ports';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface RawEvent {
  seq: string;
  chain_key: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_username: string | null;
  actor_roles: string[];
  action: string;
  review_id: string | null;
  document_id: string | null;
  from_state: string | null;
  to_state: string | null;
  payload: Record<string, unknown>;
  prev_hash: string | null;
  hash: string;
  current_classification: StoredAuditEvent['documentClassification'];
  captions: string[] | null;
}

@Injectable()
export class TypeOrmAuditStore extends AuditStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async batch(f: AuditFilter, afterSeq: string, size: number): Promise<StoredAuditEvent[]> {
    const { where, params } = filterSql(f, afterSeq);
    params.push(size);
    const rows = await this.dataSource.query<RawEvent[]>(
      `SELECT e.*, d.current_classification, d.captions FROM audit_events e LEFT JOIN documents d ON d.id = e.document_id
        WHERE ${where.join(' AND ')} ORDER BY e.seq LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      seq: r.seq,
      chainKey: r.chain_key,
      occurredAt: r.occurred_at.toISOString(),
      actorId: r.actor_id,
      actorUsername: r.actor_username,
      actorRoles: r.actor_roles,
      action: r.action,
      reviewId: r.review_id,
      documentId: r.document_id,
      fromState: r.from_state,
      toState: r.to_state,
      payload: r.payload,
      prevHash: r.prev_hash,
      hash: r.hash,
      documentClassification: r.current_classification,
      documentCaptions: r.captions,
    }));
  }

  async documentAccessGroups(f: AuditFilter): Promise<DocumentAccessGroup[]> {
    const { where, params } = filterSql(f, '0');
    const rows = await this.dataSource.query<
      { current_classification: Classification; captions: string[]; events: number }[]
    >(
      `SELECT d.current_classification, d.captions, count(*)::int AS events
         FROM audit_events e JOIN documents d ON d.id = e.document_id
        WHERE ${where.join(' AND ')} GROUP BY d.current_classification, d.captions`,
      params,
    );
    return rows.map((r) => ({
      documentClassification: r.current_classification,
      documentCaptions: r.captions,
      events: r.events,
    }));
  }

  async chainAccess(
    chainKey: string,
  ): Promise<{ classification: Classification; captions: string[] } | null> {
    const [kind, id] = chainKey.split(':');
    const sql =
      kind === 'document'
        ? `SELECT current_classification, captions FROM documents WHERE id = $1`
        : kind === 'review'
          ? `SELECT d.current_classification, d.captions FROM reviews r
               JOIN documents d ON d.id = r.document_id WHERE r.id = $1`
          : null;
    if (!sql || !id || !UUID.test(id)) return null;
    const [row] = await this.dataSource.query<
      { current_classification: Classification; captions: string[] }[]
    >(sql, [id]);
    return row ? { classification: row.current_classification, captions: row.captions } : null;
  }

  async reviewOutOfStep(): Promise<ReviewOutOfStep | null> {
    // One backward index probe of the review's chain per review.
    const [row] = await this.dataSource.query<
      { id: string; state: string; to_state: string | null; seq: string | null }[]
    >(
      `SELECT r.id, r.state, last.to_state, last.seq FROM reviews r
         LEFT JOIN LATERAL (SELECT e.to_state, e.seq FROM audit_events e
                             WHERE e.chain_key = 'review:' || r.id ORDER BY e.seq DESC LIMIT 1) last ON true
        WHERE last.to_state IS DISTINCT FROM r.state
        ORDER BY r.id LIMIT 1`,
    );
    return row
      ? { reviewId: row.id, state: row.state, lastState: row.to_state, lastSeq: row.seq }
      : null;
  }

  async anchorsAfter(
    afterSeq: string,
    limit: number,
  ): Promise<{ seq: string; hash: string; occurredAt: string; heads: AnchorHead[] }[]> {
    const rows = await this.dataSource.query<
      { seq: string; hash: string; occurred_at: Date; heads: AnchorHead[] | null }[]
    >(
      `SELECT seq, hash, occurred_at, payload->'heads' AS heads FROM audit_events
        WHERE chain_key = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [chainOf.anchor, afterSeq, limit],
    );
    return rows.map((r) => ({
      seq: r.seq,
      hash: r.hash,
      occurredAt: r.occurred_at.toISOString(),
      heads: r.heads ?? [],
    }));
  }

  async trailPosition(): Promise<{
    lastSeq: string;
    lastAnchorSeq: string | null;
    lastAnchorAt: string | null;
  }> {
    const [row] = await this.dataSource.query<
      { last_seq: string | null; anchor_seq: string | null; anchor_at: Date | null }[]
    >(
      `SELECT (SELECT max(seq) FROM audit_events)::text AS last_seq, a.seq::text AS anchor_seq,
              a.occurred_at AS anchor_at
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (SELECT seq, occurred_at FROM audit_events WHERE chain_key = $1
                             ORDER BY seq DESC LIMIT 1) a ON true`,
      [chainOf.anchor],
    );
    return {
      lastSeq: row?.last_seq ?? '0',
      lastAnchorSeq: row?.anchor_seq ?? null,
      lastAnchorAt: row?.anchor_at?.toISOString() ?? null,
    };
  }

  async bySeq(seqs: string[]): Promise<Map<string, { chainKey: string; hash: string }>> {
    const rows = await this.dataSource.query<{ seq: string; chain_key: string; hash: string }[]>(
      `SELECT seq, chain_key, hash FROM audit_events WHERE seq = ANY($1::bigint[])`,
      [seqs],
    );
    return new Map(rows.map((r) => [r.seq, { chainKey: r.chain_key, hash: r.hash }]));
  }

  async appendAnchor(at: string): Promise<{ seq: string; hash: string; heads: number } | null> {
    return this.dataSource.transaction(async (m) => {
      // One anchor writer at a time; the anchor chain itself is locked by appendAuditEvent.
      await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `${chainOf.anchor}:writer`,
      ]);
      const [last] = await m.query<{ seq: string }[]>(
        `SELECT seq FROM audit_events WHERE chain_key = $1 ORDER BY seq DESC LIMIT 1`,
        [chainOf.anchor],
      );
      // A transaction can take a sequence number before the last anchor and commit after it; the
      // margin re-covers such late events.
      const fromSeq = Math.max(0, Number(last?.seq ?? 0) - ANCHOR_MARGIN);
      const heads = await m.query<{ chain_key: string; seq: string; hash: string }[]>(
        `SELECT DISTINCT ON (chain_key) chain_key, seq, hash FROM audit_events
          WHERE seq > $1 AND chain_key <> $2 ORDER BY chain_key, seq DESC`,
        [fromSeq, chainOf.anchor],
      );
      if (heads.length === 0) return null;
      const listed = heads.map((h) => ({ chainKey: h.chain_key, seq: h.seq, hash: h.hash }));
      const written = await appendAuditEvent(m, {
        chainKey: chainOf.anchor,
        occurredAt: at,
        actorId: null,
        actorUsername: 'declass-system',
        actorRoles: [],
        action: ANCHOR_ACTION,
        reviewId: null,
        documentId: null,
        fromState: null,
        toState: null,
        payload: { fromSeq: String(fromSeq), heads: listed },
      });
      return { ...written, heads: listed.length };
    });
  }
}

const ANCHOR_MARGIN = 1000;

/** The WHERE terms of a filter over events after `afterSeq`, with their parameters. */
function filterSql(f: AuditFilter, afterSeq: string): { where: string[]; params: unknown[] } {
  const where = ['e.seq > $1'];
  const params: unknown[] = [afterSeq];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.documentId) add('e.document_id = ?', f.documentId);
  if (f.reviewId) add('e.review_id = ?', f.reviewId);
  if (f.actorId) add('e.actor_id = ?', f.actorId);
  if (f.from) add('e.occurred_at >= ?', f.from);
  if (f.to) add('e.occurred_at <= ?', f.to);
  return { where, params };
}
