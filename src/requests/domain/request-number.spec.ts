import { fiscalYearOf, requestNumber } from './request-number';

describe('request numbers', () => {
  it('puts 1 October in the next fiscal year and 30 September in the current one', () => {
    expect(fiscalYearOf('2026-09-30')).toBe(2026);
    expect(fiscalYearOf('2026-10-01')).toBe(2027);
    expect(fiscalYearOf('2026-12-31')).toBe(2027);
    expect(fiscalYearOf('2027-01-01')).toBe(2027);
  });

  it('writes the kind, the fiscal year and five digits', () => {
    expect(requestNumber('FOIA', 2027, 42)).toBe('F-2027-00042');
    expect(requestNumber('MDR', 2026, 1)).toBe('M-2026-00001');
    expect(requestNumber('APPEAL', 2027, 99_999)).toBe('A-2027-99999');
  });

  it('refuses a sequence that does not fit five digits', () => {
    expect(() => requestNumber('FOIA', 2027, 100_000)).toThrow(RangeError);
    expect(() => requestNumber('FOIA', 2027, 0)).toThrow(RangeError);
  });
});
