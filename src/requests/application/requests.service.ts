import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { FINAL_STATES } from '../../review/domain';
import {
  refuseFutureReceipt,
  ReviewChangedDuringRequest,
  type RequestOfReview,
} from '../../review/application/review-opening';
import { ReviewService, type ReviewCommand } from '../../review/application/review.service';
import { endOfDay } from '../../kernel/agency-day';
import type { Actor } from '../../kernel/actor';
import { canAccess } from '../../kernel/classification';
import { Clock } from '../../kernel/clock';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { UnitOfWork, type Transaction } from '../../kernel/unit-of-work';
import {
  appealDeadline,
  appealOutcome,
  appealRefusal,
  combinedDetermination,
} from '../domain/determination';
import {
  ADJUDICATED,
  adjudicationRefusal,
  openingAdjudications,
  withDecision,
  type AdjudicationEvent,
} from '../domain/adjudication';
import {
  acknowledgment,
  adjudicationLetter,
  extensionNotice,
  finalResponse,
  tollLetter,
} from '../domain/letters';
import { fiscalYearOf, NUMBER_PREFIXES, requestNumber } from '../domain/request-number';
import type {
  ClosingReason,
  RequestKind,
  RequestOutcome,
  Requester,
  Track,
} from '../domain/request.types';
import { RequestLedger } from './request-ledger';
import { adjustedRequestClock, openingRequestClock } from './request-clock';
import { RequestStore, type RequestRecordRow, type RequestRow } from './request.ports';
import { toListItem, toRequestView, type RequestView } from './request-view';
import { countBy, recordOutcome, refuseDuplicates, requireSupervisor } from './request-acts';

export interface OpenRequest {
  kind: Exclude<RequestKind, 'APPEAL'>;
  requester: Requester;
  receivedOn: string;
  description: string;
  track?: Track;
  /** FOIA: the requester asks that fees be waived. */
  feeWaiverRequested?: boolean;
  /** MDR: NARA forwarded the request (180 days instead of one year). */
  forwardedByNara?: boolean;
  documentIds: string[];
}

export type RequestCommand =
  | { type: 'TOLL'; reason: string; basis: 'INFORMATION' | 'FEES' }
  | { type: 'RESUME' }
  | { type: 'EXTEND'; reason: string }
  | { type: AdjudicationEvent; granted: boolean; reason: string }
  | { type: 'RESPOND'; note?: string }
  | { type: 'CLOSE'; reason: ClosingReason; note?: string };

/** How many times a request's event is decided when its reviews keep changing under it. */
const MAX_ATTEMPTS = 5;

const notFound = (id: string) => new DomainError(ErrorCode.NOT_FOUND, `No request ${id}`);

/**
 * Requests: the cases a FOIA or declassification office works in. A request opens one review per
 * record, holds the statutory clock its reviews follow, is answered when they have all ended, and
 * keeps every letter sent. Each act is one transaction with its audit event on the request's
 * chain, and its reviews' steps on theirs.
 */
@Injectable()
export class RequestsService {
  private readonly logger = new Logger(RequestsService.name);

  constructor(
    private readonly requests: RequestStore,
    private readonly reviews: ReviewService,
    private readonly unitOfWork: UnitOfWork,
    private readonly ledger: RequestLedger,
    private readonly clock: Clock,
  ) {}

  async open(body: OpenRequest, actor: Actor): Promise<RequestView> {
    requireSupervisor(actor, 'opens a request');
    refuseFutureReceipt(body.receivedOn, this.clock.today());
    refuseDuplicates(body.documentIds);
    const track = body.track ?? 'simple';
    const id = await this.unitOfWork.run((tx) =>
      this.create(tx, actor, {
        kind: body.kind,
        requester: body.requester,
        receivedOn: body.receivedOn,
        description: body.description,
        track,
        forwardedByNara: body.kind === 'MDR' && body.forwardedByNara === true,
        feeWaiverRequested: body.feeWaiverRequested === true,
        documentIds: body.documentIds,
        appealOf: null,
      }),
    );
    return this.get(id, actor);
  }

  /**
   * An appeal of an answered request: refused (422, with the rule) when nothing adverse was
   * decided or the window has passed; otherwise a new request of kind APPEAL whose reviews re-open
   * the records that were withheld in full or in part.
   */
  async appeal(
    id: string,
    body: { receivedOn: string; grounds: string },
    actor: Actor,
  ): Promise<RequestView> {
    requireSupervisor(actor, 'records an appeal');
    refuseFutureReceipt(body.receivedOn, this.clock.today());
    const appealId = await this.unitOfWork.run(async (tx) => {
      const original = await this.requests.lock(id, tx);
      if (!original) throw notFound(id);
      const refusal = appealRefusal(original, body.receivedOn);
      if (refusal) throw new DomainError(ErrorCode.RULE_VIOLATED, refusal);
      const pending = (await this.requests.appealsOf(id, tx)).find((a) => a.state === 'open');
      if (pending) {
        throw new DomainError(
          ErrorCode.ALREADY_EXISTS,
          `${original.number} is already under appeal (${pending.number}); one appeal is decided at a time`,
        );
      }
      const appealed = (original.outcome?.records ?? []).filter(
        (r) => r.determination === 'RELEASE_IN_PART' || r.determination === 'DENY_IN_FULL',
      );
      const created = await this.create(tx, actor, {
        kind: 'APPEAL',
        requester: original.requester,
        receivedOn: body.receivedOn,
        description: body.grounds,
        track: original.track,
        documentIds: appealed.map((r) => r.documentId),
        appealOf: original,
      });
      await this.ledger.record(
        tx,
        original,
        actor,
        'REQUEST_APPEALED',
        original.state,
        original.state,
        {
          appealId: created,
        },
      );
      return created;
    });
    return this.get(appealId, actor);
  }

  async apply(id: string, command: RequestCommand, actor: Actor): Promise<RequestView> {
    requireSupervisor(actor, `sends ${command.type} to a request`);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.unitOfWork.run((tx) => this.decide(tx, id, command, actor));
        return this.get(id, actor);
      } catch (err) {
        if (!(err instanceof ReviewChangedDuringRequest) || attempt >= MAX_ATTEMPTS) throw err;
      }
    }
  }

  async get(id: string, actor: Actor): Promise<RequestView> {
    const row = await this.requests.find(id);
    if (!row) throw notFound(id);
    const [records, letters, appeals, appealed] = await Promise.all([
      this.requests.records(id),
      this.requests.letters(id),
      this.requests.appealsOf(id),
      row.appealOf ? this.requests.find(row.appealOf) : Promise.resolve(null),
    ]);
    return toRequestView(row, {
      records: records.filter((r) => canAccess(actor, r)),
      hiddenRecords: records.filter((r) => !canAccess(actor, r)).length,
      letters,
      appeals,
      appealOf: appealed ? { id: appealed.id, number: appealed.number } : null,
      today: this.clock.today(),
    });
  }

  async list(filter: Parameters<RequestStore['list']>[0]) {
    const page = await this.requests.list(filter);
    return {
      ...page,
      items: page.items.map(toListItem),
      limit: filter.limit,
      offset: filter.offset,
    };
  }

  /**
   * The letters of a request, for a reader cleared for every record it covers: a final response
   * names each record, and a withheld record's number is itself need-to-know.
   */
  async letters(id: string, actor: Actor) {
    if (!(await this.requests.find(id))) throw notFound(id);
    const hidden = (await this.requests.records(id)).filter((r) => !canAccess(actor, r));
    if (hidden.length > 0) {
      throw new DomainError(
        ErrorCode.CLEARANCE_REQUIRED,
        `Request ${id} covers ${hidden.length} record(s) outside your clearance or caveats; its letters name them`,
      );
    }
    return this.requests.letters(id);
  }

  async letter(id: string, letterId: string, actor: Actor) {
    const letter = (await this.letters(id, actor)).find((l) => l.id === letterId);
    if (!letter)
      throw new DomainError(ErrorCode.NOT_FOUND, `No letter ${letterId} in request ${id}`);
    return letter;
  }

  private async create(
    tx: Transaction,
    actor: Actor,
    r: Omit<OpenRequest, 'kind' | 'track'> & {
      kind: RequestKind;
      track: Track;
      appealOf: RequestRow | null;
    },
  ): Promise<string> {
    const id = randomUUID();
    const fiscalYear = fiscalYearOf(r.receivedOn);
    const number = requestNumber(
      r.kind,
      fiscalYear,
      await this.requests.nextSequence(NUMBER_PREFIXES[r.kind], fiscalYear, tx),
    );
    const clock = openingRequestClock(
      r.kind,
      r.receivedOn,
      r.track,
      r.appealOf
        ? { appealOf: r.appealOf.kind as 'FOIA' | 'MDR' }
        : r.forwardedByNara
          ? { forwardedByNara: true }
          : {},
    );
    const row: Omit<RequestRow, 'createdAt' | 'updatedAt' | 'version'> = {
      id,
      number,
      kind: r.kind,
      state: 'open',
      requester: r.requester,
      description: r.description,
      receivedOn: r.receivedOn,
      track: r.track,
      appealOf: r.appealOf?.id ?? null,
      clock,
      dueAt: this.dueAt(clock.dueOn),
      outcome: null,
      adjudications: openingAdjudications(r.kind, r.receivedOn, {
        expedite: r.track === 'expedited',
        feeWaiver: r.feeWaiverRequested === true,
      }),
    };
    await this.requests.insert(row, tx);
    await this.ledger.record(tx, row, actor, 'REQUEST_OPENED', null, 'open', {
      kind: r.kind,
      requester: r.requester,
      receivedOn: r.receivedOn,
      track: r.track,
      // How many, not which: an auditor not cleared for a record learns of it from its own events.
      records: r.documentIds.length,
      dueOn: clock.dueOn,
      rule: clock.explanation,
      asks: row.adjudications,
      ...(r.appealOf ? { appealOf: r.appealOf.number } : {}),
    });
    const ofReview: RequestOfReview = { id, number, kind: r.kind, clock };
    await this.reviews.openForRequest(tx, ofReview, r.documentIds, actor);
    const context = this.ledger.letterContext(row, r.appealOf);
    await this.ledger.issue(tx, row, actor, 'ACKNOWLEDGMENT', acknowledgment(context));
    this.logger.log({ msg: 'request opened', requestId: id, number, actor: actor.username });
    return id;
  }

  private async decide(tx: Transaction, id: string, command: RequestCommand, actor: Actor) {
    const request = await this.requests.lock(id, tx);
    if (!request) throw notFound(id);
    if (request.state !== 'open') {
      throw new DomainError(
        ErrorCode.INVALID_TRANSITION,
        `${request.number} is ${request.state}; only an open request accepts ${command.type}`,
      );
    }
    const records = await this.requests.records(id, tx);
    const open = records.filter((r) => !FINAL_STATES.includes(r.state));
    const on = this.clock.today();
    switch (command.type) {
      case 'TOLL':
      case 'RESUME':
      case 'EXTEND': {
        const adjustment =
          command.type === 'TOLL'
            ? { type: 'TOLL' as const, on, reason: command.reason, basis: command.basis }
            : command.type === 'EXTEND'
              ? { type: 'EXTEND' as const, on, reason: command.reason }
              : { type: 'RESUME' as const, on };
        const clock = adjustedRequestClock(request.kind, request.track, request.clock!, adjustment);
        const changed = { ...request, clock, dueAt: this.dueAt(clock.dueOn) };
        await this.requests.update(id, changed, tx);
        await this.ledger.record(tx, request, actor, `REQUEST_${command.type}`, 'open', 'open', {
          ...adjustment,
          dueOn: clock.dueOn,
          rule: clock.explanation.at(-1),
        });
        await this.passOn(tx, open, command, actor);
        const context = this.ledger.letterContext(changed, null);
        if (command.type === 'TOLL') {
          await this.ledger.issue(
            tx,
            request,
            actor,
            'TOLL',
            tollLetter(context, command.reason, command.basis),
          );
        } else if (command.type === 'EXTEND') {
          await this.ledger.issue(
            tx,
            request,
            actor,
            'EXTENSION',
            extensionNotice(context, command.reason),
          );
        }
        return;
      }
      case 'DECIDE_EXPEDITE':
      case 'DECIDE_FEE_WAIVER': {
        const refusal = adjudicationRefusal(request.adjudications, command.type, request.number);
        if (refusal) throw new DomainError(ErrorCode.RULE_VIOLATED, refusal);
        const { ask, letter: kind } = ADJUDICATED[command.type];
        const adjudications = withDecision(
          request.adjudications,
          command.type,
          command.granted,
          on,
        );
        // Expedition denied, the request joins the simple queue; its due date does not change.
        const track = ask === 'expedite' && !command.granted ? 'simple' : request.track;
        await this.requests.update(id, { ...request, track, adjudications }, tx);
        await this.ledger.record(tx, request, actor, `REQUEST_${command.type}`, 'open', 'open', {
          granted: command.granted,
          reason: command.reason,
          requestedOn: request.adjudications[ask]!.requestedOn,
          track,
        });
        const letter = adjudicationLetter(
          this.ledger.letterContext({ ...request, track }, null),
          ask,
          command.granted,
          command.reason,
        );
        await this.ledger.issue(tx, request, actor, kind, letter);
        return;
      }
      case 'RESPOND': {
        if (open.length > 0) {
          throw new DomainError(
            ErrorCode.RULE_VIOLATED,
            `${request.number} still has ${open.length} record(s) under review (${open.map((r) => r.documentNumber).join(', ')}); a request is answered when every review has ended`,
          );
        }
        const outcomes = records.map(recordOutcome);
        const determination = combinedDetermination(outcomes);
        if (!determination) {
          throw new DomainError(
            ErrorCode.RULE_VIOLATED,
            `${request.number} has no determination on any record; close it with a reason (NO_RECORDS, WITHDRAWN, …) instead`,
          );
        }
        const outcome: RequestOutcome = {
          determination,
          respondedOn: on,
          records: outcomes,
          appealBy: appealDeadline(request.kind, determination, on),
          ...(command.note ? { note: command.note } : {}),
        };
        await this.finish(tx, request, 'answered', outcome, actor);
        return;
      }
      case 'CLOSE': {
        await this.passOn(
          tx,
          open,
          { type: 'CLOSE', reason: `Request ${request.number} closed: ${command.reason}` },
          actor,
        );
        const outcome: RequestOutcome = {
          determination: command.reason,
          respondedOn: on,
          records: [],
          appealBy: appealDeadline(request.kind, command.reason, on),
          ...(command.note ? { note: command.note } : {}),
        };
        await this.finish(tx, request, 'closed', outcome, actor);
        return;
      }
    }
  }

  private async finish(
    tx: Transaction,
    request: RequestRow,
    state: 'answered' | 'closed',
    answer: RequestOutcome,
    actor: Actor,
  ) {
    const appealed = request.appealOf ? await this.requests.find(request.appealOf) : null;
    // An appeal's answer says what it decided against the determination appealed.
    const decided =
      appealed && state === 'answered'
        ? (appealOutcome(appealed.outcome?.records ?? [], answer.records) ?? undefined)
        : undefined;
    const outcome: RequestOutcome = { ...answer, ...(decided ? { appealOutcome: decided } : {}) };
    await this.requests.update(request.id, { ...request, state, outcome }, tx);
    await this.ledger.record(
      tx,
      request,
      actor,
      state === 'answered' ? 'REQUEST_ANSWERED' : 'REQUEST_CLOSED',
      'open',
      state,
      {
        determination: outcome.determination,
        appealBy: outcome.appealBy,
        records: countBy(outcome.records.map((r) => r.determination ?? 'CLOSED')),
        ...(decided ? { appealOutcome: decided } : {}),
      },
    );
    await this.ledger.issue(
      tx,
      request,
      actor,
      'FINAL_RESPONSE',
      finalResponse(this.ledger.letterContext(request, appealed), outcome, decided),
    );
  }

  /** The request's event, as each of its open reviews takes it, in the request's transaction. */
  private async passOn(
    tx: Transaction,
    open: RequestRecordRow[],
    command: ReviewCommand,
    actor: Actor,
  ) {
    for (const r of open) await this.reviews.applyForRequest(tx, r.reviewId, command, actor);
  }

  private dueAt(dueOn: string | null): Date | null {
    return dueOn ? new Date(endOfDay(dueOn, this.clock.timeZone)) : null;
  }
}
