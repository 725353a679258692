import { hashAuditRecord, payloadDigest, type AuditRecord } from './audit-hash';

/** An audit event as stored or exported: the record plus its place in its chain. */
export interface ChainedEvent extends AuditRecord {
  seq: string;
  prevHash: string | null;
  hash: string;
  /** Present in exports; stands in for the payload when the payload was withheld. */
  payloadDigest?: string;
  payloadWithheld?: boolean;
}

export type BreakReason =
  /** The event's fields or payload no longer give its hash. */
  | 'CHANGED'
  /** The event does not follow the previous one of its chain: something was removed or inserted. */
  | 'CHAIN_BROKEN'
  /** An anchor names an event that is gone or differs. */
  | 'ANCHOR_MISMATCH'
  /** A review's state is not where its audit events leave it: it was changed outside its lifecycle. */
  | 'STATE_MISMATCH'
  /** A signed checkpoint names an event that is gone or differs. */
  | 'CHECKPOINT_MISMATCH'
  /** A stored checkpoint is not one signed with the key: altered, forged, or another key's. */
  | 'CHECKPOINT_INVALID';

export interface BrokenAt {
  seq: string;
  chainKey: string;
  reason: BreakReason;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  checked: number;
  chains: number;
  anchors: number;
  /** Signed checkpoints kept outside the database that were checked. */
  checkpoints: number;
  firstBroken: BrokenAt | null;
}

/** What an anchor event says: the head of every chain that moved since the previous anchor. */
export interface AnchorHead {
  chainKey: string;
  seq: string;
  hash: string;
}

export const ANCHOR_ACTION = 'AUDIT_ANCHOR';

/** A review whose stored state differs from the last state its audit events record. */
export interface ReviewOutOfStep {
  reviewId: string;
  state: string;
  lastState: string | null;
  lastSeq: string | null;
}

/**
 * Recomputes hash chains from events fed in `seq` order, in memory proportional to the number of
 * chains, not of events. With `partial`, a chain may start part-way (a filtered export, a time
 * range): its first event's link to what came before cannot be checked and is taken as given.
 */
export class ChainVerifier {
  private readonly heads = new Map<string, string>();
  private readonly anchored: AnchorHead[] = [];
  private checked = 0;
  private anchorCount = 0;
  private checkpointCount = 0;
  private broken: BrokenAt | null = null;

  constructor(private readonly options: { partial: boolean }) {}

  add(e: ChainedEvent): void {
    this.checked += 1;
    if (this.broken) return;
    const digest =
      e.payloadWithheld && e.payloadDigest ? e.payloadDigest : payloadDigest(e.payload);
    if (e.payloadDigest && !e.payloadWithheld && e.payloadDigest !== digest) {
      return this.fail(e, 'CHANGED', 'the payload does not match its digest');
    }
    const head = this.heads.get(e.chainKey);
    if (head === undefined ? !this.options.partial && e.prevHash !== null : e.prevHash !== head) {
      return this.fail(
        e,
        'CHAIN_BROKEN',
        head === undefined
          ? 'the first event of its chain points at an earlier event that is not there'
          : 'it does not follow the previous event of its chain (an event was removed or inserted)',
      );
    }
    const { seq: _seq, prevHash, hash, payloadDigest: _d, payloadWithheld: _w, ...record } = e;
    if (hashAuditRecord(record, prevHash, digest) !== hash) {
      return this.fail(e, 'CHANGED', 'its content no longer gives its hash');
    }
    this.heads.set(e.chainKey, hash);
    if (e.action === ANCHOR_ACTION && !e.payloadWithheld) {
      this.anchorCount += 1;
      const listed = (e.payload as { heads?: AnchorHead[] }).heads;
      if (Array.isArray(listed)) this.anchored.push(...listed);
    }
  }

  /** The (seq, chain, hash) triples anchors vouch for; checked against the events afterwards. */
  anchoredHeads(): readonly AnchorHead[] {
    return this.anchored;
  }

  /** Records that an anchored event is gone or differs. */
  anchorMismatch(head: AnchorHead, found: { hash: string; chainKey: string } | undefined): void {
    if (this.broken) return;
    this.broken = {
      seq: head.seq,
      chainKey: head.chainKey,
      reason: 'ANCHOR_MISMATCH',
      detail: found
        ? `an anchor recorded hash ${head.hash.slice(0, 12)}… for this event; it is now ${found.hash.slice(0, 12)}…`
        : 'an anchor recorded this event; it is gone',
    };
  }

  /** Counts a checkpoint whose signature checked out; its heads are checked by `checkpointMismatch`. */
  checkpointRead(): void {
    this.checkpointCount += 1;
  }

  /** Records a stored checkpoint that is not one signed with the key. */
  checkpointInvalid(where: string, problem: string): void {
    if (this.broken) return;
    this.broken = {
      seq: '0',
      chainKey: 'checkpoint',
      reason: 'CHECKPOINT_INVALID',
      detail: `${where}: ${problem}`,
    };
  }

  /** Records that an event a signed checkpoint names is gone or differs. */
  checkpointMismatch(
    head: AnchorHead,
    found: { hash: string; chainKey: string } | undefined,
  ): void {
    if (this.broken) return;
    this.broken = {
      seq: head.seq,
      chainKey: head.chainKey,
      reason: 'CHECKPOINT_MISMATCH',
      detail: found
        ? `a signed checkpoint recorded hash ${head.hash.slice(0, 12)}… for this event; it is now ${found.hash.slice(0, 12)}…: the trail was rewritten`
        : 'a signed checkpoint recorded this event; it is gone: the trail was truncated or rewritten',
    };
  }

  /** Records that a review's stored state is not the one its chain of events ends in. */
  stateMismatch(review: ReviewOutOfStep): void {
    if (this.broken) return;
    this.broken = {
      seq: review.lastSeq ?? '0',
      chainKey: `review:${review.reviewId}`,
      reason: 'STATE_MISMATCH',
      detail: review.lastState
        ? `the review is ${review.state}, but its audit events leave it ${review.lastState}: its state was changed outside its lifecycle`
        : `the review is ${review.state}, but it has no audit events at all`,
    };
  }

  report(): VerifyReport {
    return {
      ok: this.broken === null,
      checked: this.checked,
      chains: this.heads.size,
      anchors: this.anchorCount,
      checkpoints: this.checkpointCount,
      firstBroken: this.broken,
    };
  }

  private fail(e: ChainedEvent, reason: BreakReason, detail: string): void {
    this.broken = { seq: e.seq, chainKey: e.chainKey, reason, detail };
  }
}
