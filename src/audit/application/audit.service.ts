import { Clock } from '../../common/clock';
import { Injectable } from '@nestjs/common';
import { canAccess, DomainError, ErrorCode, type Actor } from '../../review/domain';
import { payloadDigest } from '../domain/audit-hash';
import { ChainVerifier, type VerifyReport } from '../domain/audit-verifier';
import { AuditStore, type AuditFilter, type StoredAuditEvent } from './audit.ports';

/**
 * An exported event carries its payload digest, so that an auditor can verify the export offline
 * even where a payload is withheld from them.
 */
export type ExportedAuditEvent = Omit<
  StoredAuditEvent,
  'documentClassification' | 'documentCaptions'
> & {
  payloadDigest: string;
  payloadWithheld?: true;
};

/**
 * Payload fields that carry a document's substance or name it (its number, a marking that quotes
 * the number, the agency holding an equity); withheld from auditors who may not read it.
 */
const TEXT_BEARING = [
  'justification',
  'comment',
  'reason',
  'documentNumber',
  'title',
  'outcome',
  'agency',
];

const BATCH = 1000;

@Injectable()
export class AuditService {
  constructor(
    private readonly store: AuditStore,
    private readonly clock: Clock,
  ) {}

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

  /**
   * Recomputes every chain (or those of a time range) and checks what the anchors vouch for;
   * names the first event that was changed, removed or inserted.
   */
  async verify(range: { from?: string; to?: string }, actor?: Actor): Promise<VerifyReport> {
    if (actor && !actor.roles.includes('auditor')) {
      throw new DomainError(ErrorCode.ROLE_REQUIRED, 'Only an auditor verifies the audit trail');
    }
    const verifier = new ChainVerifier({ partial: Boolean(range.from || range.to) });
    let after = '0';
    for (;;) {
      const rows = await this.store.batch(range, after, VERIFY_BATCH);
      for (const { documentClassification: _c, documentCaptions: _d, ...event } of rows)
        verifier.add(event);
      if (rows.length < VERIFY_BATCH || !verifier.report().ok) break;
      after = rows[rows.length - 1]!.seq;
    }
    const anchored = verifier.anchoredHeads();
    for (let i = 0; i < anchored.length && verifier.report().ok; i += VERIFY_BATCH) {
      const slice = anchored.slice(i, i + VERIFY_BATCH);
      const found = await this.store.bySeq(slice.map((h) => h.seq));
      for (const head of slice) {
        const event = found.get(head.seq);
        if (!event || event.hash !== head.hash || event.chainKey !== head.chainKey)
          verifier.anchorMismatch(head, event);
      }
    }
    return verifier.report();
  }

  /** Seals the chain heads that moved since the last anchor; the worker calls it periodically. */
  anchor(): Promise<{ seq: string; hash: string; heads: number } | null> {
    return this.store.appendAnchor(this.clock.now().toISOString());
  }
}

const VERIFY_BATCH = 5000;

function redact(row: StoredAuditEvent, actor: Actor): ExportedAuditEvent {
  const { documentClassification, documentCaptions, ...event } = row;
  const digest = payloadDigest(event.payload);
  const readable =
    documentClassification === null ||
    canAccess(actor, { classification: documentClassification, captions: documentCaptions ?? [] });
  if (readable || !TEXT_BEARING.some((key) => key in event.payload))
    return { ...event, payloadDigest: digest };
  const payload = { ...event.payload };
  for (const key of TEXT_BEARING) if (key in payload) payload[key] = '[withheld: need-to-know]';
  return { ...event, payload, payloadDigest: digest, payloadWithheld: true };
}
