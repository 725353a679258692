import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditRecord } from '../../audit/domain/audit-hash';
import { appendAuditEvent } from '../../audit/persistence/audit-log';
import { insertDeadlines } from '../../deadlines/persistence/deadline-rows';
import { containing } from '../../database/like';
import { formatExemption, type Exemption } from '../../review/domain/exemptions';
import { type DocumentFacts } from '../../review/domain';
import { DomainError, ErrorCode } from '../../kernel/errors';
import {
  rankOf,
  type AccessRequirement,
  type Classification,
  type Holder,
} from '../../kernel/classification';
import {
  DocumentStore,
  type DocumentListFilter,
  type DocumentRecord,
  type NewDocument,
  type PortionText,
} from '../application/document.ports';

interface RawDocument {
  id: string;
  collection: string;
  document_number: string;
  title: string;
  originator: string | null;
  document_date: string;
  format: string;
  tags: string[];
  captions: string[];
  original_classification: Classification;
  current_classification: Classification;
  classification_authority: string | null;
  declassify_on: string | null;
  equities: string[];
  restricted_data: boolean;
  auto_declassify_on: string | null;
  content_hash: string;
  created_at: Date;
  updated_at: Date;
  portions: { id: string; seq: number; classification: Classification }[] | null;
}

const SELECT_DOCUMENT = `SELECT d.id, d.collection, d.document_number, d.title, d.originator,
  to_char(d.document_date, 'YYYY-MM-DD') AS document_date, d.format, d.tags, d.captions, d.original_classification,
  d.current_classification, d.classification_authority, d.declassify_on, d.equities, d.restricted_data,
  to_char(d.auto_declassify_on, 'YYYY-MM-DD') AS auto_declassify_on, d.content_hash, d.created_at, d.updated_at,
  (SELECT json_agg(json_build_object('id', p.id, 'seq', p.seq, 'classification', p.classification) ORDER BY p.seq)
     FROM portions p WHERE p.document_id = d.id) AS portions
  FROM documents d`;

const toRecord = (r: RawDocument): DocumentRecord => ({
  id: r.id,
  collection: r.collection,
  documentNumber: r.document_number,
  title: r.title,
  originator: r.originator,
  documentDate: r.document_date,
  format: r.format,
  tags: r.tags,
  captions: r.captions,
  originalClassification: r.original_classification,
  currentClassification: r.current_classification,
  classificationAuthority: r.classification_authority,
  declassifyOn: r.declassify_on,
  equities: r.equities,
  restrictedData: r.restricted_data,
  autoDeclassifyOn: r.auto_declassify_on,
  contentHash: r.content_hash,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  portions: r.portions ?? [],
});

@Injectable()
export class TypeOrmDocumentStore extends DocumentStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async register(doc: NewDocument, audit: AuditRecord): Promise<void> {
    try {
      await this.insert(doc, audit);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw new DomainError(
          ErrorCode.ALREADY_EXISTS,
          `Document ${doc.documentNumber} is already registered in collection ${doc.collection}`,
        );
      }
      throw err;
    }
  }

  private async insert(doc: NewDocument, audit: AuditRecord): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO documents (id, collection, document_number, title, originator, document_date, format, tags, captions,
           original_classification, current_classification, classification_rank, classification_authority, declassify_on,
           equities, content_hash, source_attributes, restricted_data, auto_declassify_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
        [
          doc.id,
          doc.collection,
          doc.documentNumber,
          doc.title,
          doc.originator,
          doc.documentDate,
          doc.format,
          doc.tags,
          doc.captions,
          doc.originalClassification,
          doc.currentClassification,
          doc.classificationRank,
          doc.classificationAuthority,
          doc.declassifyOn,
          doc.equities,
          doc.contentHash,
          doc.sourceAttributes ? JSON.stringify(doc.sourceAttributes) : null,
          doc.restrictedData,
          doc.autoDeclassifyOn,
        ],
      );
      // One statement for all portions: unnest keeps a 200-portion document to one round trip.
      await m.query(
        `INSERT INTO portions (id, document_id, seq, classification, text)
         SELECT unnest($1::uuid[]), $2, unnest($3::int[]), unnest($4::text[]), unnest($5::text[])`,
        [
          doc.portions.map((p) => p.id),
          doc.id,
          doc.portions.map((p) => p.seq),
          doc.portions.map((p) => p.classification),
          doc.portions.map((p) => p.text),
        ],
      );
      await insertDeadlines(m, doc.deadlines);
      await appendAuditEvent(m, audit);
    });
  }

  async findById(id: string, reader: Holder): Promise<DocumentRecord | null> {
    const rows = await this.dataSource.query<RawDocument[]>(
      `${SELECT_DOCUMENT} WHERE d.id = $1 AND d.classification_rank <= $2 AND d.captions <@ $3::text[]`,
      [id, rankOf(reader.clearance), reader.caveats],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async holderOf(
    collection: string,
    documentNumber: string,
  ): Promise<{ id: string; access: AccessRequirement } | null> {
    const rows = await this.dataSource.query<
      { id: string; current_classification: Classification; captions: string[] }[]
    >(
      'SELECT id, current_classification, captions FROM documents WHERE collection = $1 AND document_number = $2',
      [collection, documentNumber],
    );
    const row = rows[0];
    return row
      ? {
          id: row.id,
          access: { classification: row.current_classification, captions: row.captions },
        }
      : null;
  }

  async recordRefusal(audit: AuditRecord): Promise<void> {
    await this.dataSource.transaction((m) => appendAuditEvent(m, audit));
  }

  async list(f: DocumentListFilter): Promise<{ items: DocumentRecord[]; total: number }> {
    const where = ['d.classification_rank <= $1', 'd.captions <@ $2::text[]'];
    const params: unknown[] = [f.clearanceRank, f.caveats];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (f.collection) add('d.collection = ?', f.collection);
    if (f.classification) add('d.current_classification = ?', f.classification);
    if (f.caption) add('? = ANY(d.captions)', f.caption);
    if (f.tag) add('? = ANY(d.tags)', f.tag);
    if (f.dateFrom) add('d.document_date >= ?', f.dateFrom);
    if (f.dateTo) add('d.document_date <= ?', f.dateTo);
    if (f.q) add(`(d.document_number ILIKE ? OR d.title ILIKE ?)`, containing(f.q));
    const clause = where.join(' AND ');
    const [count] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM documents d WHERE ${clause}`,
      params,
    );
    const rows = await this.dataSource.query<RawDocument[]>(
      `${SELECT_DOCUMENT} WHERE ${clause} ORDER BY d.document_date DESC, d.document_number LIMIT ${f.limit} OFFSET ${f.offset}`,
      params,
    );
    return { items: rows.map(toRecord), total: count?.n ?? 0 };
  }

  async readText(id: string, audit: AuditRecord) {
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<
        (Omit<PortionText, 'withheldUnder'> & { exemptions: Exemption[] })[]
      >(
        `SELECT p.id, p.seq, p.classification, p.text, coalesce(pd.exemptions, '[]') AS exemptions
           FROM portions p
           LEFT JOIN portion_decisions pd ON pd.portion_id = p.id AND pd.action = 'EXEMPT'
            AND pd.review_id = (SELECT a.id FROM reviews a
                                 WHERE a.document_id = p.document_id AND a.state IN ('released', 'withheld')
                                 ORDER BY a.updated_at DESC LIMIT 1)
          WHERE p.document_id = $1 ORDER BY p.seq`,
        [id],
      );
      await appendAuditEvent(m, audit);
      return rows.map(({ exemptions, ...row }) => ({
        ...row,
        withheldUnder: exemptions.map(formatExemption),
      }));
    });
  }

  async facts(id: string, reader: Holder): Promise<DocumentFacts | null> {
    const doc = await this.findById(id, reader);
    if (!doc) return null;
    return {
      documentNumber: doc.documentNumber,
      documentDate: doc.documentDate,
      classification: doc.currentClassification,
      captions: doc.captions,
      portions: doc.portions,
      restrictedData: doc.restrictedData,
    };
  }
}
