import { Clock } from '../../common/clock';
import { Injectable } from '@nestjs/common';
import { canAccess, DomainError, ErrorCode, type Actor } from '../../review/domain';
import { payloadDigest } from '../domain/audit-hash';
import { ChainVerifier, type VerifyReport } from '../domain/audit-verifier';
import { AuditStore, type AuditFilter, type StoredAuditEvent } from './audit.ports';

/** An exported event carries its payload digest, so that an auditor can verify the export offline. */
export type ExportedAuditEvent = Omit<
  StoredAuditEvent,
  'documentClassification' | 'documentCaptions'
> & {
  payloadDigest: string;
};

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
    requireAuditor(actor);
    let after = '0';
    for (;;) {
      const rows = await this.store.batch(filter, after, BATCH);
      for (const row of rows) if (withinNeedToKnow(row, actor)) yield exported(row);
      if (rows.length < BATCH) return;
      after = rows[rows.length - 1]!.seq;
    }
  }

  /**
   * How many events matching the filter are of records the auditor may not read: the export leaves
   * them out and says how many it left out.
   */
  async hiddenCount(filter: AuditFilter, actor: Actor): Promise<number> {
    requireAuditor(actor);
    const groups = await this.store.documentAccessGroups(filter);
    return groups
      .filter((g) => !withinNeedToKnow(g, actor))
      .reduce((sum, g) => sum + g.events, 0);
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

function requireAuditor(actor: Actor): void {
  if (!actor.roles.includes('auditor')) {
    throw new DomainError(ErrorCode.ROLE_REQUIRED, 'Only an auditor exports the audit trail');
  }
}

/** The documents' own need-to-know rule: an event of a record is shown only to its readers. */
function withinNeedToKnow(
  facts: Pick<StoredAuditEvent, 'documentClassification' | 'documentCaptions'>,
  actor: Actor,
): boolean {
  return (
    facts.documentClassification === null ||
    canAccess(actor, {
      classification: facts.documentClassification,
      captions: facts.documentCaptions ?? [],
    })
  );
}

function exported(row: StoredAuditEvent): ExportedAuditEvent {
  const { documentClassification: _c, documentCaptions: _d, ...event } = row;
  return { ...event, payloadDigest: payloadDigest(event.payload) };
}
