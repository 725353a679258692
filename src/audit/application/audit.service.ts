import { Clock } from '../../kernel/clock';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { CAPTIONS, canAccess, rankOf } from '../../kernel/classification';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { type Actor } from '../../kernel/actor';
import { chainOf, payloadDigest } from '../domain/audit-hash';
import {
  ANCHOR_ACTION,
  ChainVerifier,
  type AnchorHead,
  type BrokenAt,
  type VerifyReport,
} from '../domain/audit-verifier';
import {
  checkpointKey,
  checkpointProblem,
  signCheckpoint,
  type SignedCheckpoint,
} from '../domain/checkpoint';
import { AuditStore, type AuditFilter, type StoredAuditEvent } from './audit.ports';
import { CheckpointSink } from './checkpoint-sink';

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
  private readonly key: Buffer;
  /** The newest anchor copied to the checkpoint sink; read from the sink on first use. */
  private checkpointedSeq: string | null = null;

  constructor(
    private readonly store: AuditStore,
    private readonly clock: Clock,
    private readonly sink: CheckpointSink,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.key = checkpointKey(config);
  }

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
    await this.checkHeads(verifier.anchoredHeads(), verifier, (h, e) =>
      verifier.anchorMismatch(h, e),
    );
    if (verifier.report().ok) {
      const vouched = await this.checkpointedHeads(verifier);
      await this.checkHeads(vouched, verifier, (h, e) => verifier.checkpointMismatch(h, e));
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

  /**
   * The worker's periodic step: anchors the trail when the interval has passed since the last
   * anchor or enough events were written since, then copies every anchor not yet in the sink
   * there, signed. An anchor whose copy failed (the sink was down) is copied on the next step.
   */
  async tick(): Promise<{ anchored: boolean; checkpointed: number }> {
    const position = await this.store.trailPosition();
    const since = Number(position.lastSeq) - Number(position.lastAnchorSeq ?? 0);
    const age = position.lastAnchorAt
      ? this.clock.now().getTime() - Date.parse(position.lastAnchorAt)
      : Infinity;
    const due =
      since >= this.config.auditCheckpointEveryEvents ||
      (since > 0 && age >= this.config.auditCheckpointIntervalMs);
    const anchored = due ? (await this.anchor()) !== null : false;
    return { anchored, checkpointed: await this.checkpoint() };
  }

  /** Copies the anchors the sink does not hold yet into it, signed; returns how many. */
  async checkpoint(): Promise<number> {
    this.checkpointedSeq ??= await this.lastCheckpointedSeq();
    let written = 0;
    for (;;) {
      const anchors = await this.store.anchorsAfter(this.checkpointedSeq, 100);
      for (const a of anchors) {
        await this.sink.append(
          signCheckpoint(
            { anchorSeq: a.seq, anchorHash: a.hash, anchoredAt: a.occurredAt, heads: a.heads },
            this.key,
          ),
        );
        this.checkpointedSeq = a.seq;
        written += 1;
      }
      if (anchors.length < 100) return written;
    }
  }

  private async lastCheckpointedSeq(): Promise<string> {
    let last = '0';
    for await (const { value } of this.sink.read()) {
      if (checkpointProblem(value, this.key) !== null) continue;
      const seq = (value as SignedCheckpoint).anchorSeq;
      if (Number(seq) > Number(last)) last = seq;
    }
    return last;
  }

  /**
   * What the signed checkpoints vouch for: each anchor copied and the heads it lists. A line that
   * is not a checkpoint signed with the key breaks verification.
   */
  private async checkpointedHeads(verifier: ChainVerifier): Promise<AnchorHead[]> {
    const heads = new Map<string, AnchorHead>();
    for await (const { line, value } of this.sink.read()) {
      const problem = checkpointProblem(value, this.key);
      if (problem) {
        verifier.checkpointInvalid(`${this.sink.where()} line ${line}`, problem);
        return [];
      }
      const c = value as SignedCheckpoint;
      verifier.checkpointRead();
      heads.set(c.anchorSeq, { chainKey: chainOf.anchor, seq: c.anchorSeq, hash: c.anchorHash });
      for (const h of c.heads) heads.set(h.seq, h);
    }
    return [...heads.values()];
  }

  /** Holds the trail to a list of (seq, chain, hash): each event must be there, unchanged. */
  private async checkHeads(
    heads: readonly AnchorHead[],
    verifier: ChainVerifier,
    mismatch: (head: AnchorHead, found: { chainKey: string; hash: string } | undefined) => void,
  ): Promise<void> {
    for (let i = 0; i < heads.length && verifier.report().ok; i += VERIFY_BATCH) {
      const slice = heads.slice(i, i + VERIFY_BATCH);
      const found = await this.store.bySeq(slice.map((h) => h.seq));
      for (const head of slice) {
        const event = found.get(head.seq);
        if (!event || event.hash !== head.hash || event.chainKey !== head.chainKey)
          mismatch(head, event);
      }
    }
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
