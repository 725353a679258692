import { randomUUID } from 'node:crypto';
import { addCalendarDays, addWorkingDays } from '../../src/deadlines/domain/working-days';
import { fromDayNumber, toDayNumber } from '../../src/kernel/calendar-date';
import { fiscalYearBounds, type ReportRequest } from '../../src/requests/domain/annual-report';
import type { FinalDetermination } from '../../src/requests/domain/request.types';
import { TRACKS } from '../../src/requests/domain/request.types';

/** One generated request, as the report reads it and as the table holds it. */
export interface GeneratedRequest extends ReportRequest {
  id: string;
  appealOf: string | null;
  /** Working days it ran, by construction: from receipt to response, tolled days left out. */
  ran: number | null;
}

const FOIA_ENDINGS: FinalDetermination[] = [
  'GRANTED_IN_FULL',
  'GRANTED_IN_PART',
  'DENIED_IN_FULL',
  'NO_RECORDS',
  'WITHDRAWN',
  'GLOMAR',
];

/**
 * A fiscal year of requests whose figures are known by construction: request i's kind, track,
 * day of receipt, working days to answer (tolls added on top), determination and exemptions each
 * follow from i. Some arrive in the weeks before the year (pending at its start) and some after
 * (not the year's); one in seven is never answered.
 */
export function requestYear(fiscalYear: number, count: number): GeneratedRequest[] {
  const { from } = fiscalYearBounds(fiscalYear);
  const first = toDayNumber(from) - 30;
  const rows: GeneratedRequest[] = [];
  let lastFoia: GeneratedRequest | null = null;
  let lastMdr: GeneratedRequest | null = null;
  for (let i = 0; i < count; i++) {
    const appealed = i % 13 === 0 ? lastFoia : i % 17 === 0 ? lastMdr : null;
    const kind = appealed ? 'APPEAL' : i % 9 === 1 ? 'MDR' : 'FOIA';
    const receivedOn = fromDayNumber(first + (i % 400));
    const track = kind === 'FOIA' ? TRACKS[i % 3]! : 'simple';
    const answered = i % 7 !== 0;
    const ran = answered ? i % 25 : null;
    const tolled = answered && i % 11 === 0 ? 3 : 0;
    const adjustments =
      tolled > 0
        ? [
            {
              type: 'TOLL' as const,
              on: addWorkingDays(receivedOn, 1).dueDate,
              reason: 'fees',
              basis: 'FEES' as const,
            },
            { type: 'RESUME' as const, on: addWorkingDays(receivedOn, 1 + tolled).dueDate },
          ]
        : [];
    const respondedOn = ran === null ? null : addWorkingDays(receivedOn, ran + tolled).dueDate;
    const ending = answered
      ? kind === 'FOIA'
        ? FOIA_ENDINGS[i % FOIA_ENDINGS.length]!
        : (['GRANTED_IN_FULL', 'GRANTED_IN_PART', 'DENIED_IN_FULL'] as const)[i % 3]!
      : null;
    const records =
      ending === 'GRANTED_IN_FULL'
        ? [{ determination: 'RELEASE_IN_FULL' as const, exemptions: [] }]
        : ending === 'GRANTED_IN_PART'
          ? [
              { determination: 'RELEASE_IN_FULL' as const, exemptions: [] },
              {
                determination: 'RELEASE_IN_PART' as const,
                exemptions: i % 2 ? ['b(6)', 'b(3) 50 U.S.C. 3024(i)'] : ['b(6)'],
              },
            ]
          : ending === 'DENIED_IN_FULL'
            ? [{ determination: 'DENY_IN_FULL' as const, exemptions: ['b(1) 1.4(c)', 'b(6)'] }]
            : [];
    const expedite =
      track === 'expedited'
        ? {
            requestedOn: receivedOn,
            // Decided within 14 days of receipt, and never after the answer.
            decidedOn:
              i % 4 === 0
                ? null
                : [
                    addCalendarDays(receivedOn, i % 15).dueDate,
                    respondedOn ?? '9999-12-31',
                  ].sort()[0]!,
            granted: i % 4 === 0 ? null : i % 2 === 0,
          }
        : null;
    const row: GeneratedRequest = {
      id: randomUUID(),
      number: `${kind[0]}-${fiscalYear}-${String(i + 1).padStart(5, '0')}`,
      kind,
      appealOf: appealed?.id ?? null,
      appealOfKind: appealed ? (appealed.kind as 'FOIA' | 'MDR') : null,
      track,
      receivedOn,
      respondedOn,
      determination: ending,
      appealOutcome:
        appealed && answered ? (['AFFIRMED', 'REVERSED', 'PARTLY_GRANTED'] as const)[i % 3]! : null,
      records,
      adjustments,
      expedite,
      feeWaiver: null,
      ran,
    };
    rows.push(row);
    if (kind === 'FOIA') lastFoia = row;
    if (kind === 'MDR') lastMdr = row;
  }
  return rows;
}

/** The INSERT that stores generated requests, in batches, in one round trip each. */
export function requestInserts(rows: GeneratedRequest[], batch = 2000): [string, unknown[]][] {
  const sql = `
    INSERT INTO requests (id, number, kind, state, requester, description, received_on, track, appeal_of,
                          clock, outcome, responded_on, adjudications)
    SELECT r.id, r.number, r.kind, r.state, '{"name": "Generated requester"}', 'Generated request',
           r.received_on, r.track, r.appeal_of, r.clock, r.outcome, r.responded_on, r.adjudications
      FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, number text, kind text, state text, received_on date,
           track text, appeal_of uuid, clock jsonb, outcome jsonb, responded_on date, adjudications jsonb)`;
  const out: [string, unknown[]][] = [];
  for (let at = 0; at < rows.length; at += batch) {
    const json = rows.slice(at, at + batch).map((r) => ({
      id: r.id,
      number: r.number,
      kind: r.kind,
      state: r.respondedOn ? 'answered' : 'open',
      received_on: r.receivedOn,
      track: r.track,
      appeal_of: r.appealOf,
      clock: { receivedOn: r.receivedOn, adjustments: r.adjustments },
      outcome: r.respondedOn && {
        determination: r.determination,
        respondedOn: r.respondedOn,
        records: r.records,
        appealBy: null,
        ...(r.appealOutcome ? { appealOutcome: r.appealOutcome } : {}),
      },
      responded_on: r.respondedOn,
      adjudications: r.expedite ? { expedite: r.expedite } : {},
    }));
    out.push([sql, [JSON.stringify(json)]]);
  }
  return out;
}
