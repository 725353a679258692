import { Clock } from '../../common/clock';
import { Injectable } from '@nestjs/common';
import {
  CAPTIONS,
  canAccess,
  DomainError,
  ErrorCode,
  rankOf,
  type Actor,
} from '../../review/domain';
import { payloadDigest } from '../domain/audit-hash';
import {
  ANCHOR_ACTION,
  ChainVerifier,
  type BrokenAt,
  type VerifyReport,
} from '../domain/audit-verifier';
import { AuditStore, type AuditFilter, type StoredAuditEvent } from './audit.ports';

/** An exported event carries its payload digest, so that an auditor can verify the export offline. */
export type ExportedAuditEvent = Omit<
  StoredAuditEvent,
  'documentClassification' | 'documentCaptions'
> & {
  payloadDigest: string;
  /** The payload is left out (it would name records the auditor may not read); the digest stands in. */
  payloadWithheld?: true;
};

/** A verification as an auditor sees it: where the trail broke, unless it broke on a record they may not read. */
export type VerifyAnswer = Omit<VerifyReport, 'firstBroken'> & {
  firstBroken:
    BrokenAt | (Omit<BrokenAt, 'seq' | 'chainKey'> & { seq: null; chainKey: null }) | null;
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
      for (const row of rows) {
        if (!withinNeedToKnow(row, actor)) continue;
        // An anchor lists the head of every chain that moved, records beyond the auditor's
        // clearance among them: only an auditor cleared for everything reads the list.
        yield row.action === ANCHOR_ACTION && !clearedForEverything(actor)
          ? { ...exported(row), payload: {}, payloadWithheld: true }
          : exported(row);
      }
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
    return groups.filter((g) => !withinNeedToKnow(g, actor)).reduce((sum, g) => sum + g.events, 0);
  }

  /**
   * Recomputes every chain (or those of a time range) and checks what the anchors vouch for;
   * names the first event that was changed, removed or inserted. Over the whole trail it also
   * checks that each review is in the state its events leave it in.
   */
  async verify(range: { from?: string; to?: string }, actor?: Actor): Promise<VerifyAnswer> {
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
    // A whole-trail check also holds every review to the state its events leave it in.
    if (verifier.report().ok && !range.from && !range.to) {
      const outOfStep = await this.store.reviewOutOfStep();
      if (outOfStep) verifier.stateMismatch(outOfStep);
    }
    return this.asSeenBy(verifier.report(), actor);
  }

  /** The report, without where it broke when that is a record the auditor may not read. */
  private async asSeenBy(report: VerifyReport, actor?: Actor): Promise<VerifyAnswer> {
    const broken = report.firstBroken;
    if (!broken || !actor || clearedForEverything(actor)) return report;
    const access = await this.store.chainAccess(broken.chainKey);
    if (!access || canAccess(actor, access)) return report;
    return {
      ...report,
      firstBroken: {
        seq: null,
        chainKey: null,
        reason: broken.reason,
        detail:
          'in the chain of a record outside your clearance; an auditor cleared for it sees where',
      },
    };
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

/** Whether the auditor may read every record there can be: the highest clearance, every caveat. */
function clearedForEverything(actor: Actor): boolean {
  return (
    rankOf(actor.clearance) === rankOf('TOP SECRET') &&
    CAPTIONS.every((c) => actor.caveats.includes(c))
  );
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
