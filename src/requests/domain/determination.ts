import { fromDayNumber, toDayNumber, type IsoDate } from '../../kernel/calendar-date';
import type {
  ClosingReason,
  FinalDetermination,
  RecordOutcome,
  RequestKind,
} from './request.types';

/**
 * The answer to a request from the determinations on its records: granted in full when every
 * record is released in full, denied in full when every record is withheld, granted in part
 * otherwise. Records whose review was closed without a determination do not count; a request
 * with none left has no determination on records and is closed with a reason instead.
 */
export function combinedDetermination(
  records: readonly RecordOutcome[],
): FinalDetermination | null {
  const decided = records.filter((r) => r.determination !== null);
  if (decided.length === 0) return null;
  if (decided.every((r) => r.determination === 'RELEASE_IN_FULL')) return 'GRANTED_IN_FULL';
  if (decided.every((r) => r.determination === 'DENY_IN_FULL')) return 'DENIED_IN_FULL';
  return 'GRANTED_IN_PART';
}

/**
 * Whether an answer is adverse, and so may be appealed: anything short of a grant in full, a
 * "no records" answer, a search or fee decision, a Glomar answer (5 U.S.C. 552(a)(6)(A)(i)(III);
 * E.O. 13526 §3.5(d)). A withdrawn or duplicate request decided nothing, and a referral leaves the
 * answer to the agency it went to.
 */
export function isAdverse(determination: FinalDetermination): boolean {
  const notAdverse: (FinalDetermination | ClosingReason)[] = [
    'GRANTED_IN_FULL',
    'WITHDRAWN',
    'DUPLICATE',
    'REFERRED',
  ];
  return !notAdverse.includes(determination);
}

/**
 * Calendar days a requester has to appeal, counted from the date of the response: FOIA at least
 * 90 (5 U.S.C. 552(a)(6)(A)(i)(III)(aa)), MDR 60 (32 CFR 2001.33(a)(3)).
 */
export const APPEAL_WINDOW_DAYS: Record<Exclude<RequestKind, 'APPEAL'>, number> = {
  FOIA: 90,
  MDR: 60,
};

/** The last day an appeal of this answer may be received; null when there is nothing to appeal. */
export function appealDeadline(
  kind: RequestKind,
  determination: FinalDetermination,
  respondedOn: IsoDate,
): IsoDate | null {
  if (kind === 'APPEAL' || !isAdverse(determination)) return null;
  return fromDayNumber(toDayNumber(respondedOn) + APPEAL_WINDOW_DAYS[kind]);
}

export interface AppealableRequest {
  number: string;
  kind: RequestKind;
  state: 'open' | 'answered' | 'closed';
  outcome: {
    determination: FinalDetermination;
    respondedOn: IsoDate;
    appealBy: IsoDate | null;
  } | null;
}

/**
 * Why an appeal received on `receivedOn` cannot be taken, in words for the requester's file; null
 * when it can.
 */
export function appealRefusal(request: AppealableRequest, receivedOn: IsoDate): string | null {
  if (request.kind === 'APPEAL') {
    return `${request.number} is itself an appeal: the agency's decision on it is final; what comes next is judicial review (FOIA) or the Interagency Security Classification Appeals Panel (MDR)`;
  }
  const outcome = request.outcome;
  if (request.state === 'open' || !outcome) {
    return `${request.number} has no final response yet: an appeal is of a determination, once it is sent`;
  }
  if (!outcome.appealBy) {
    return `${request.number} was answered ${outcome.determination}: nothing adverse was decided, so there is nothing to appeal`;
  }
  if (receivedOn < outcome.respondedOn) {
    return `The appeal is dated ${receivedOn}, before the response it appeals (${outcome.respondedOn})`;
  }
  if (receivedOn > outcome.appealBy) {
    const days = APPEAL_WINDOW_DAYS[request.kind];
    return `The appeal arrived ${receivedOn}, after the last day to appeal ${request.number} (${outcome.appealBy}: ${days} days from the response of ${outcome.respondedOn})`;
  }
  return null;
}

export const APPEAL_OUTCOMES = ['AFFIRMED', 'REVERSED', 'PARTLY_GRANTED', 'REMANDED'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

const RELEASED_SHARE = { DENY_IN_FULL: 0, RELEASE_IN_PART: 1, RELEASE_IN_FULL: 2 } as const;

/**
 * What an appeal decided, record by record against the determination appealed: reversed when
 * every appealed record is now released in full, affirmed when none is released more than before,
 * partly granted otherwise.
 */
export function appealOutcome(
  appealed: readonly RecordOutcome[],
  decided: readonly RecordOutcome[],
): AppealOutcome | null {
  const pairs = decided
    .filter((d) => d.determination !== null)
    .map((d) => ({ now: d, before: appealed.find((a) => a.documentId === d.documentId) }));
  if (pairs.length === 0) return null;
  if (pairs.every((p) => p.now.determination === 'RELEASE_IN_FULL')) return 'REVERSED';
  const moreReleased = pairs.some(
    (p) =>
      p.before?.determination &&
      RELEASED_SHARE[p.now.determination!] > RELEASED_SHARE[p.before.determination],
  );
  return moreReleased ? 'PARTLY_GRANTED' : 'AFFIRMED';
}
