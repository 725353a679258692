import { toDayNumber, type IsoDate } from '../../kernel/calendar-date';
import { workingDaysBetween } from '../../deadlines/domain/working-days';
import type { ClockAdjustmentRecord } from '../../review/domain';
import type {
  Adjudication,
  ClosingReason,
  FinalDetermination,
  RecordOutcome,
  RequestKind,
  Track,
} from './request.types';
import { TRACKS } from './request.types';

/** What the annual report needs to know of one request. */
export interface ReportRequest {
  number: string;
  kind: RequestKind;
  /** For an appeal, the kind of request appealed. */
  appealOfKind: 'FOIA' | 'MDR' | null;
  track: Track;
  receivedOn: IsoDate;
  /** The day the final response or closing went out; null while the request is pending. */
  respondedOn: IsoDate | null;
  determination: FinalDetermination | null;
  appealOutcome: string | null;
  records: Pick<RecordOutcome, 'determination' | 'exemptions'>[];
  adjustments: ClockAdjustmentRecord[];
  expedite: Adjudication | null;
  feeWaiver: Adjudication | null;
}

export interface DaysSummary {
  count: number;
  median: number | null;
  average: number | null;
  lowest: number | null;
  highest: number | null;
}

export interface Pending {
  number: string;
  receivedOn: IsoDate;
  /** Working days from receipt to the last day of the fiscal year, less the days tolled. */
  workingDaysPending: number;
}

export interface Flow {
  pendingAtStart: number;
  received: number;
  processed: number;
  pendingAtEnd: number;
}

/** The reasons other than exemptions for which a request is closed in full, as the report names them. */
export type OtherReason = Exclude<ClosingReason, 'GLOMAR'>;

export interface FoiaAnnualReport {
  fiscalYear: number;
  from: IsoDate;
  to: IsoDate;
  /** Received, processed and pending FOIA requests; `pendingAtStart + received - processed = pendingAtEnd`. */
  requests: Flow;
  /** How the requests processed in the year ended; each request is counted once. */
  dispositions: {
    grantedInFull: number;
    grantedInPart: number;
    /** Denied in full on exemptions, counting the Glomar answers, which rest on one. */
    deniedInFull: number;
    glomar: number;
    otherReasons: Record<OtherReason, number>;
    total: number;
  };
  /** Processed requests citing each exemption; an exemption counts once per request. */
  exemptions: Record<string, number>;
  /** The statutes b(3) was cited under, each with the requests citing it. */
  exemption3Statutes: { statute: string; requests: number }[];
  /** Working days from receipt to response, less the days tolled, per track. */
  responseTimes: Record<Track, DaysSummary>;
  pendingByTrack: Record<Track, number>;
  tenOldestPending: Pending[];
  appeals: {
    flow: Flow;
    outcomes: {
      affirmed: number;
      partlyGranted: number;
      reversed: number;
      remanded: number;
      closedOtherwise: number;
    };
    responseTimes: DaysSummary;
    tenOldestPending: Pending[];
  };
  /** Requests to expedite decided in the year, and in how many calendar days. */
  expedite: {
    granted: number;
    denied: number;
    medianDaysToDecide: number | null;
    averageDaysToDecide: number | null;
    decidedWithinTenDays: number;
  };
  feeWaivers: {
    granted: number;
    denied: number;
    medianDaysToDecide: number | null;
    averageDaysToDecide: number | null;
  };
  /** The ISOO figures for mandatory declassification review, in documents. */
  mdr: {
    requests: Flow;
    appeals: Flow;
    documents: { declassifiedInFull: number; declassifiedInPart: number; denied: number };
    appealDocuments: { declassifiedInFull: number; declassifiedInPart: number; denied: number };
  };
}

const OTHER_REASONS: OtherReason[] = [
  'NO_RECORDS',
  'REFERRED',
  'WITHDRAWN',
  'FEE_RELATED',
  'NOT_REASONABLY_DESCRIBED',
  'DUPLICATE',
];

/** The first and last day of a federal fiscal year: 1 October of the year before to 30 September. */
export function fiscalYearBounds(fiscalYear: number): { from: IsoDate; to: IsoDate } {
  return { from: `${fiscalYear - 1}-10-01`, to: `${fiscalYear}-09-30` };
}

const within = (day: IsoDate | null, from: IsoDate, to: IsoDate) =>
  day !== null && day >= from && day <= to;

/** Received by the end of `day` and not yet answered then. */
const pendingOn = (r: ReportRequest, day: IsoDate) =>
  r.receivedOn <= day && (r.respondedOn === null || r.respondedOn > day);

function flowOf(requests: ReportRequest[], from: IsoDate, to: IsoDate): Flow {
  let pendingAtStart = 0;
  let received = 0;
  let processed = 0;
  let pendingAtEnd = 0;
  for (const r of requests) {
    if (r.receivedOn < from && (r.respondedOn === null || r.respondedOn >= from)) pendingAtStart++;
    if (within(r.receivedOn, from, to)) received++;
    if (within(r.respondedOn, from, to)) processed++;
    if (pendingOn(r, to)) pendingAtEnd++;
  }
  return { pendingAtStart, received, processed, pendingAtEnd };
}

/** Working days tolled up to `until`: each TOLL to its RESUME, or to `until` when still tolled. */
export function tolledWorkingDays(adjustments: ClockAdjustmentRecord[], until: IsoDate): number {
  let days = 0;
  let tolledOn: IsoDate | null = null;
  for (const a of adjustments) {
    if (a.on > until) break;
    if (a.type === 'TOLL' && tolledOn === null) tolledOn = a.on;
    if (a.type === 'RESUME' && tolledOn !== null) {
      days += workingDaysBetween(tolledOn, a.on);
      tolledOn = null;
    }
  }
  if (tolledOn !== null) days += workingDaysBetween(tolledOn, until);
  return days;
}

/** Working days a request has run by `until`: from the day after receipt, tolled days left out. */
export function workingDaysRun(r: ReportRequest, until: IsoDate): number {
  return Math.max(
    0,
    workingDaysBetween(r.receivedOn, until) - tolledWorkingDays(r.adjustments, until),
  );
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function summarizeDays(days: number[]): DaysSummary {
  if (days.length === 0) {
    return { count: 0, median: null, average: null, lowest: null, highest: null };
  }
  const sorted = [...days].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    count: sorted.length,
    median,
    average: round2(sorted.reduce((s, d) => s + d, 0) / sorted.length),
    lowest: sorted[0]!,
    highest: sorted.at(-1)!,
  };
}

function tenOldest(requests: ReportRequest[], to: IsoDate): Pending[] {
  return requests
    .filter((r) => pendingOn(r, to))
    .sort((a, b) => a.receivedOn.localeCompare(b.receivedOn) || a.number.localeCompare(b.number))
    .slice(0, 10)
    .map((r) => ({
      number: r.number,
      receivedOn: r.receivedOn,
      workingDaysPending: workingDaysRun(r, to),
    }));
}

/** The code of a cited exemption as printed on a record (`b(3) 50 U.S.C. 3024(i)` → `b(3)`). */
const codeOf = (cited: string) => cited.split(/[ ,]/, 1)[0]!;

function adjudications(
  decisions: (Adjudication | null)[],
  from: IsoDate,
  to: IsoDate,
): { granted: number; denied: number; days: number[] } {
  let granted = 0;
  let denied = 0;
  const days: number[] = [];
  for (const a of decisions) {
    if (!a || a.granted === null || !within(a.decidedOn, from, to)) continue;
    if (a.granted) granted++;
    else denied++;
    days.push(toDayNumber(a.decidedOn!) - toDayNumber(a.requestedOn));
  }
  return { granted, denied, days };
}

function documentsOf(requests: ReportRequest[]) {
  const documents = { declassifiedInFull: 0, declassifiedInPart: 0, denied: 0 };
  for (const r of requests) {
    for (const record of r.records) {
      if (record.determination === 'RELEASE_IN_FULL') documents.declassifiedInFull++;
      else if (record.determination === 'RELEASE_IN_PART') documents.declassifiedInPart++;
      else if (record.determination === 'DENY_IN_FULL') documents.denied++;
    }
  }
  return documents;
}

/**
 * The annual FOIA report of a fiscal year in the sections the Department of Justice asks of every
 * agency (5 U.S.C. 552(e)), with the figures ISOO asks for mandatory declassification review.
 * `requests` must hold every request received by the year's end and not answered before it began;
 * any other request is ignored.
 */
export function foiaAnnualReport(fiscalYear: number, requests: ReportRequest[]): FoiaAnnualReport {
  const { from, to } = fiscalYearBounds(fiscalYear);
  const foia = requests.filter((r) => r.kind === 'FOIA');
  const foiaAppeals = requests.filter((r) => r.kind === 'APPEAL' && r.appealOfKind === 'FOIA');
  const mdr = requests.filter((r) => r.kind === 'MDR');
  const mdrAppeals = requests.filter((r) => r.kind === 'APPEAL' && r.appealOfKind === 'MDR');
  const processedIn = (rs: ReportRequest[]) => rs.filter((r) => within(r.respondedOn, from, to));
  const processed = processedIn(foia);

  const otherReasons = Object.fromEntries(OTHER_REASONS.map((k) => [k, 0])) as Record<
    OtherReason,
    number
  >;
  const dispositions = { grantedInFull: 0, grantedInPart: 0, deniedInFull: 0, glomar: 0 };
  const exemptions: Record<string, number> = {};
  const statutes = new Map<string, number>();
  for (const r of processed) {
    const d = r.determination!;
    if (d === 'GRANTED_IN_FULL') dispositions.grantedInFull++;
    else if (d === 'GRANTED_IN_PART') dispositions.grantedInPart++;
    else if (d === 'DENIED_IN_FULL') dispositions.deniedInFull++;
    else if (d === 'GLOMAR') {
      dispositions.deniedInFull++;
      dispositions.glomar++;
    } else otherReasons[d]++;
    const cited = new Set(r.records.flatMap((x) => x.exemptions));
    for (const code of new Set([...cited].map(codeOf).filter((c) => c.startsWith('b(')))) {
      exemptions[code] = (exemptions[code] ?? 0) + 1;
    }
    for (const statute of new Set(
      [...cited].filter((c) => codeOf(c) === 'b(3)').map((c) => c.slice(5)),
    )) {
      statutes.set(statute, (statutes.get(statute) ?? 0) + 1);
    }
  }

  const responseTimes = Object.fromEntries(
    TRACKS.map((track) => [
      track,
      summarizeDays(
        processed.filter((r) => r.track === track).map((r) => workingDaysRun(r, r.respondedOn!)),
      ),
    ]),
  ) as Record<Track, DaysSummary>;
  const pendingAtEnd = foia.filter((r) => pendingOn(r, to));
  const pendingByTrack = Object.fromEntries(
    TRACKS.map((track) => [track, pendingAtEnd.filter((r) => r.track === track).length]),
  ) as Record<Track, number>;

  const appealsProcessed = processedIn(foiaAppeals);
  const outcomes = { affirmed: 0, partlyGranted: 0, reversed: 0, remanded: 0, closedOtherwise: 0 };
  for (const a of appealsProcessed) {
    if (a.appealOutcome === 'AFFIRMED') outcomes.affirmed++;
    else if (a.appealOutcome === 'PARTLY_GRANTED') outcomes.partlyGranted++;
    else if (a.appealOutcome === 'REVERSED') outcomes.reversed++;
    else if (a.appealOutcome === 'REMANDED') outcomes.remanded++;
    else outcomes.closedOtherwise++;
  }

  const expedite = adjudications(
    foia.map((r) => r.expedite),
    from,
    to,
  );
  const expediteDays = summarizeDays(expedite.days);
  const waivers = adjudications(
    foia.map((r) => r.feeWaiver),
    from,
    to,
  );
  const waiverDays = summarizeDays(waivers.days);

  return {
    fiscalYear,
    from,
    to,
    requests: flowOf(foia, from, to),
    dispositions: { ...dispositions, otherReasons, total: processed.length },
    exemptions: Object.fromEntries(
      Object.entries(exemptions).sort(([a], [b]) => a.localeCompare(b)),
    ),
    exemption3Statutes: [...statutes]
      .map(([statute, n]) => ({ statute, requests: n }))
      .sort((a, b) => b.requests - a.requests || a.statute.localeCompare(b.statute)),
    responseTimes,
    pendingByTrack,
    tenOldestPending: tenOldest(foia, to),
    appeals: {
      flow: flowOf(foiaAppeals, from, to),
      outcomes,
      responseTimes: summarizeDays(appealsProcessed.map((r) => workingDaysRun(r, r.respondedOn!))),
      tenOldestPending: tenOldest(foiaAppeals, to),
    },
    expedite: {
      granted: expedite.granted,
      denied: expedite.denied,
      medianDaysToDecide: expediteDays.median,
      averageDaysToDecide: expediteDays.average,
      decidedWithinTenDays: expedite.days.filter((d) => d <= 10).length,
    },
    feeWaivers: {
      granted: waivers.granted,
      denied: waivers.denied,
      medianDaysToDecide: waiverDays.median,
      averageDaysToDecide: waiverDays.average,
    },
    mdr: {
      requests: flowOf(mdr, from, to),
      appeals: flowOf(mdrAppeals, from, to),
      documents: documentsOf(processedIn(mdr)),
      appealDocuments: documentsOf(processedIn(mdrAppeals)),
    },
  };
}
