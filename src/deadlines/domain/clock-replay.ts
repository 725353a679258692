/**
 * Clock replay: a review's statutory clock recomputed from its initial due date through every
 * recorded adjustment (TOLL, RESUME, EXTEND, SET_DUE_DATE), with one line of explanation per rule
 * applied, or the first adjustment the law refuses and why.
 */
import { fromDayNumber, isIsoDate, toDayNumber, type IsoDate } from '../../kernel/calendar-date';
import { addWorkingDays, workingDaysBetween, type SkippedDay } from './working-days';
import {
  FOIA_EXTENSION_WORKING_DAYS,
  initialDueDate,
  type InitialDueDateInput,
  type Refusal,
  type ReviewKind,
} from './clocks';

/**
 * Why a FOIA clock is stopped. The statute allows one toll to obtain information from the
 * requester, and as many as needed to clarify fees (5 U.S.C. 552(a)(6)(A)(ii)(I)–(II)).
 */
export type TollBasis = 'INFORMATION' | 'FEES';

/**
 * A recorded change to a clock, in the order it happened. Each is dated with the day it took
 * effect: the day the agency asked the requester (TOLL), the day the requester's answer arrived
 * (RESUME), the day the extension notice went out (EXTEND).
 */
export type ClockAdjustment =
  | {
      readonly type: 'TOLL';
      readonly on: IsoDate;
      readonly reason: string;
      readonly basis: TollBasis;
    }
  | { readonly type: 'RESUME'; readonly on: IsoDate }
  | { readonly type: 'EXTEND'; readonly on: IsoDate; readonly reason: string }
  | {
      readonly type: 'SET_DUE_DATE';
      readonly on: IsoDate;
      readonly dueDate: IsoDate;
      readonly reason?: string;
    };

export interface ClockInput extends InitialDueDateInput {
  readonly adjustments: readonly ClockAdjustment[];
}

export interface Clock {
  readonly ok: true;
  /** Null while the clock is tolled, or when no deadline applies. */
  readonly dueDate: IsoDate | null;
  readonly tolled: boolean;
  /** While tolled: the working days that will remain when the clock resumes. */
  readonly remainingWorkingDays: number | null;
  readonly informationTollUsed: boolean;
  readonly extensionUsed: boolean;
  /** One line per rule applied, in order: the initial rule, then each adjustment. */
  readonly explanation: readonly string[];
  /** The weekend days and holidays passed over while counting towards `dueDate`. */
  readonly skipped: readonly SkippedDay[];
}

export type ClockRefusalCode =
  | 'TOLL_ALREADY_USED'
  | 'EXTENSION_ALREADY_USED'
  | 'NOT_TOLLED'
  | 'ALREADY_TOLLED'
  | 'NOT_APPLICABLE'
  | 'PAST_DUE'
  | 'REASON_REQUIRED'
  | 'OUT_OF_ORDER'
  | 'INVALID_DATE';

export interface ClockRefusal extends Refusal<ClockRefusalCode> {
  /** The position of the refused adjustment in `adjustments`; null when the input itself is bad. */
  readonly adjustmentIndex: number | null;
}

export type ClockResult = Clock | ClockRefusal;

interface ClockState {
  dueDate: IsoDate | null;
  /** The first day number that counts towards the due date (the day after receipt or resume). */
  countsFrom: number;
  toll: { since: IsoDate; remaining: number } | null;
  informationTollOn: IsoDate | null;
  extensionOn: IsoDate | null;
  explanation: string[];
  skipped: SkippedDay[];
}

/**
 * Replays a review's clock from its start through every adjustment and returns the due date and
 * its explanation, or the first refusal. To check a new adjustment, replay the recorded ones plus
 * the new one: a refusal whose `adjustmentIndex` is the new one's position means it is refused.
 * A refusal at an earlier index means the recorded history itself no longer replays (a rule or
 * the holiday table changed since it was recorded) and needs a person's attention.
 *
 * FOIA tolling: the clock does not run from the day it is tolled through the day the requester's
 * answer arrives. Working days used before the toll are kept; the rest count again from the
 * working day after RESUME, just as the first 20 count from the day after receipt.
 *
 * @throws RangeError only for a delay outside 0–5 years (see `automaticDeclassificationDate`).
 */
export function computeClock(input: ClockInput): ClockResult {
  const badInput = checkInputDates(input);
  if (badInput) return badInput;

  const initial = initialDueDate(input);
  const state: ClockState = {
    dueDate: initial.dueDate,
    countsFrom: toDayNumber(input.receivedOn) + 1,
    toll: null,
    informationTollOn: null,
    extensionOn: null,
    explanation: [
      `${initial.rule}. ${isRequest(input.kind) ? 'Received' : 'Opened'} ${input.receivedOn}; ${
        initial.dueDate === null ? 'no due date' : `due ${initial.dueDate}`
      }.`,
    ],
    skipped: [...initial.skipped],
  };

  let previousOn = input.receivedOn;
  for (const [index, adjustment] of input.adjustments.entries()) {
    const refuse = (code: ClockRefusalCode, message: string): ClockRefusal => ({
      ok: false,
      code,
      message,
      adjustmentIndex: index,
    });
    if (!isIsoDate(adjustment.on)) {
      return refuse(
        'INVALID_DATE',
        `${adjustment.type} is dated "${adjustment.on}", which is not a date written YYYY-MM-DD.`,
      );
    }
    if (adjustment.on < previousOn) {
      return refuse(
        'OUT_OF_ORDER',
        index === 0
          ? `${adjustment.type} is dated ${adjustment.on}, before the request was received on ${input.receivedOn}.`
          : `${adjustment.type} is dated ${adjustment.on}, before the previous adjustment (${previousOn}); record adjustments in the order they happened.`,
      );
    }
    previousOn = adjustment.on;

    const refusal = applyAdjustment(state, input, adjustment, refuse);
    if (refusal) return refusal;
  }

  return {
    ok: true,
    dueDate: state.toll ? null : state.dueDate,
    tolled: state.toll !== null,
    remainingWorkingDays: state.toll?.remaining ?? null,
    informationTollUsed: state.informationTollOn !== null,
    extensionUsed: state.extensionOn !== null,
    explanation: state.explanation,
    skipped: state.skipped,
  };
}

type Refuse = (code: ClockRefusalCode, message: string) => ClockRefusal;

function applyAdjustment(
  state: ClockState,
  input: ClockInput,
  adjustment: ClockAdjustment,
  refuse: Refuse,
): ClockRefusal | undefined {
  switch (adjustment.type) {
    case 'TOLL':
      return toll(state, input, adjustment, refuse);
    case 'RESUME':
      return resume(state, input, adjustment, refuse);
    case 'EXTEND':
      return extend(state, input, adjustment, refuse);
    case 'SET_DUE_DATE':
      return setDueDate(state, adjustment, refuse);
  }
}

function toll(
  state: ClockState,
  input: ClockInput,
  adjustment: Extract<ClockAdjustment, { type: 'TOLL' }>,
  refuse: Refuse,
): ClockRefusal | undefined {
  if (input.kind !== 'FOIA') {
    return refuse(
      'NOT_APPLICABLE',
      `Only a FOIA request's 20 working days can be tolled (5 U.S.C. 552(a)(6)(A)(ii)); a ${describeKind(input)} clock cannot be stopped.`,
    );
  }
  if (state.toll) {
    return refuse(
      'ALREADY_TOLLED',
      `The clock has been stopped since ${state.toll.since}; record the requester's answer (RESUME) before tolling it again.`,
    );
  }
  if (adjustment.basis === 'INFORMATION' && state.informationTollOn !== null) {
    return refuse(
      'TOLL_ALREADY_USED',
      `The clock was already tolled on ${state.informationTollOn} to ask the requester for information, and FOIA allows that only once (5 U.S.C. 552(a)(6)(A)(ii)(I)). Tolling to clarify fees is still possible.`,
    );
  }
  if (state.dueDate === null) {
    return refuse('NOT_APPLICABLE', 'This clock has no due date, so there is nothing to stop.');
  }
  if (adjustment.on > state.dueDate) {
    return refuse(
      'PAST_DUE',
      `The response was due on ${state.dueDate}; a clock cannot be tolled after it has run out.`,
    );
  }
  const from = Math.max(toDayNumber(adjustment.on), state.countsFrom);
  // The toll day itself no longer counts: working days from it through the due date remain.
  const remaining = workingDaysBetween(fromDayNumber(from - 1), state.dueDate);
  state.toll = { since: adjustment.on, remaining };
  state.skipped = state.skipped.filter((day) => day.date < adjustment.on);
  if (adjustment.basis === 'INFORMATION') state.informationTollOn = adjustment.on;
  const why =
    adjustment.basis === 'INFORMATION'
      ? 'to await information requested from the requester (5 U.S.C. 552(a)(6)(A)(ii)(I))'
      : "to await the requester's answer on fees (5 U.S.C. 552(a)(6)(A)(ii)(II))";
  state.explanation.push(
    `Tolled on ${adjustment.on} ${why}: ${plural(remaining, 'working day')} remain${remaining === 1 ? 's' : ''}. Reason: ${adjustment.reason}`,
  );
  return undefined;
}

function resume(
  state: ClockState,
  input: ClockInput,
  adjustment: Extract<ClockAdjustment, { type: 'RESUME' }>,
  refuse: Refuse,
): ClockRefusal | undefined {
  if (input.kind !== 'FOIA') {
    return refuse(
      'NOT_APPLICABLE',
      `Only a FOIA request's clock can be tolled and resumed; a ${describeKind(input)} clock never stops.`,
    );
  }
  if (!state.toll) {
    return refuse(
      'NOT_TOLLED',
      `The clock is running (due ${state.dueDate ?? 'on no date'}); there is no toll to end.`,
    );
  }
  const { remaining } = state.toll;
  const due = addWorkingDays(adjustment.on, remaining);
  state.dueDate = due.dueDate;
  state.countsFrom = toDayNumber(adjustment.on) + 1;
  state.skipped = [...state.skipped, ...due.skipped];
  state.toll = null;
  state.explanation.push(
    `Resumed on ${adjustment.on} when the requester's answer arrived (5 U.S.C. 552(a)(6)(A)(ii)): the remaining ${plural(remaining, 'working day')} count from the next working day; due ${due.dueDate}.`,
  );
  return undefined;
}

function extend(
  state: ClockState,
  input: ClockInput,
  adjustment: Extract<ClockAdjustment, { type: 'EXTEND' }>,
  refuse: Refuse,
): ClockRefusal | undefined {
  const isFoia = input.kind === 'FOIA' || (input.kind === 'APPEAL' && input.appealOf !== 'MDR');
  if (!isFoia) {
    return refuse(
      'NOT_APPLICABLE',
      `Only FOIA requests and FOIA appeals can be extended for unusual circumstances (5 U.S.C. 552(a)(6)(B)(i)); a ${describeKind(input)} clock cannot. Set a due date instead if one was agreed.`,
    );
  }
  if (adjustment.reason.trim() === '') {
    return refuse(
      'REASON_REQUIRED',
      'An extension must name the unusual circumstance that justifies it, for example the need to consult another agency (5 U.S.C. 552(a)(6)(B)(iii)).',
    );
  }
  if (state.extensionOn !== null) {
    return refuse(
      'EXTENSION_ALREADY_USED',
      `The clock was already extended by 10 working days on ${state.extensionOn}; FOIA allows one such extension. A longer delay needs the requester's agreement to another time frame (5 U.S.C. 552(a)(6)(B)(ii)); record it as a new due date.`,
    );
  }
  const source = '(5 U.S.C. 552(a)(6)(B)(i))';
  if (state.toll) {
    state.extensionOn = adjustment.on;
    state.toll.remaining += FOIA_EXTENSION_WORKING_DAYS;
    state.explanation.push(
      `Extended on ${adjustment.on} by 10 working days for unusual circumstances ${source}: ${state.toll.remaining} working days will remain when the clock resumes. Reason: ${adjustment.reason}`,
    );
    return undefined;
  }
  if (state.dueDate === null) {
    return refuse('NOT_APPLICABLE', 'This clock has no due date to extend.');
  }
  if (adjustment.on > state.dueDate) {
    return refuse(
      'PAST_DUE',
      `The response was due on ${state.dueDate}; the extension notice must go out before the time runs out.`,
    );
  }
  const due = addWorkingDays(state.dueDate, FOIA_EXTENSION_WORKING_DAYS);
  state.extensionOn = adjustment.on;
  state.dueDate = due.dueDate;
  state.skipped = [...state.skipped, ...due.skipped];
  state.explanation.push(
    `Extended on ${adjustment.on} by 10 working days for unusual circumstances ${source}: due ${due.dueDate}. Reason: ${adjustment.reason}`,
  );
  return undefined;
}

function setDueDate(
  state: ClockState,
  adjustment: Extract<ClockAdjustment, { type: 'SET_DUE_DATE' }>,
  refuse: Refuse,
): ClockRefusal | undefined {
  if (!isIsoDate(adjustment.dueDate)) {
    return refuse(
      'INVALID_DATE',
      `The new due date "${adjustment.dueDate}" is not a date written YYYY-MM-DD.`,
    );
  }
  if (adjustment.dueDate < adjustment.on) {
    return refuse(
      'INVALID_DATE',
      `The new due date ${adjustment.dueDate} is before the day it was set (${adjustment.on}).`,
    );
  }
  if (state.toll) {
    return refuse(
      'ALREADY_TOLLED',
      `The clock has been stopped since ${state.toll.since}; record the requester's answer (RESUME) before setting a due date.`,
    );
  }
  state.dueDate = adjustment.dueDate;
  state.countsFrom = toDayNumber(adjustment.on) + 1;
  state.skipped = [];
  const reason = adjustment.reason?.trim() ? ` Reason: ${adjustment.reason}` : '';
  state.explanation.push(
    `Due date set on ${adjustment.on} to ${adjustment.dueDate}, replacing the computed date.${reason}`,
  );
  return undefined;
}

function checkInputDates(input: ClockInput): ClockRefusal | undefined {
  const dates: Array<[string, IsoDate | null | undefined]> = [
    ['received date', input.receivedOn],
    ['document date', input.documentDate],
    ["exemption's expiry date", input.exemptionExpiry],
  ];
  for (const [what, value] of dates) {
    if (value !== undefined && value !== null && !isIsoDate(value)) {
      return {
        ok: false,
        code: 'INVALID_DATE',
        message: `The ${what} "${value}" is not a date written YYYY-MM-DD.`,
        adjustmentIndex: null,
      };
    }
  }
  return undefined;
}

function isRequest(kind: ReviewKind): boolean {
  return kind === 'FOIA' || kind === 'MDR' || kind === 'APPEAL';
}

function describeKind(input: ClockInput): string {
  if (input.kind === 'APPEAL') return input.appealOf === 'MDR' ? 'MDR appeal' : 'FOIA appeal';
  return input.kind;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
