import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Determination, ReviewKind } from '../../review/domain';
import type { Classification } from '../../kernel/classification';
import {
  DispositionStore,
  type DispositionSelector,
  type DispositionSource,
} from '../application/cables.ports';
import type { HistoryKind } from '../domain/cable-document';
import type { CompletedReview, StoredHistoryEntry } from '../domain/disposition';

interface DocumentRow {
  id: string;
  collection: string;
  document_number: string;
  title: string;
  tags: string[];
  captions: string[];
  original_classification: Classification;
  current_classification: Classification;
  classification_authority: string | null;
  original_captions: string[] | null;
}

interface HistoryRow {
  document_id: string;
  ordinal: number;
  source: string;
  kind: HistoryKind;
  attribute: string;
  action: string | null;
  date: string | null;
  performed_by: string | null;
  reason: string | null;
  comment: string | null;
  marking: string | null;
  approved_on: string | null;
  authority: string | null;
  case_number: string | null;
  raw: string;
}

interface ReviewRow {
  id: string;
  document_id: string;
  kind: ReviewKind;
  determination: Determination;
  release_marking: string | null;
  withheld_codes: string[] | null;
}

interface EventRow {
  review_id: string;
  action: 'DECIDE_PORTION' | 'PROPOSE' | 'APPROVE';
  actor_username: string | null;
  occurred_at: Date;
}

/**
 * Reads dispositions a page of documents at a time, in four statements per page whatever its
 * size: the documents (keyset order on the unique (collection, document_number) index), their
 * imported history, their completed reviews, and who decided, proposed and approved those.
 */
@Injectable()
export class TypeOrmDispositionStore extends DispositionStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async *pages(
    selector: DispositionSelector,
    pageSize: number,
  ): AsyncGenerator<DispositionSource[]> {
    let after: [string, string] | null = null;
    for (;;) {
      const docs = await this.documents(selector, after, pageSize);
      if (docs.length === 0) return;
      yield await this.assemble(docs);
      if (docs.length < pageSize) return;
      const last = docs[docs.length - 1]!;
      after = [last.collection, last.document_number];
    }
  }

  private documents(
    selector: DispositionSelector,
    after: [string, string] | null,
    limit: number,
  ): Promise<DocumentRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      let text = sql;
      for (const value of values) {
        params.push(value);
        text = text.replace('?', `$${params.length}`);
      }
      where.push(text);
    };
    if ('documentId' in selector) add('d.id = ?::uuid', selector.documentId);
    else if ('documentNumber' in selector) {
      add('d.document_number = ?', selector.documentNumber);
      if (selector.collection !== undefined) add('d.collection = ?', selector.collection);
    } else add('d.collection = ?', selector.collection);
    if (after) add('(d.collection, d.document_number) > (?, ?)', after[0], after[1]);
    params.push(limit);
    return this.dataSource.query<DocumentRow[]>(
      `SELECT d.id, d.collection, d.document_number, d.title, d.tags, d.captions, d.original_classification,
         d.current_classification, d.classification_authority,
         CASE WHEN jsonb_typeof(d.source_attributes->'originalCaptions') = 'array'
              THEN ARRAY(SELECT jsonb_array_elements_text(d.source_attributes->'originalCaptions')) END AS original_captions
         FROM documents d WHERE ${where.join(' AND ')}
         ORDER BY d.collection, d.document_number LIMIT $${params.length}`,
      params,
    );
  }

  private async assemble(docs: DocumentRow[]): Promise<DispositionSource[]> {
    const ids = docs.map((d) => d.id);
    const [history, reviews] = await Promise.all([
      this.dataSource.query<HistoryRow[]>(
        `SELECT document_id, ordinal, source, kind, attribute, action, to_char(date, 'YYYY-MM-DD') AS date, performed_by,
           reason, comment, marking, to_char(approved_on, 'YYYY-MM-DD') AS approved_on, authority, case_number, raw
           FROM document_history WHERE document_id = ANY($1::uuid[]) ORDER BY document_id, ordinal`,
        [ids],
      ),
      this.dataSource.query<ReviewRow[]>(
        `SELECT r.id, r.document_id, r.kind, r.determination, r.release_marking,
           CASE WHEN jsonb_typeof(r.snapshot->'context'->'outcome'->'withheldCodes') = 'array'
                THEN ARRAY(SELECT jsonb_array_elements_text(r.snapshot->'context'->'outcome'->'withheldCodes')) END
             AS withheld_codes
           FROM reviews r
          WHERE r.document_id = ANY($1::uuid[]) AND r.state IN ('released', 'withheld') AND r.determination IS NOT NULL`,
        [ids],
      ),
    ]);
    const events =
      reviews.length === 0
        ? []
        : await this.dataSource.query<EventRow[]>(
            `SELECT review_id, action, actor_username, occurred_at FROM audit_events
              WHERE review_id = ANY($1::uuid[]) AND action IN ('DECIDE_PORTION', 'PROPOSE', 'APPROVE')
              ORDER BY seq`,
            [reviews.map((r) => r.id)],
          );

    const historyOf = groupBy(history, (h) => h.document_id);
    const eventsOf = groupBy(events, (e) => e.review_id);
    const reviewsOf = groupBy(
      reviews.map((r) => completedReview(r, eventsOf.get(r.id) ?? [])),
      (r) => r.documentId,
    );
    return docs.map((d) => ({
      document: {
        id: d.id,
        collection: d.collection,
        documentNumber: d.document_number,
        title: d.title,
        tags: d.tags,
        captions: d.captions,
        originalCaptions: d.original_captions,
        originalClassification: d.original_classification,
        currentClassification: d.current_classification,
        classificationAuthority: d.classification_authority,
      },
      imported: (historyOf.get(d.id) ?? []).map(toEntry),
      reviews: (reviewsOf.get(d.id) ?? []).map(({ documentId: _id, ...review }) => review),
    }));
  }
}

function completedReview(
  r: ReviewRow,
  events: EventRow[],
): CompletedReview & { documentId: string } {
  const last = (action: EventRow['action']) => events.filter((e) => e.action === action).pop();
  const proposed = last('PROPOSE');
  const approved = last('APPROVE');
  const deciders = events
    .filter((e) => e.action === 'DECIDE_PORTION' && e.actor_username !== null)
    .map((e) => e.actor_username!);
  return {
    documentId: r.document_id,
    id: r.id,
    kind: r.kind,
    determination: r.determination,
    withheldCodes: r.withheld_codes ?? [],
    marking: r.release_marking,
    decidedBy: [...new Set(deciders)],
    proposedBy: proposed?.actor_username ?? null,
    proposedAt: proposed ? proposed.occurred_at.toISOString() : null,
    approvedBy: approved?.actor_username ?? null,
    approvedAt: approved ? approved.occurred_at.toISOString() : null,
  };
}

function toEntry(h: HistoryRow): StoredHistoryEntry {
  return {
    ordinal: h.ordinal,
    source: h.source,
    kind: h.kind,
    attribute: h.attribute,
    action: h.action,
    date: h.date,
    by: h.performed_by,
    reason: h.reason,
    comment: h.comment,
    marking: h.marking,
    approvedOn: h.approved_on,
    authority: h.authority,
    caseNumber: h.case_number,
    raw: h.raw,
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
