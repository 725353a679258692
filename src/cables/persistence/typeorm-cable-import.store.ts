import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hashAuditRecord } from '../../audit/domain/audit-hash';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { rankOf } from '../../kernel/classification';
import {
  CableImportStore,
  type CableWrite,
  type CableWriteResult,
} from '../application/cables.ports';
import { uuidV7 } from '../application/uuid-v7';
import { IMPORTED } from '../domain/cable-document';

/** Errors that mean the database is gone, not that it refused a row. */
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);

/**
 * Writes a batch of cables with one SQL statement whatever its size — atomic on its own, so a
 * batch is in the database wholly or not at all, and one round trip, so the parser is never
 * kept waiting between statements. The documents come from one JSON parameter and are inserted
 * with `ON CONFLICT DO NOTHING` (which also settles two imports racing for a number); portions,
 * history rows, audit events and deadlines follow in data-modifying CTEs joined to the documents
 * actually inserted. A number already taken is then compared by source hash.
 */
@Injectable()
export class TypeOrmCableImportStore extends CableImportStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async writeBatch(items: readonly CableWrite[]): Promise<CableWriteResult[]> {
    if (items.length === 0) return [];
    try {
      const rows = await this.dataSource.query<{ id: string }[]>(
        INSERT_BATCH,
        batchParameters(items),
      );
      const inserted = new Set(rows.map((r) => r.id));
      const existing = await this.existing(items.filter((item) => !inserted.has(item.id)));
      return items.map((item) => resultOf(item, inserted, existing));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== undefined && CONNECTION_ERRORS.has(code)) {
        throw new DomainError(
          ErrorCode.UNAVAILABLE,
          `The database is unavailable (${code}); nothing of this batch was written`,
        );
      }
      throw error;
    }
  }

  private async existing(items: readonly CableWrite[]): Promise<Map<string, Existing>> {
    const found = new Map<string, Existing>();
    if (items.length === 0) return found;
    const rows = await this.dataSource.query<
      { id: string; collection: string; document_number: string; source_hash: string | null }[]
    >(
      `SELECT d.id, d.collection, d.document_number, d.source_attributes->>'sourceHash' AS source_hash
         FROM documents d
         JOIN unnest($1::text[], $2::text[]) AS k(collection, document_number)
           ON d.collection = k.collection AND d.document_number = k.document_number`,
      [items.map((i) => i.collection), items.map((i) => i.plan.documentNumber)],
    );
    for (const r of rows) {
      found.set(key(r.collection, r.document_number), { id: r.id, sourceHash: r.source_hash });
    }
    return found;
  }
}

interface Existing {
  id: string;
  sourceHash: string | null;
}

const INSERT_BATCH = `
WITH doc AS (
  INSERT INTO documents (id, collection, document_number, title, originator, document_date, format, tags, captions,
    original_classification, current_classification, classification_rank, classification_authority, declassify_on,
    equities, content_hash, source_attributes, restricted_data, auto_declassify_on)
  SELECT r.id, r.collection, r.document_number, r.title, r.originator, r.document_date, r.format, r.tags, r.captions,
    r.original_classification, r.current_classification, r.classification_rank, r.classification_authority,
    r.declassify_on, '{}', r.content_hash, r.source_attributes, r.restricted_data, r.auto_declassify_on
  FROM json_to_recordset($1::json) AS r(id uuid, collection text, document_number text, title text, originator text,
    document_date date, format text, tags text[], captions text[], original_classification text,
    current_classification text, classification_rank smallint, classification_authority text, declassify_on text,
    content_hash text, source_attributes jsonb, restricted_data boolean, auto_declassify_on date)
  ON CONFLICT (collection, document_number) DO NOTHING
  RETURNING id
), portion AS (
  INSERT INTO portions (id, document_id, seq, classification, text)
  SELECT p.id, p.document_id, p.seq, p.classification, p.text
  FROM json_to_recordset($2::json) AS p(id uuid, document_id uuid, seq int, classification text, text text)
  JOIN doc ON doc.id = p.document_id
), history AS (
  INSERT INTO document_history (document_id, ordinal, source, kind, attribute, action, date, performed_by, reason,
    comment, marking, approved_on, authority, case_number, raw)
  SELECT h.document_id, h.ordinal, h.source, h.kind, h.attribute, h.action, h.date, h.performed_by, h.reason, h.comment,
    h.marking, h.approved_on, h.authority, h.case_number, h.raw
  FROM json_to_recordset($3::json) AS h(document_id uuid, ordinal int, source text, kind text, attribute text,
    action text, date date, performed_by text, reason text, comment text, marking text, approved_on date,
    authority text, case_number text, raw text)
  JOIN doc ON doc.id = h.document_id
), audit AS (
  INSERT INTO audit_events (chain_key, occurred_at, actor_id, actor_username, actor_roles, action, review_id,
    document_id, from_state, to_state, payload, prev_hash, hash)
  SELECT a.chain_key, a.occurred_at, a.actor_id, a.actor_username, a.actor_roles, a.action, NULL, a.document_id, NULL,
    NULL, a.payload, NULL, a.hash
  FROM json_to_recordset($4::json) AS a(chain_key text, occurred_at timestamptz, actor_id uuid, actor_username text,
    actor_roles text[], action text, document_id uuid, payload jsonb, hash text)
  JOIN doc ON doc.id = a.document_id
), deadline AS (
  INSERT INTO deadlines (id, kind, subject_type, subject_id, due_at, rule)
  SELECT gen_random_uuid(), t.kind, t.subject_type, t.subject_id, t.due_at, t.rule
  FROM json_to_recordset($5::json) AS t(kind text, subject_type text, subject_id uuid, due_at timestamptz, rule text)
  JOIN doc ON doc.id = t.subject_id
)
SELECT id FROM doc`;

/**
 * The statement's five JSON parameters. Each DOCUMENT_IMPORTED opens its own chain
 * (`document:<id>` of an id made for this import), so its previous hash is null and no other
 * writer can know the chain yet: it is hashed here exactly as `appendAuditEvent` would hash it.
 */
function batchParameters(items: readonly CableWrite[]): string[] {
  const portions: unknown[] = [];
  const history: unknown[] = [];
  const audit: unknown[] = [];
  const deadlines: unknown[] = [];
  for (const item of items) {
    for (const p of item.plan.portions) {
      portions.push({
        id: uuidV7(),
        document_id: item.id,
        seq: p.seq,
        classification: p.classification,
        text: p.text,
      });
    }
    item.plan.history.forEach((e, i) => {
      history.push({
        document_id: item.id,
        ordinal: i + 1,
        source: IMPORTED,
        kind: e.kind,
        attribute: e.attribute,
        action: e.action,
        date: e.date,
        performed_by: e.by,
        reason: e.reason,
        comment: e.comment,
        marking: e.marking,
        approved_on: e.approvedOn,
        authority: e.authority,
        case_number: e.caseNumber,
        raw: e.raw,
      });
    });
    const r = item.audit;
    audit.push({
      chain_key: r.chainKey,
      occurred_at: r.occurredAt,
      actor_id: r.actorId,
      actor_username: r.actorUsername,
      actor_roles: r.actorRoles,
      action: r.action,
      document_id: r.documentId,
      payload: r.payload,
      hash: hashAuditRecord(r, null),
    });
    for (const d of item.deadlines) {
      deadlines.push({
        kind: d.kind,
        subject_type: d.subjectType,
        subject_id: d.subjectId,
        due_at: d.dueAt,
        rule: d.rule,
      });
    }
  }
  return [
    JSON.stringify(items.map(documentRow)),
    JSON.stringify(portions),
    JSON.stringify(history),
    JSON.stringify(audit),
    JSON.stringify(deadlines),
  ];
}

function resultOf(
  item: CableWrite,
  inserted: ReadonlySet<string>,
  existing: ReadonlyMap<string, Existing>,
): CableWriteResult {
  if (inserted.has(item.id)) return { status: 'imported', id: item.id };
  const number = item.plan.documentNumber;
  const found = existing.get(key(item.collection, number));
  if (!found) {
    // Not inserted, yet no record holds the number: said plainly, should it ever happen.
    return {
      status: 'conflict',
      id: '',
      reason: `${number} could not be inserted in collection ${item.collection}, and no record holds the number`,
    };
  }
  if (found.sourceHash === item.sourceHash) return { status: 'unchanged', id: found.id };
  return {
    status: 'conflict',
    id: found.id,
    reason:
      found.sourceHash === null
        ? `${number} is already registered in collection ${item.collection} by other means than a cable import; nothing was overwritten`
        : `${number} is already in collection ${item.collection} from a different file (the text differs); nothing was overwritten`,
  };
}

function documentRow(item: CableWrite): Record<string, unknown> {
  const p = item.plan;
  return {
    id: item.id,
    collection: item.collection,
    document_number: p.documentNumber,
    title: p.title,
    originator: p.originator,
    document_date: p.documentDate,
    format: p.format,
    tags: p.tags,
    captions: p.captions,
    original_classification: p.originalClassification,
    current_classification: p.currentClassification,
    classification_rank: rankOf(p.currentClassification),
    classification_authority: p.classificationAuthority,
    declassify_on: p.declassifyOn,
    content_hash: item.contentHash,
    source_attributes: item.sourceAttributes,
    restricted_data: p.restrictedData,
    auto_declassify_on: item.autoDeclassifyOn,
  };
}

function key(collection: string, documentNumber: string): string {
  return `${collection}\u0000${documentNumber}`;
}
