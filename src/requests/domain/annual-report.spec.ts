import {
  foiaAnnualReport,
  summarizeDays,
  tolledWorkingDays,
  type ReportRequest,
} from './annual-report';

const request = (over: Partial<ReportRequest>): ReportRequest => ({
  number: 'F-2027-00001',
  kind: 'FOIA',
  appealOfKind: null,
  track: 'simple',
  receivedOn: '2026-11-02',
  respondedOn: null,
  determination: null,
  appealOutcome: null,
  records: [],
  adjustments: [],
  expedite: null,
  feeWaiver: null,
  ...over,
});

const answered = (over: Partial<ReportRequest>) =>
  request({ determination: 'GRANTED_IN_FULL', respondedOn: '2026-11-30', ...over });

describe('the annual FOIA report', () => {
  it('carries requests over the year: pending at start + received - processed = pending at end', () => {
    const report = foiaAnnualReport(2027, [
      request({ number: 'F-2026-00001', receivedOn: '2026-09-01' }), // pending all year
      answered({ number: 'F-2026-00002', receivedOn: '2026-09-02', respondedOn: '2026-10-05' }),
      answered({ number: 'F-2027-00001', receivedOn: '2026-12-01', respondedOn: '2026-12-15' }),
      answered({ number: 'F-2027-00002', receivedOn: '2027-09-30', respondedOn: '2027-10-01' }),
      request({ number: 'F-2028-00001', receivedOn: '2027-10-01' }), // next year's
      answered({ number: 'F-2026-00003', receivedOn: '2026-01-05', respondedOn: '2026-09-30' }), // last year's
    ]);
    expect(report.requests).toEqual({
      pendingAtStart: 2,
      received: 2,
      processed: 2,
      pendingAtEnd: 2,
    });
    expect(report.tenOldestPending.map((p) => p.number)).toEqual(['F-2026-00001', 'F-2027-00002']);
  });

  it('counts each processed request in one disposition, Glomar among the denials on exemptions', () => {
    const report = foiaAnnualReport(2027, [
      answered({ determination: 'GRANTED_IN_FULL' }),
      answered({ determination: 'GRANTED_IN_PART' }),
      answered({ determination: 'DENIED_IN_FULL' }),
      answered({ determination: 'GLOMAR' }),
      answered({ determination: 'NO_RECORDS' }),
      answered({ determination: 'NO_RECORDS' }),
      answered({ determination: 'WITHDRAWN' }),
    ]);
    expect(report.dispositions).toMatchObject({
      grantedInFull: 1,
      grantedInPart: 1,
      deniedInFull: 2,
      glomar: 1,
      total: 7,
    });
    expect(report.dispositions.otherReasons).toMatchObject({
      NO_RECORDS: 2,
      WITHDRAWN: 1,
      DUPLICATE: 0,
    });
  });

  it('counts an exemption once per request and b(3) by its statute', () => {
    const report = foiaAnnualReport(2027, [
      answered({
        determination: 'GRANTED_IN_PART',
        records: [
          { determination: 'RELEASE_IN_PART', exemptions: ['b(1) 1.4(d)', 'b(6)'] },
          { determination: 'DENY_IN_FULL', exemptions: ['b(6)', 'b(3) 50 U.S.C. 3024(i)'] },
        ],
      }),
      answered({
        determination: 'GRANTED_IN_PART',
        records: [
          { determination: 'RELEASE_IN_PART', exemptions: ['b(3) 42 U.S.C. 2162', 'b(7)(C)'] },
        ],
      }),
    ]);
    expect(report.exemptions).toEqual({ 'b(1)': 1, 'b(3)': 2, 'b(6)': 1, 'b(7)(C)': 1 });
    expect(report.exemption3Statutes).toEqual([
      { statute: '42 U.S.C. 2162', requests: 1 },
      { statute: '50 U.S.C. 3024(i)', requests: 1 },
    ]);
  });

  it('times responses in working days per track, leaving out the days tolled', () => {
    const report = foiaAnnualReport(2027, [
      // Mon 2 Nov 2026 to Mon 16 Nov: 10 working days (11 Nov, Veterans Day, does not count; 9 in all).
      answered({ receivedOn: '2026-11-02', respondedOn: '2026-11-16' }),
      // 5 working days, 2 of them tolled.
      answered({
        receivedOn: '2026-12-07',
        respondedOn: '2026-12-14',
        adjustments: [
          { type: 'TOLL', on: '2026-12-08', reason: 'scope', basis: 'INFORMATION' },
          { type: 'RESUME', on: '2026-12-10' },
        ],
      }),
      answered({ track: 'complex', receivedOn: '2026-12-07', respondedOn: '2026-12-08' }),
    ]);
    expect(report.responseTimes.simple).toEqual({
      count: 2,
      median: 6,
      average: 6,
      lowest: 3,
      highest: 9,
    });
    expect(report.responseTimes.complex).toMatchObject({ count: 1, median: 1 });
    expect(report.responseTimes.expedited.count).toBe(0);
  });

  it('counts a toll still running up to the day asked', () => {
    expect(
      tolledWorkingDays(
        [{ type: 'TOLL', on: '2026-12-07', reason: 'fees', basis: 'FEES' }],
        '2026-12-11',
      ),
    ).toBe(4);
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(summarizeDays([4, 1, 3, 10])).toEqual({
      count: 4,
      median: 3.5,
      average: 4.5,
      lowest: 1,
      highest: 10,
    });
  });

  it('reports appeals with their outcomes, and expedite and fee-waiver decisions of the year', () => {
    const report = foiaAnnualReport(2027, [
      answered({
        kind: 'APPEAL',
        appealOfKind: 'FOIA',
        determination: 'GRANTED_IN_PART',
        appealOutcome: 'PARTLY_GRANTED',
      }),
      answered({
        kind: 'APPEAL',
        appealOfKind: 'FOIA',
        determination: 'DENIED_IN_FULL',
        appealOutcome: 'AFFIRMED',
      }),
      request({ kind: 'APPEAL', appealOfKind: 'FOIA', number: 'A-2027-00003' }),
      answered({ kind: 'APPEAL', appealOfKind: 'MDR' }),
      request({
        track: 'expedited',
        expedite: { requestedOn: '2026-11-02', decidedOn: '2026-11-06', granted: true },
        feeWaiver: { requestedOn: '2026-11-02', decidedOn: '2026-11-20', granted: false },
      }),
      request({ expedite: { requestedOn: '2026-11-02', decidedOn: '2026-11-20', granted: false } }),
      request({ expedite: { requestedOn: '2026-11-02', decidedOn: null, granted: null } }),
    ]);
    expect(report.appeals.flow).toEqual({
      pendingAtStart: 0,
      received: 3,
      processed: 2,
      pendingAtEnd: 1,
    });
    expect(report.appeals.outcomes).toMatchObject({ affirmed: 1, partlyGranted: 1, reversed: 0 });
    expect(report.appeals.tenOldestPending.map((p) => p.number)).toEqual(['A-2027-00003']);
    expect(report.expedite).toEqual({
      granted: 1,
      denied: 1,
      medianDaysToDecide: 11,
      averageDaysToDecide: 11,
      decidedWithinTenDays: 1,
    });
    expect(report.feeWaivers).toMatchObject({ granted: 0, denied: 1, medianDaysToDecide: 18 });
    expect(report.mdr.appeals.processed).toBe(1);
  });

  it('gives ISOO the MDR documents declassified in full, in part and denied', () => {
    const report = foiaAnnualReport(2027, [
      answered({
        kind: 'MDR',
        records: [
          { determination: 'RELEASE_IN_FULL', exemptions: [] },
          { determination: 'RELEASE_IN_PART', exemptions: ['1.4(c)'] },
          { determination: 'DENY_IN_FULL', exemptions: ['25X1'] },
          { determination: null, exemptions: [] },
        ],
      }),
      request({ kind: 'MDR' }),
    ]);
    expect(report.mdr.requests).toEqual({
      pendingAtStart: 0,
      received: 2,
      processed: 1,
      pendingAtEnd: 1,
    });
    expect(report.mdr.documents).toEqual({
      declassifiedInFull: 1,
      declassifiedInPart: 1,
      denied: 1,
    });
    expect(report.requests.received).toBe(0);
  });
});
