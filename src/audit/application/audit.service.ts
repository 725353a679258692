import { Injectable } from '@nestjs/common';
import { canAccess, DomainError, ErrorCode, type Actor } from '../../review/domain';
import { AuditStore, type AuditFilter, type StoredAuditEvent } from './audit.ports';

export type ExportedAuditEvent = Omit<
  StoredAuditEvent,
  'documentClassification' | 'documentCaptions'
>;

/** Payload fields that can carry a document's substance; withheld from auditors who may not read it. */
const TEXT_BEARING = ['justification', 'comment', 'reason'];

const BATCH = 1000;

@Injectable()
export class AuditService {
  constructor(private readonly store: AuditStore) {}

  /**
   * The events matching the filter in `seq` order, read a batch at a time so that an export of
   * any size runs in constant memory.
   */
  async *export(filter: AuditFilter, actor: Actor): AsyncGenerator<ExportedAuditEvent> {
    if (!actor.roles.includes('auditor')) {
      throw new DomainError(ErrorCode.ROLE_REQUIRED, 'Only an auditor exports the audit trail');
    }
    let after = '0';
    for (;;) {
      const rows = await this.store.batch(filter, after, BATCH);
      for (const row of rows) yield redact(row, actor);
      if (rows.length < BATCH) return;
      after = rows[rows.length - 1]!.seq;
    }
  }
}

function redact(row: StoredAuditEvent, actor: Actor): ExportedAuditEvent {
  const { documentClassification, documentCaptions, ...event } = row;
  const readable =
    documentClassification === null ||
    canAccess(actor, { classification: documentClassification, captions: documentCaptions ?? [] });
  if (readable) return event;
  const payload = { ...event.payload };
  for (const key of TEXT_BEARING) if (key in payload) payload[key] = '[withheld: need-to-know]';
  return { ...event, payload };
}
