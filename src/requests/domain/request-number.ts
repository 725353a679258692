import { yearOf, type IsoDate } from '../../kernel/calendar-date';
import type { RequestKind } from './request.types';

/**
 * The federal fiscal year a day falls in: fiscal year N runs from 1 October of N-1 to
 * 30 September of N (31 U.S.C. 1102), so 2026-10-01 is in fiscal year 2027.
 */
export function fiscalYearOf(day: IsoDate): number {
  const year = yearOf(day);
  return day.slice(5) >= '10-01' ? year + 1 : year;
}

export const NUMBER_PREFIXES: Record<RequestKind, string> = { FOIA: 'F', MDR: 'M', APPEAL: 'A' };

/** A request's number as an office writes it: `F-2027-00042`, the 42nd FOIA request of FY 2027. */
export function requestNumber(kind: RequestKind, fiscalYear: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 99_999) {
    throw new RangeError(`A request's sequence is 1 to 99999 in its fiscal year, not ${sequence}`);
  }
  return `${NUMBER_PREFIXES[kind]}-${fiscalYear}-${String(sequence).padStart(5, '0')}`;
}
