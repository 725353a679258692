import {
  computeClock,
  type ClockAdjustment,
  type ClockInput,
  type ClockResult,
} from './clock-replay';

// Every expected date below was counted by hand on a calendar; the comments show the count.

const CABLE_1977 = '1977-06-16';

function foia(receivedOn: string, adjustments: ClockAdjustment[]): ClockInput {
  return { kind: 'FOIA', receivedOn, documentDate: CABLE_1977, adjustments };
}

function expectClock(result: ClockResult) {
  if (!result.ok) throw new Error(`expected a clock, got ${result.code}: ${result.message}`);
  return result;
}

function expectRefusal(result: ClockResult) {
  if (result.ok) throw new Error(`expected a refusal, got due ${result.dueDate}`);
  return result;
}

describe(computeClock.name, () => {
  it('without adjustments, is the initial due date with one line of explanation', () => {
    const clock = expectClock(computeClock(foia('2026-11-20', [])));
    expect(clock.dueDate).toBe('2026-12-21');
    expect(clock.tolled).toBe(false);
    expect(clock.explanation).toEqual([
      'FOIA: 20 working days after receipt (5 U.S.C. 552(a)(6)(A)(i)). Received 2026-11-20; due 2026-12-21.',
    ]);
    expect(clock.skipped).toHaveLength(11);
  });

  it('stops while tolled for information and has no due date', () => {
    // Used before the toll on Tue 23 Dec: 16, 17, 18, 19, 22 Dec = 5; 15 remain.
    const clock = expectClock(
      computeClock(
        foia('2025-12-15', [
          { type: 'TOLL', on: '2025-12-23', basis: 'INFORMATION', reason: 'date range unclear' },
        ]),
      ),
    );
    expect(clock).toMatchObject({
      dueDate: null,
      tolled: true,
      remainingWorkingDays: 15,
      informationTollUsed: true,
    });
    expect(clock.skipped).toEqual([
      { date: '2025-12-20', reason: 'Saturday' },
      { date: '2025-12-21', reason: 'Sunday' },
    ]);
  });

  it('resumes an information toll across Christmas, New Year and Martin Luther King Jr. Day', () => {
    // Received Mon 15 Dec 2025; tolled Tue 23 Dec with 15 left; the answer arrives Fri 2 Jan.
    // 5–9 Jan (5), 12–16 Jan (10), 19 Jan MLK Day, 20–23 Jan (14), Mon 26 Jan (15).
    const clock = expectClock(
      computeClock(
        foia('2025-12-15', [
          { type: 'TOLL', on: '2025-12-23', basis: 'INFORMATION', reason: 'date range unclear' },
          { type: 'RESUME', on: '2026-01-02' },
        ]),
      ),
    );
    expect(clock.dueDate).toBe('2026-01-26');
    expect(clock.tolled).toBe(false);
    expect(clock.skipped).toEqual([
      { date: '2025-12-20', reason: 'Saturday' },
      { date: '2025-12-21', reason: 'Sunday' },
      { date: '2026-01-03', reason: 'Saturday' },
      { date: '2026-01-04', reason: 'Sunday' },
      { date: '2026-01-10', reason: 'Saturday' },
      { date: '2026-01-11', reason: 'Sunday' },
      { date: '2026-01-17', reason: 'Saturday' },
      { date: '2026-01-18', reason: 'Sunday' },
      { date: '2026-01-19', reason: 'Birthday of Martin Luther King, Jr.' },
      { date: '2026-01-24', reason: 'Saturday' },
      { date: '2026-01-25', reason: 'Sunday' },
    ]);
    expect(clock.explanation).toEqual([
      'FOIA: 20 working days after receipt (5 U.S.C. 552(a)(6)(A)(i)). Received 2025-12-15; due 2026-01-14.',
      'Tolled on 2025-12-23 to await information requested from the requester (5 U.S.C. 552(a)(6)(A)(ii)(I)): 15 working days remain. Reason: date range unclear',
      "Resumed on 2026-01-02 when the requester's answer arrived (5 U.S.C. 552(a)(6)(A)(ii)): the remaining 15 working days count from the next working day; due 2026-01-26.",
    ]);
  });

  it('tolls for fees, resumes and extends across Thanksgiving, Christmas and New Year', () => {
    // Received Fri 20 Nov 2026. Used before the toll on Tue 1 Dec: 23, 24, 25, 27, 30 Nov = 5.
    // Resumed Fri 4 Dec with 15: 7–11 Dec (5), 14–18 (10), 21–24 (14), 25 Christmas, Mon 28 (15).
    // Extended by 10: 29–31 Dec (3), 1 Jan New Year, 4–8 Jan (8), 11–12 Jan (10) → Tue 12 Jan.
    const clock = expectClock(
      computeClock(
        foia('2026-11-20', [
          { type: 'TOLL', on: '2026-12-01', basis: 'FEES', reason: 'fee category unclear' },
          { type: 'RESUME', on: '2026-12-04' },
          { type: 'EXTEND', on: '2026-12-07', reason: 'consulting the Department of Energy' },
        ]),
      ),
    );
    expect(clock.dueDate).toBe('2027-01-12');
    expect(clock.extensionUsed).toBe(true);
    expect(clock.informationTollUsed).toBe(false);
    expect(clock.skipped).toEqual([
      { date: '2026-11-21', reason: 'Saturday' },
      { date: '2026-11-22', reason: 'Sunday' },
      { date: '2026-11-26', reason: 'Thanksgiving Day' },
      { date: '2026-11-28', reason: 'Saturday' },
      { date: '2026-11-29', reason: 'Sunday' },
      { date: '2026-12-05', reason: 'Saturday' },
      { date: '2026-12-06', reason: 'Sunday' },
      { date: '2026-12-12', reason: 'Saturday' },
      { date: '2026-12-13', reason: 'Sunday' },
      { date: '2026-12-19', reason: 'Saturday' },
      { date: '2026-12-20', reason: 'Sunday' },
      { date: '2026-12-25', reason: 'Christmas Day' },
      { date: '2026-12-26', reason: 'Saturday' },
      { date: '2026-12-27', reason: 'Sunday' },
      { date: '2027-01-01', reason: "New Year's Day" },
      { date: '2027-01-02', reason: 'Saturday' },
      { date: '2027-01-03', reason: 'Sunday' },
      { date: '2027-01-09', reason: 'Saturday' },
      { date: '2027-01-10', reason: 'Sunday' },
    ]);
    expect(clock.explanation).toHaveLength(4);
    expect(clock.explanation[3]).toBe(
      'Extended on 2026-12-07 by 10 working days for unusual circumstances (5 U.S.C. 552(a)(6)(B)(i)): due 2027-01-12. Reason: consulting the Department of Energy',
    );
  });

  it('extends a running clock by 10 working days across Christmas and New Year', () => {
    // Due Mon 21 Dec 2026; 22–24 Dec (3), 25 Christmas, 28–31 Dec (7), 1 Jan, 4–6 Jan (10).
    const clock = expectClock(
      computeClock(
        foia('2026-11-20', [{ type: 'EXTEND', on: '2026-12-10', reason: 'voluminous records' }]),
      ),
    );
    expect(clock.dueDate).toBe('2027-01-06');
    expect(clock.skipped.slice(11)).toEqual([
      { date: '2026-12-25', reason: 'Christmas Day' },
      { date: '2026-12-26', reason: 'Saturday' },
      { date: '2026-12-27', reason: 'Sunday' },
      { date: '2027-01-01', reason: "New Year's Day" },
      { date: '2027-01-02', reason: 'Saturday' },
      { date: '2027-01-03', reason: 'Sunday' },
    ]);
  });

  it('adds an extension granted while tolled to the days that remain', () => {
    // 15 remain at the toll on 1 Dec, 25 after the extension; from Fri 4 Dec, day 25 is Tue 12 Jan.
    const clock = expectClock(
      computeClock(
        foia('2026-11-20', [
          { type: 'TOLL', on: '2026-12-01', basis: 'INFORMATION', reason: 'which embassy?' },
          { type: 'EXTEND', on: '2026-12-02', reason: 'records held at a field office' },
          { type: 'RESUME', on: '2026-12-04' },
        ]),
      ),
    );
    expect(clock.dueDate).toBe('2027-01-12');
  });

  it('allows tolling for fees more than once', () => {
    // Toll Mon 23 Nov before any day counted (20 left); resume Tue 24 Nov → due Wed 23 Dec.
    // Toll Tue 1 Dec after 25, 27, 30 Nov (17 left); resume Wed 2 Dec:
    // 3–4 Dec (2), 7–11 (7), 14–18 (12), 21–24 (16), 25 Christmas, Mon 28 Dec (17).
    const clock = expectClock(
      computeClock(
        foia('2026-11-20', [
          { type: 'TOLL', on: '2026-11-23', basis: 'FEES', reason: 'fee waiver request' },
          { type: 'RESUME', on: '2026-11-24' },
          { type: 'TOLL', on: '2026-12-01', basis: 'FEES', reason: 'estimate above $25' },
          { type: 'RESUME', on: '2026-12-02' },
        ]),
      ),
    );
    expect(clock.dueDate).toBe('2026-12-28');
  });

  it('keeps all 20 days when tolled on the day of receipt', () => {
    // Resumed Tue 24 Nov: 25, 27, 30 Nov (3), 1–4 Dec (7), 7–11 (12), 14–18 (17), 21–23 Dec (20).
    const clock = expectClock(
      computeClock(
        foia('2026-11-20', [
          { type: 'TOLL', on: '2026-11-20', basis: 'INFORMATION', reason: 'no date range' },
          { type: 'RESUME', on: '2026-11-24' },
        ]),
      ),
    );
    expect(clock.dueDate).toBe('2026-12-23');
  });

  it('does not count the toll day itself, even when the answer comes the same day', () => {
    // Used: 23, 24, 25, 27, 30 Nov = 5; from Tue 1 Dec, 15 more end on Tue 22 Dec.
    const clock = expectClock(
      computeClock(
        foia('2026-11-20', [
          { type: 'TOLL', on: '2026-12-01', basis: 'INFORMATION', reason: 'clarify subject' },
          { type: 'RESUME', on: '2026-12-01' },
        ]),
      ),
    );
    expect(clock.dueDate).toBe('2026-12-22');
  });

  it('replaces the due date when one is set, and extends from the new date', () => {
    // Set to Mon 1 Feb 2027; +10: 2–5 Feb (4), 8–12 (9), 15 Feb Washington's Birthday, Tue 16 (10).
    const clock = expectClock(
      computeClock(
        foia('2026-11-20', [
          {
            type: 'SET_DUE_DATE',
            on: '2026-12-15',
            dueDate: '2027-02-01',
            reason: 'agreed with the requester',
          },
          { type: 'EXTEND', on: '2027-01-20', reason: 'consulting the CIA' },
        ]),
      ),
    );
    expect(clock.dueDate).toBe('2027-02-16');
    expect(clock.skipped).toContainEqual({ date: '2027-02-15', reason: "Washington's Birthday" });
    expect(clock.explanation[1]).toBe(
      'Due date set on 2026-12-15 to 2027-02-01, replacing the computed date. Reason: agreed with the requester',
    );
  });

  it('lets a due date be set on a clock that has none', () => {
    const clock = expectClock(
      computeClock({
        kind: 'AUTOMATIC_25',
        documentDate: CABLE_1977,
        receivedOn: '2001-03-01',
        restrictedData: true,
        adjustments: [{ type: 'SET_DUE_DATE', on: '2001-03-05', dueDate: '2002-06-30' }],
      }),
    );
    expect(clock.dueDate).toBe('2002-06-30');
  });

  it('extends a FOIA appeal too', () => {
    // Due Wed 14 Jan 2026; 15–16 Jan (2), 19 Jan MLK Day, 20–23 (6), 26–29 (10) → Thu 29 Jan.
    const clock = expectClock(
      computeClock({
        kind: 'APPEAL',
        documentDate: CABLE_1977,
        receivedOn: '2025-12-15',
        adjustments: [{ type: 'EXTEND', on: '2026-01-05', reason: 'consulting State' }],
      }),
    );
    expect(clock.dueDate).toBe('2026-01-29');
  });

  describe('refusals', () => {
    const toll = (on: string): ClockAdjustment => ({
      type: 'TOLL',
      on,
      basis: 'INFORMATION',
      reason: 'clarify',
    });

    it('refuses a second toll for information: TOLL_ALREADY_USED', () => {
      const refusal = expectRefusal(
        computeClock(
          foia('2026-11-20', [
            toll('2026-11-23'),
            { type: 'RESUME', on: '2026-11-24' },
            toll('2026-12-01'),
          ]),
        ),
      );
      expect(refusal.code).toBe('TOLL_ALREADY_USED');
      expect(refusal.adjustmentIndex).toBe(2);
      expect(refusal.message).toContain('only once');
    });

    it('lets a service check a new adjustment by replaying the recorded ones plus it', () => {
      const recorded: ClockAdjustment[] = [
        toll('2026-11-23'),
        { type: 'RESUME', on: '2026-11-24' },
      ];
      expect(computeClock(foia('2026-11-20', recorded)).ok).toBe(true);
      const result = expectRefusal(
        computeClock(foia('2026-11-20', [...recorded, toll('2026-12-01')])),
      );
      expect(result.adjustmentIndex).toBe(recorded.length);
    });

    it('refuses to toll a clock that is already stopped: ALREADY_TOLLED', () => {
      const refusal = expectRefusal(
        computeClock(
          foia('2026-11-20', [
            toll('2026-11-23'),
            { type: 'TOLL', on: '2026-11-24', basis: 'FEES', reason: 'fees' },
          ]),
        ),
      );
      expect(refusal.code).toBe('ALREADY_TOLLED');
      expect(refusal.message).toContain('2026-11-23');
    });

    it('refuses to set a due date while the clock is stopped: ALREADY_TOLLED', () => {
      const refusal = expectRefusal(
        computeClock(
          foia('2026-11-20', [
            toll('2026-11-23'),
            { type: 'SET_DUE_DATE', on: '2026-11-24', dueDate: '2027-01-31' },
          ]),
        ),
      );
      expect(refusal.code).toBe('ALREADY_TOLLED');
    });

    it('refuses to resume a clock that is running: NOT_TOLLED', () => {
      const refusal = expectRefusal(
        computeClock(foia('2026-11-20', [{ type: 'RESUME', on: '2026-11-24' }])),
      );
      expect(refusal).toMatchObject({ ok: false, code: 'NOT_TOLLED', adjustmentIndex: 0 });
    });

    it('refuses a second extension: EXTENSION_ALREADY_USED', () => {
      const refusal = expectRefusal(
        computeClock(
          foia('2026-11-20', [
            { type: 'EXTEND', on: '2026-12-01', reason: 'field office' },
            { type: 'EXTEND', on: '2026-12-02', reason: 'another agency' },
          ]),
        ),
      );
      expect(refusal.code).toBe('EXTENSION_ALREADY_USED');
      expect(refusal.message).toContain('2026-12-01');
    });

    it('refuses an extension without a reason: REASON_REQUIRED', () => {
      const refusal = expectRefusal(
        computeClock(foia('2026-11-20', [{ type: 'EXTEND', on: '2026-12-01', reason: '  ' }])),
      );
      expect(refusal.code).toBe('REASON_REQUIRED');
    });

    it.each([
      ['an MDR request', { kind: 'MDR' as const }],
      ['an MDR appeal', { kind: 'APPEAL' as const, appealOf: 'MDR' as const }],
      ['a 25-year review', { kind: 'AUTOMATIC_25' as const }],
    ])('refuses to extend %s: NOT_APPLICABLE', (_, kind) => {
      const refusal = expectRefusal(
        computeClock({
          ...kind,
          documentDate: '2005-03-14',
          receivedOn: '2026-11-20',
          adjustments: [{ type: 'EXTEND', on: '2026-12-01', reason: 'busy' }],
        }),
      );
      expect(refusal.code).toBe('NOT_APPLICABLE');
    });

    it('refuses to toll a FOIA appeal or an MDR request: NOT_APPLICABLE', () => {
      for (const kind of ['APPEAL', 'MDR'] as const) {
        const refusal = expectRefusal(
          computeClock({
            kind,
            documentDate: CABLE_1977,
            receivedOn: '2026-11-20',
            adjustments: [toll('2026-12-01')],
          }),
        );
        expect(refusal.code).toBe('NOT_APPLICABLE');
      }
    });

    it('refuses to toll or extend after the due date: PAST_DUE', () => {
      const tolled = expectRefusal(computeClock(foia('2026-11-20', [toll('2026-12-22')])));
      expect(tolled.code).toBe('PAST_DUE');
      expect(tolled.message).toContain('2026-12-21');
      const extended = expectRefusal(
        computeClock(foia('2026-11-20', [{ type: 'EXTEND', on: '2026-12-22', reason: 'late' }])),
      );
      expect(extended.code).toBe('PAST_DUE');
    });

    it('accepts a toll on the due date itself, leaving that one day', () => {
      const clock = expectClock(computeClock(foia('2026-11-20', [toll('2026-12-21')])));
      expect(clock.remainingWorkingDays).toBe(1);
    });

    it('refuses adjustments out of date order: OUT_OF_ORDER', () => {
      const beforeReceipt = expectRefusal(computeClock(foia('2026-11-20', [toll('2026-11-19')])));
      expect(beforeReceipt).toMatchObject({ code: 'OUT_OF_ORDER', adjustmentIndex: 0 });
      const backwards = expectRefusal(
        computeClock(
          foia('2026-11-20', [toll('2026-12-01'), { type: 'RESUME', on: '2026-11-30' }]),
        ),
      );
      expect(backwards).toMatchObject({ code: 'OUT_OF_ORDER', adjustmentIndex: 1 });
    });

    it('refuses malformed dates: INVALID_DATE', () => {
      expect(expectRefusal(computeClock(foia('2026-11-31', []))).adjustmentIndex).toBeNull();
      expect(expectRefusal(computeClock(foia('2026-11-20', [toll('1 Dec 2026')]))).code).toBe(
        'INVALID_DATE',
      );
      const setBackwards = expectRefusal(
        computeClock(
          foia('2026-11-20', [{ type: 'SET_DUE_DATE', on: '2026-12-01', dueDate: '2026-11-30' }]),
        ),
      );
      expect(setBackwards.code).toBe('INVALID_DATE');
    });
  });
});
