import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { chainOf, type AuditRecord } from '../../audit/domain/audit-hash';
import { UserDirectory } from '../../auth/application/user-directory';
import { Clock } from '../../kernel/clock';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { DocumentStore } from '../../documents/application/document.ports';
import {
  codesValidFor,
  releaseCopy,
  REVIEW_MACHINE_VERSION,
  settingFor,
  startReview,
  step,
  type ClockEvent,
  type ReleaseCopy,
  type ReviewEvent,
  type ReviewKind,
} from '../domain';
import { canAccess } from '../../kernel/classification';
import { SYSTEM_ACTOR, type Actor } from '../../kernel/actor';
import { DomainError, ErrorCode } from '../../kernel/errors';
import type { Transaction } from '../../kernel/unit-of-work';
import { openingClock } from './review-clock';
import { dateIn, endOfDay } from '../../kernel/agency-day';
import { deadlinePlan } from './review-deadlines';
import { deadlineGone, ReviewStore, type ReviewRow } from './review.ports';
import {
  auditPayload,
  elapsedOutcome,
  notificationsFor,
  withClock,
  type DistributiveOmit,
  type PendingClockEvent,
} from './review-step';
import { toView, type ReviewView } from './review-view';
import {
  asTheRecordIsNow,
  refuseOpening,
  ReviewChangedDuringRequest,
  type RequestOfReview,
} from './review-opening';

/** An event as a client sends it: the server adds who acts, when, and what it looks up or computes. */
export type ReviewCommand =
  | DistributiveOmit<
      Exclude<ReviewEvent, { type: 'ASSIGN' | 'REFER' | 'DEADLINE_ELAPSED' | ClockEvent['type'] }>,
      'actor' | 'at' | 'on'
    >
  | Omit<Extract<ReviewEvent, { type: 'ASSIGN' }>, 'actor' | 'at' | 'on' | 'assignee'>
  | Omit<Extract<ReviewEvent, { type: 'REFER' }>, 'actor' | 'at' | 'on' | 'referralId'>
  | DistributiveOmit<ClockEvent, 'actor' | 'at' | 'on' | 'clock'>;

/** What the law's clock needs besides the kind, as given when a review opens. */
export interface OpenReviewOptions {
  /** RE_REVIEW: the day the exemption re-reviewed expires. */
  exemptionExpiry?: string;
}

/**
 * How many times an event is decided at most. An attempt fails only because another step was
 * written in between, so of N events sent at once to one review each is decided at most N times:
 * up to this many simultaneous events on one review all go through.
 */
const MAX_ATTEMPTS = 10;

/** The kinds of review a request opens, one per record, never a supervisor on a record alone. */
const REQUEST_KINDS: readonly ReviewKind[] = ['FOIA', 'MDR', 'APPEAL'];

const notFound = (id: string) =>
  new DomainError(ErrorCode.NOT_FOUND, `No review ${id} that you may see`);

@Injectable()
export class ReviewService {
  private readonly logger = new Logger(ReviewService.name);

  constructor(
    private readonly reviews: ReviewStore,
    private readonly documents: DocumentStore,
    private readonly users: UserDirectory,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'reReviewLeadDays'>,
  ) {}

  /**
   * Opens a systematic, automatic or re-review of a document; it waits in `queued` for a
   * supervisor to assign it. FOIA, MDR and appeal reviews are opened by their request.
   */
  async open(
    documentId: string,
    kind: ReviewKind,
    actor: Actor,
    options: OpenReviewOptions = {},
  ): Promise<ReviewView> {
    if (!actor.roles.includes('supervisor') && !actor.roles.includes('admin')) {
      throw new DomainError(
        ErrorCode.ROLE_REQUIRED,
        'Only a supervisor or an administrator opens a review',
      );
    }
    if (REQUEST_KINDS.includes(kind)) {
      throw new DomainError(
        ErrorCode.RULE_VIOLATED,
        kind === 'APPEAL'
          ? 'An appeal is of a request: record it with POST /api/requests/{id}/appeals'
          : `A ${kind} review answers a request: open one with POST /api/requests {"kind": "${kind}", "documentIds": ["${documentId}"], …}`,
      );
    }
    // The answer is built from what the transaction wrote: no second read.
    return toView(await this.openAs(documentId, kind, actor, options, null), this.clock.now());
  }

  /**
   * The worker opens a review because a deadline fell due (an exemption expired: RE_REVIEW). The
   * insert claims the deadline row in the same transaction, so a job that runs twice, or two
   * workers racing, open one review; the loser gets ALREADY_EXISTS and nothing is written. The
   * supervisors are told, since the new review waits for one of them to assign it.
   */
  async openBySystem(
    documentId: string,
    kind: ReviewKind,
    deadlineId: string,
    options: OpenReviewOptions = {},
  ): Promise<string> {
    return (await this.openAs(documentId, kind, SYSTEM_ACTOR, options, deadlineId)).id;
  }

  /**
   * Opens one review per record of a request, in the request's transaction: each starts with the
   * request's clock, and the request moves their clocks from then on. A record the caller may not
   * see is refused as unknown, and the transaction writes nothing.
   */
  async openForRequest(
    tx: Transaction,
    request: RequestOfReview,
    documentIds: readonly string[],
    actor: Actor,
  ): Promise<void> {
    for (const documentId of documentIds) {
      await this.openAs(documentId, request.kind, actor, {}, null, request, tx);
    }
  }

  private async openAs(
    documentId: string,
    kind: ReviewKind,
    actor: Actor,
    options: OpenReviewOptions,
    deadlineId: string | null,
    request: RequestOfReview | null = null,
    tx?: Transaction,
  ): Promise<ReviewRow> {
    const facts = await this.documents.facts(documentId, actor);
    if (!facts) {
      throw new DomainError(ErrorCode.NOT_FOUND, `No document ${documentId} that you may see`);
    }
    if (kind === 'RE_REVIEW' && !options.exemptionExpiry) {
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        'A RE_REVIEW needs exemptionExpiry: the date the exemption being re-reviewed expires',
      );
    }
    const today = this.clock.today();
    const receivedOn = request?.clock.receivedOn ?? today;
    refuseOpening(kind, facts, receivedOn, today);
    const clock = request?.clock ?? openingClock(kind, receivedOn, facts.documentDate, options);
    const id = randomUUID();
    const snapshot = startReview({ reviewId: id, documentId, kind, document: facts, clock });
    const audit: AuditRecord = {
      ...this.stamp(actor, 'REVIEW_CREATED'),
      chainKey: chainOf.review(id),
      reviewId: id,
      documentId,
      fromState: null,
      toState: snapshot.value,
      payload: {
        kind,
        documentNumber: facts.documentNumber,
        dueOn: clock.dueOn,
        rule: clock.explanation,
        ...(deadlineId ? { deadlineId } : {}),
        ...(request ? { requestId: request.id, requestNumber: request.number } : {}),
      },
    };
    const dueAt = clock.dueOn ? endOfDay(clock.dueOn, this.clock.timeZone) : null;
    const written = await this.reviews.insert(
      {
        id,
        documentId,
        requestId: request?.id ?? null,
        kind,
        snapshot,
        machineVersion: REVIEW_MACHINE_VERSION,
        dueAt,
        deadlines: deadlinePlan(null, snapshot, {
          reReviewLeadDays: this.config.reReviewLeadDays,
          timeZone: this.clock.timeZone,
        }),
        firesDeadline: deadlineId
          ? { id: deadlineId, outcome: `REVIEW_OPENED: ${kind} review ${id} opened` }
          : null,
        outbox: deadlineId
          ? [
              {
                job: 'notify',
                payload: {
                  reviewId: id,
                  documentId,
                  recipient: 'supervisors',
                  reason: `${kind}_OPENED`,
                  userId: null,
                },
              },
            ]
          : [],
      },
      audit,
      tx,
    );
    this.logger.log({ msg: 'review opened', reviewId: id, kind, actor: actor.username });
    return {
      id,
      documentId,
      requestId: request?.id ?? null,
      kind,
      state: snapshot.value,
      version: 1,
      snapshot,
      dueAt: dueAt ? new Date(dueAt) : null,
      createdAt: written.createdAt,
      updatedAt: written.createdAt,
      documentClassification: facts.classification,
      documentCaptions: facts.captions,
    };
  }

  async get(id: string, actor: Actor): Promise<ReviewView> {
    return toView(await this.visible(id, actor), this.clock.now());
  }

  /**
   * Applies one event: read, check, transition, then persist, audit and outbox in one statement.
   * A refused event writes nothing.
   */
  async apply(
    id: string,
    command: ReviewCommand,
    actor: Actor,
    expectedVersion?: number,
  ): Promise<ReviewView> {
    // The answer is built from the state the transaction wrote: no second read.
    return toView(
      await this.transition(id, actor, await this.complete(command, actor), expectedVersion),
      this.clock.now(),
    );
  }

  /**
   * The worker's report that a review's or a referral's deadline fell due. It goes through the
   * same transition as a person's event, and claims the deadline row in the same transaction, so
   * a job that runs twice has one effect.
   */
  async deadlineElapsed(
    reviewId: string,
    deadline: { id: string; kind: 'REVIEW_DUE' | 'REFERRAL_DUE'; referralId?: string },
  ): Promise<number> {
    const event: ReviewEvent = {
      type: 'DEADLINE_ELAPSED',
      deadlineId: deadline.id,
      kind: deadline.kind,
      referralId: deadline.referralId,
      actor: SYSTEM_ACTOR,
      ...this.moment(),
    };
    return (await this.transition(reviewId, SYSTEM_ACTOR, event)).version;
  }

  /**
   * A request's event passed on to one of its reviews (its clock moved, it was closed), written in
   * the request's transaction. Throws ReviewChangedDuringRequest when another step was written in
   * between: the request then rolls back and decides again.
   */
  async applyForRequest(
    tx: Transaction,
    id: string,
    command: ReviewCommand,
    actor: Actor,
  ): Promise<ReviewView> {
    const completed = await this.complete(command, actor);
    return toView(await this.transition(id, actor, completed, undefined, { tx }), this.clock.now());
  }

  /**
   * Reads the review, checks the event, takes the transition and writes the step in one
   * statement that only succeeds if nobody wrote a step in between (one transition, one database
   * transaction, version checked). If somebody did, the event is decided again on
   * the new state, unless its sender said which version they meant: then it is refused as stale.
   */
  private async transition(
    id: string,
    actor: Actor,
    completed: ReviewEvent | PendingClockEvent,
    expectedVersion?: number,
    viaRequest?: { tx: Transaction },
  ): Promise<ReviewRow> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.reviews.current(id, viaRequest?.tx);
      if (
        !current ||
        !canAccess(actor, {
          classification: current.documentClassification,
          captions: current.documentCaptions,
        })
      ) {
        throw notFound(id);
      }
      if (expectedVersion !== undefined && expectedVersion !== current.version) {
        throw new DomainError(
          ErrorCode.STALE_VERSION,
          `The review changed since you loaded it (you have version ${expectedVersion}, it is at ${current.version}); reload it and try again`,
          { currentVersion: current.version },
        );
      }
      if (current.requestId && !viaRequest && 'pendingClock' in completed) {
        throw new DomainError(
          ErrorCode.RULE_VIOLATED,
          `This review answers a request, whose clock it follows: send ${completed.type} to request ${current.requestId} (POST /api/requests/${current.requestId}/events)`,
        );
      }
      const event = withClock(completed, current.snapshot, this.clock.timeZone);
      const result = step(asTheRecordIsNow(current), event);
      if (!result.ok) {
        const { code, message, acceptedEvents } = result.violation;
        throw new DomainError(code, message, acceptedEvents ? { acceptedEvents } : undefined);
      }
      const dueOn = result.next.context.clock?.dueOn ?? null;
      const saved = await this.reviews.saveStep(
        current,
        {
          before: current.snapshot,
          after: result.next,
          audit: {
            ...this.stamp(actor, event.type, event.at),
            chainKey: chainOf.review(id),
            reviewId: id,
            documentId: current.documentId,
            fromState: current.snapshot.value,
            toState: result.next.value,
            payload: auditPayload(event, result.next),
          },
          outbox: notificationsFor(result.effects, result.next, current),
          dueAt: dueOn ? endOfDay(dueOn, this.clock.timeZone) : null,
          deadlines: deadlinePlan(current.snapshot, result.next, {
            reReviewLeadDays: this.config.reReviewLeadDays,
            timeZone: this.clock.timeZone,
          }),
          firesDeadline:
            event.type === 'DEADLINE_ELAPSED'
              ? {
                  id: event.deadlineId,
                  outcome: elapsedOutcome(event, result.effects, result.next),
                }
              : null,
        },
        viaRequest?.tx,
      );
      if (!saved.saved) {
        // In a request's transaction the request decides again, from its own row.
        if (viaRequest) throw new ReviewChangedDuringRequest(id);
        if (saved.reason === 'DEADLINE_GONE' && event.type === 'DEADLINE_ELAPSED') {
          throw deadlineGone(event.deadlineId);
        }
        if (attempt < MAX_ATTEMPTS) continue;
        throw new DomainError(
          ErrorCode.STALE_VERSION,
          `The review kept changing while your ${event.type} was applied (${MAX_ATTEMPTS} tries); reload it and try again`,
        );
      }
      this.logger.log({
        msg: 'review transition',
        reviewId: id,
        from: current.snapshot.value,
        to: result.next.value,
        event: event.type,
        actor: actor.username,
      });
      return {
        id,
        documentId: current.documentId,
        requestId: current.requestId,
        kind: current.kind,
        state: result.next.value,
        version: saved.version,
        snapshot: result.next,
        dueAt: dueOn ? new Date(endOfDay(dueOn, this.clock.timeZone)) : null,
        createdAt: current.createdAt,
        updatedAt: saved.updatedAt,
        documentClassification: current.documentClassification,
        documentCaptions: current.documentCaptions,
      };
    }
  }

  /** The codes the reviewer may cite in this review today, with what each protects. */
  async exemptionCodes(id: string, actor: Actor) {
    const row = await this.visible(id, actor);
    return codesValidFor(settingFor(asTheRecordIsNow(row).context, this.clock.today()));
  }

  /** The released copy of an approved review; the withdrawal record of a denial. */
  async releaseCopy(id: string, actor: Actor): Promise<ReleaseCopy> {
    // A released copy is unclassified, but the review's existence follows the document's rules.
    const row = await this.visible(id, actor);
    const outcome = row.snapshot.context.outcome;
    if (!outcome || (row.state !== 'released' && row.state !== 'withheld')) {
      throw new DomainError(
        ErrorCode.INVALID_TRANSITION,
        `Review ${id} is ${row.state}; a release copy exists once a supervisor approves it`,
      );
    }
    const texts =
      row.state === 'released'
        ? await this.reviews.portionTexts(row.documentId)
        : new Map<string, string>();
    return releaseCopy(row.snapshot.context, outcome.marking, texts);
  }

  /** The review, if it exists and the caller may see its document; a 404 either way otherwise. */
  private async visible(id: string, actor: Actor): Promise<ReviewRow> {
    const row = await this.reviews.findById(id);
    const access = row && {
      classification: row.documentClassification,
      captions: row.documentCaptions,
    };
    if (!row || !access || !canAccess(actor, access)) throw notFound(id);
    return row;
  }

  /** Adds what the server knows and the client must not choose: actor, time, ids, the assignee. */
  private async complete(
    command: ReviewCommand,
    actor: Actor,
  ): Promise<ReviewEvent | PendingClockEvent> {
    const { at, on } = this.moment();
    switch (command.type) {
      case 'ASSIGN': {
        const user = await this.users.findById(command.assigneeId);
        if (!user) {
          throw new DomainError(
            ErrorCode.ASSIGNEE_NOT_ELIGIBLE,
            `No user ${command.assigneeId}; assign the review to an existing reviewer`,
          );
        }
        return { ...command, actor, at, on, assignee: user };
      }
      case 'REFER':
        return { ...command, actor, at, on, referralId: randomUUID() };
      case 'TOLL':
      case 'RESUME':
      case 'EXTEND':
      case 'SET_DUE_DATE':
        // The clock is computed from the review as the step reads it, and again if it is retried.
        return { ...command, actor, at, on, pendingClock: true };
      case 'DECIDE_PORTION':
      case 'RECORD_REFERRAL_RESPONSE':
      case 'DOWNGRADE':
      case 'DECAPTION':
      case 'PROPOSE':
      case 'APPROVE':
      case 'RETURN':
      case 'CLOSE':
        return { ...command, actor, at, on };
    }
  }

  /** The instant of an act and the agency's date of it, read once so that the two agree. */
  private moment(): { at: string; on: string } {
    const now = this.clock.now();
    return { at: now.toISOString(), on: dateIn(now, this.clock.timeZone) };
  }

  private stamp(actor: Actor, action: string, at = this.clock.now().toISOString()) {
    return {
      occurredAt: at,
      actorId: actor.id,
      actorUsername: actor.username,
      actorRoles: actor.roles,
      action,
    };
  }
}
