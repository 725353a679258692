import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../kernel/clock';
import { chainOf, type AuditRecord } from '../../audit/domain/audit-hash';
import { ReviewService } from '../../review/application/review.service';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { rankOf } from '../../kernel/classification';
import { SYSTEM_ACTOR } from '../../kernel/actor';
import {
  decideAutomaticDeclassification,
  exemptionInForce,
  EXEMPTION_EXPIRY_RULE,
} from '../domain/automatic-declassification';
import { dateIn, startOfDay } from '../../kernel/agency-day';
import type { DeadlineKind } from '../domain/deadline';
import { DeadlineStore, type DeadlineRow } from './deadline.ports';

/** What one attempt to fire a deadline came to. */
export type FireResult =
  /** The deadline took effect now (or was recorded as having none, with the reason). */
  | { fired: true; kind: string }
  /** Nothing to do: no such row, or it already fired or was cancelled (a repeat or a lost race). */
  | { fired: false; reason: 'UNKNOWN' | 'NOT_PENDING' }
  /** Not yet: the job ran early; it should wait until `dueAt`. */
  | { fired: false; reason: 'NOT_DUE'; dueAt: Date };

/**
 * Acts on a deadline that fell due, through the same services a person's act goes through, and
 * marks its row FIRED in the same transaction as the effect. Whatever the job system does —
 * run a job twice, run it on two workers at once, lose it and have the sweeper add it again —
 * the row is claimed once, so the effect happens once.
 */
@Injectable()
export class DeadlineService {
  private readonly logger = new Logger(DeadlineService.name);

  constructor(
    private readonly store: DeadlineStore,
    private readonly reviews: ReviewService,
    private readonly clock: Clock,
  ) {}

  /** Fires the row if it is due by `now`, the injected clock's time unless given. */
  async fire(deadlineId: string, now: Date = this.clock.now()): Promise<FireResult> {
    const row = await this.store.find(deadlineId);
    if (!row) return { fired: false, reason: 'UNKNOWN' };
    if (row.status !== 'PENDING') return { fired: false, reason: 'NOT_PENDING' };
    if (row.dueAt.getTime() > now.getTime()) {
      return { fired: false, reason: 'NOT_DUE', dueAt: row.dueAt };
    }
    try {
      const fired = await this.act(row, now);
      if (fired) this.logger.log({ msg: 'deadline fired', deadlineId, kind: row.kind });
      return fired ? { fired: true, kind: row.kind } : { fired: false, reason: 'NOT_PENDING' };
    } catch (err) {
      if (!(err instanceof DomainError) || err.code === ErrorCode.UNAVAILABLE) throw err;
      // Refused: either another worker fired it first (its claim won), or the subject no longer
      // accepts it (answered, ended, already under review). Look again before recording anything.
      const again = await this.store.find(deadlineId);
      if (again?.status !== 'PENDING') return { fired: false, reason: 'NOT_PENDING' };
      const recorded = await this.withoutEffect(row, err.message, now);
      return recorded ? { fired: true, kind: row.kind } : { fired: false, reason: 'NOT_PENDING' };
    }
  }

  /** Returns false when the row was claimed by someone else first. */
  private async act(row: DeadlineRow, now: Date): Promise<boolean> {
    const kind = row.kind as DeadlineKind;
    switch (kind) {
      case 'REVIEW_DUE':
        await this.reviews.deadlineElapsed(row.subjectId, { id: row.id, kind });
        return true;
      case 'REFERRAL_DUE': {
        const reviewId = await this.store.reviewOfReferral(row.subjectId);
        if (!reviewId) throw new DomainError(ErrorCode.NOT_FOUND, `No referral ${row.subjectId}`);
        await this.reviews.deadlineElapsed(reviewId, {
          id: row.id,
          kind,
          referralId: row.subjectId,
        });
        return true;
      }
      case 'RE_REVIEW':
        return this.reReview(row, now);
      case 'AUTO_DECLASSIFY':
        return this.autoDeclassify(row, now);
      default:
        throw new DomainError(
          ErrorCode.RULE_VIOLATED,
          `Deadline kind ${String(kind)} is unknown to this worker`,
        );
    }
  }

  /**
   * An exemption ends within the lead time: open a RE_REVIEW due the day before it ends, unless
   * nothing classified is withheld any more. The expiry is read from what the latest determination
   * withheld, so the re-review is due by the date that actually governs.
   */
  private async reReview(row: DeadlineRow, now: Date): Promise<boolean> {
    const today = dateIn(now, this.clock.timeZone);
    const doc = await this.store.transaction((tx) => tx.lockDocument(row.subjectId));
    if (!doc) throw new DomainError(ErrorCode.NOT_FOUND, `No document ${row.subjectId}`);
    const expiry = doc.withheld
      .flatMap((p) => p.exemptions)
      .filter((e) => exemptionInForce(e, today) && e.expiresOn !== null)
      .map((e) => e.expiresOn as string)
      .sort()[0];
    if (rankOf(doc.currentClassification) === 0 || !expiry) {
      throw new DomainError(
        ErrorCode.RULE_VIOLATED,
        `${doc.documentNumber} is ${doc.currentClassification} now and no dated exemption is in force; nothing withheld is left to re-review`,
      );
    }
    await this.reviews.openBySystem(row.subjectId, 'RE_REVIEW', row.id, {
      exemptionExpiry: expiry,
    });
    return true;
  }

  /**
   * 31 December of the 25th year: declassify the record, or record (and audit) why not. The
   * document row is locked, so an approval or a review opening at the same moment is decided
   * either wholly before or wholly after this.
   */
  private async autoDeclassify(row: DeadlineRow, now: Date): Promise<boolean> {
    return this.store.transaction(async (tx) => {
      if (!(await tx.lockPending(row.id))) return false;
      const doc = await tx.lockDocument(row.subjectId);
      if (!doc) {
        await tx.finish(row.id, `NO_EFFECT: no document ${row.subjectId}`);
        return true;
      }
      const at = now.toISOString();
      const decision = decideAutomaticDeclassification({
        today: dateIn(now, this.clock.timeZone),
        currentClassification: doc.currentClassification,
        restrictedData: doc.restrictedData,
        withheld: doc.withheld,
      });
      const audit = (action: string, payload: Record<string, unknown>): AuditRecord => ({
        chainKey: chainOf.document(doc.id),
        occurredAt: at,
        actorId: SYSTEM_ACTOR.id,
        actorUsername: SYSTEM_ACTOR.username,
        actorRoles: SYSTEM_ACTOR.roles,
        action,
        reviewId: doc.openReview?.id ?? null,
        documentId: doc.id,
        fromState: null,
        toState: null,
        payload: {
          deadlineId: row.id,
          documentNumber: doc.documentNumber,
          autoDeclassifyOn: doc.autoDeclassifyOn,
          // A review in progress does not hold the record (§3.3(a)): it is named, not waited for.
          ...(doc.openReview ? { reviewInProgress: doc.openReview } : {}),
          ...payload,
        },
      });
      if (decision.nextCheckOn) {
        await tx.scheduleNextCheck(row.id, {
          kind: 'AUTO_DECLASSIFY',
          subjectType: 'DOCUMENT',
          subjectId: doc.id,
          dueAt: startOfDay(decision.nextCheckOn, this.clock.timeZone),
          rule: `The next exemption of ${doc.documentNumber} still in force ends on ${decision.nextCheckOn} (${EXEMPTION_EXPIRY_RULE})`,
        });
      }
      if (decision.declassify) {
        await tx.declassify(doc.id, decision.to);
        await tx.audit(
          audit('DOCUMENT_AUTO_DECLASSIFIED', {
            rule: decision.rule,
            from: doc.currentClassification,
            to: decision.to,
            nextCheckOn: decision.nextCheckOn,
          }),
        );
        await tx.finish(
          row.id,
          `DECLASSIFIED: ${doc.currentClassification} → ${decision.to} (${decision.rule})`,
        );
        return true;
      }
      await tx.audit(
        audit('DOCUMENT_NOT_AUTO_DECLASSIFIED', {
          reason: decision.reason,
          message: decision.message,
          classification: doc.currentClassification,
          nextCheckOn: decision.nextCheckOn,
        }),
      );
      await tx.finish(row.id, `NOT_DECLASSIFIED (${decision.reason}): ${decision.message}`);
      return true;
    });
  }

  /**
   * The deadline fell due but its subject no longer accepts it (a referral answered a moment ago,
   * a document already under review). The row is marked FIRED with the reason, once, and for a
   * document the reason joins its audit trail.
   */
  private async withoutEffect(row: DeadlineRow, reason: string, now: Date): Promise<boolean> {
    const recorded = await this.store.transaction(async (tx) => {
      if (!(await tx.lockPending(row.id))) return false;
      if (row.subjectType === 'DOCUMENT') {
        await tx.audit({
          chainKey: chainOf.document(row.subjectId),
          occurredAt: now.toISOString(),
          actorId: SYSTEM_ACTOR.id,
          actorUsername: SYSTEM_ACTOR.username,
          actorRoles: SYSTEM_ACTOR.roles,
          action: 'DEADLINE_WITHOUT_EFFECT',
          reviewId: null,
          documentId: row.subjectId,
          fromState: null,
          toState: null,
          payload: { deadlineId: row.id, kind: row.kind, reason },
        });
      }
      await tx.finish(row.id, `NO_EFFECT: ${reason}`);
      return true;
    });
    if (recorded) {
      this.logger.warn({
        msg: 'deadline fired without effect',
        deadlineId: row.id,
        kind: row.kind,
        reason,
      });
    }
    return recorded;
  }
}
