import {
  appealDeadline,
  appealOutcome,
  appealRefusal,
  combinedDetermination,
  isAdverse,
  type AppealableRequest,
} from './determination';
import type { RecordOutcome } from './request.types';

const record = (
  documentId: string,
  determination: RecordOutcome['determination'],
): RecordOutcome => ({
  reviewId: `r-${documentId}`,
  documentId,
  documentNumber: `1977STATE${documentId}`,
  determination,
  exemptions: [],
});

describe('a request’s final determination', () => {
  it('is granted in full only when every record is released in full', () => {
    expect(
      combinedDetermination([record('1', 'RELEASE_IN_FULL'), record('2', 'RELEASE_IN_FULL')]),
    ).toBe('GRANTED_IN_FULL');
    expect(
      combinedDetermination([record('1', 'RELEASE_IN_FULL'), record('2', 'DENY_IN_FULL')]),
    ).toBe('GRANTED_IN_PART');
    expect(combinedDetermination([record('1', 'RELEASE_IN_PART')])).toBe('GRANTED_IN_PART');
  });

  it('is denied in full when every record is withheld, leaving out records closed without a determination', () => {
    expect(combinedDetermination([record('1', 'DENY_IN_FULL'), record('2', null)])).toBe(
      'DENIED_IN_FULL',
    );
    expect(combinedDetermination([record('1', null)])).toBeNull();
    expect(combinedDetermination([])).toBeNull();
  });

  it('is adverse unless granted in full, withdrawn, a duplicate or referred', () => {
    expect(isAdverse('GRANTED_IN_PART')).toBe(true);
    expect(isAdverse('NO_RECORDS')).toBe(true);
    expect(isAdverse('GLOMAR')).toBe(true);
    expect(isAdverse('FEE_RELATED')).toBe(true);
    expect(isAdverse('GRANTED_IN_FULL')).toBe(false);
    expect(isAdverse('WITHDRAWN')).toBe(false);
    expect(isAdverse('REFERRED')).toBe(false);
  });
});

describe('appeals', () => {
  it('may be filed 90 days after a FOIA response and 60 after an MDR one, counting across a year end', () => {
    expect(appealDeadline('FOIA', 'DENIED_IN_FULL', '2026-12-01')).toBe('2027-03-01');
    expect(appealDeadline('MDR', 'GRANTED_IN_PART', '2026-12-31')).toBe('2027-03-01');
    expect(appealDeadline('FOIA', 'GRANTED_IN_FULL', '2026-12-01')).toBeNull();
    expect(appealDeadline('APPEAL', 'DENIED_IN_FULL', '2026-12-01')).toBeNull();
  });

  const answered: AppealableRequest = {
    number: 'F-2027-00001',
    kind: 'FOIA',
    state: 'answered',
    outcome: {
      determination: 'GRANTED_IN_PART',
      respondedOn: '2026-12-01',
      appealBy: '2027-03-01',
    },
  };

  it('is taken up to and on the last day, and refused the day after with the dates', () => {
    expect(appealRefusal(answered, '2027-03-01')).toBeNull();
    expect(appealRefusal(answered, '2027-03-02')).toBe(
      'The appeal arrived 2027-03-02, after the last day to appeal F-2027-00001 (2027-03-01: 90 days from the response of 2026-12-01)',
    );
  });

  it('is refused before a response, when nothing adverse was decided, and of an appeal', () => {
    expect(appealRefusal({ ...answered, state: 'open', outcome: null }, '2026-12-02')).toContain(
      'no final response yet',
    );
    expect(
      appealRefusal(
        {
          ...answered,
          outcome: { determination: 'GRANTED_IN_FULL', respondedOn: '2026-12-01', appealBy: null },
        },
        '2026-12-02',
      ),
    ).toContain('nothing adverse was decided');
    expect(
      appealRefusal({ ...answered, kind: 'APPEAL', number: 'A-2027-00001' }, '2026-12-02'),
    ).toContain('is itself an appeal');
    expect(appealRefusal(answered, '2026-11-30')).toContain('before the response it appeals');
  });

  it('is reversed when all is released, partly granted when more is, affirmed otherwise', () => {
    const appealed = [record('1', 'DENY_IN_FULL'), record('2', 'RELEASE_IN_PART')];
    expect(
      appealOutcome(appealed, [record('1', 'RELEASE_IN_FULL'), record('2', 'RELEASE_IN_FULL')]),
    ).toBe('REVERSED');
    expect(
      appealOutcome(appealed, [record('1', 'RELEASE_IN_PART'), record('2', 'RELEASE_IN_PART')]),
    ).toBe('PARTLY_GRANTED');
    expect(
      appealOutcome(appealed, [record('1', 'DENY_IN_FULL'), record('2', 'RELEASE_IN_PART')]),
    ).toBe('AFFIRMED');
    expect(appealOutcome(appealed, [])).toBeNull();
  });
});
