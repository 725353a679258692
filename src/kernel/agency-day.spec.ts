import { dateIn, endOfDay, isTimeZone, startOfDay } from './agency-day';

const NEW_YORK = 'America/New_York';

describe('the agency day', () => {
  it.each([
    ['2026-12-31T04:59:59.999Z', NEW_YORK, '2026-12-30'],
    ['2026-12-31T05:00:00.000Z', NEW_YORK, '2026-12-31'],
    ['2027-01-01T04:30:00.000Z', NEW_YORK, '2026-12-31'],
    ['2026-07-04T03:59:00.000Z', NEW_YORK, '2026-07-03'],
    ['2026-07-04T04:00:00.000Z', NEW_YORK, '2026-07-04'],
    ['2026-12-31T23:00:00.000Z', 'UTC', '2026-12-31'],
    ['2026-12-30T10:00:00.000Z', 'Pacific/Kiritimati', '2026-12-31'],
  ])('dates %s as %s sees it: %s', (instant, zone, date) => {
    expect(dateIn(instant, zone)).toBe(date);
  });

  it.each([
    // Winter (UTC−5), summer (UTC−4), and the 23- and 25-hour days of 2026's changes of offset.
    ['2026-12-31', NEW_YORK, '2026-12-31T05:00:00.000Z', '2027-01-01T04:59:59.999Z'],
    ['2026-07-04', NEW_YORK, '2026-07-04T04:00:00.000Z', '2026-07-05T03:59:59.999Z'],
    ['2026-03-08', NEW_YORK, '2026-03-08T05:00:00.000Z', '2026-03-09T03:59:59.999Z'],
    ['2026-11-01', NEW_YORK, '2026-11-01T04:00:00.000Z', '2026-11-02T04:59:59.999Z'],
    ['2026-12-31', 'UTC', '2026-12-31T00:00:00.000Z', '2026-12-31T23:59:59.999Z'],
    ['2026-12-31', 'Asia/Kolkata', '2026-12-30T18:30:00.000Z', '2026-12-31T18:29:59.999Z'],
  ])('begins %s in %s at %s and ends it at %s', (date, zone, start, end) => {
    expect(startOfDay(date, zone)).toBe(start);
    expect(endOfDay(date, zone)).toBe(end);
    expect(dateIn(start, zone)).toBe(date);
    expect(dateIn(end, zone)).toBe(date);
  });

  it('begins a day whose midnight the clock skips at the first instant that exists', () => {
    // Santiago moved its clocks from 00:00 to 01:00 on 6 September 2026.
    const start = startOfDay('2026-09-06', 'America/Santiago');
    expect(dateIn(start, 'America/Santiago')).toBe('2026-09-06');
    expect(dateIn(new Date(Date.parse(start) - 1), 'America/Santiago')).toBe('2026-09-05');
  });

  it('knows IANA zone names and nothing else', () => {
    expect(isTimeZone(NEW_YORK)).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Eastern')).toBe(false);
    expect(isTimeZone('America/Nowhere')).toBe(false);
  });
});
