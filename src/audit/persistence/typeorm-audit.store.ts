import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditStore, type AuditFilter, type StoredAuditEvent } from '../application/audit.ports';

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
}
