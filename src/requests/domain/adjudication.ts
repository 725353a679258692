import type { IsoDate } from '../../kernel/calendar-date';
import type { Adjudications, RequestKind } from './request.types';

/** The asks decided apart from the records, by the name of their request event, with the letter each decision sends. */
export const ADJUDICATED = {
  DECIDE_EXPEDITE: { ask: 'expedite', letter: 'EXPEDITE_DECISION' },
  DECIDE_FEE_WAIVER: { ask: 'feeWaiver', letter: 'FEE_WAIVER_DECISION' },
} as const;
export type AdjudicationEvent = keyof typeof ADJUDICATED;

const ASKED: Record<AdjudicationEvent, string> = {
  DECIDE_EXPEDITE: 'expedited processing',
  DECIDE_FEE_WAIVER: 'a fee waiver',
};

/** What a request asks besides its records when it opens: FOIA alone expedites and waives fees. */
export function openingAdjudications(
  kind: RequestKind,
  receivedOn: IsoDate,
  asks: { expedite: boolean; feeWaiver: boolean },
): Adjudications {
  if (kind !== 'FOIA') return {};
  const asked = { requestedOn: receivedOn, decidedOn: null, granted: null };
  return {
    ...(asks.expedite ? { expedite: asked } : {}),
    ...(asks.feeWaiver ? { feeWaiver: { ...asked } } : {}),
  };
}

/** Why the ask cannot be decided now, or null when it can. */
export function adjudicationRefusal(
  adjudications: Adjudications,
  event: AdjudicationEvent,
  number: string,
): string | null {
  const ask = adjudications[ADJUDICATED[event].ask];
  if (!ask) return `${number} did not ask for ${ASKED[event]}; there is nothing to decide`;
  if (ask.granted !== null) {
    return `${number}'s ask for ${ASKED[event]} was already ${ask.granted ? 'granted' : 'denied'} on ${ask.decidedOn}`;
  }
  return null;
}

export function withDecision(
  adjudications: Adjudications,
  event: AdjudicationEvent,
  granted: boolean,
  on: IsoDate,
): Adjudications {
  const key = ADJUDICATED[event].ask;
  return { ...adjudications, [key]: { ...adjudications[key]!, decidedOn: on, granted } };
}
