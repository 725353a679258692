import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { isIsoDate } from '../../kernel/calendar-date';
import { addCalendarDays, addWorkingDays, type DueDate } from '../domain/working-days';

export interface DueDateQuery {
  /** The day the clock starts; it never counts itself. */
  from: string;
  workingDays?: number;
  calendarDays?: number;
}

/** Due-date arithmetic on the federal calendar, for people who need to check a count by hand. */
@Injectable()
export class CalendarService {
  dueDate(query: DueDateQuery): DueDate {
    const { from, workingDays, calendarDays } = query;
    if ((workingDays === undefined) === (calendarDays === undefined)) {
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        'Give exactly one of workingDays (weekends and federal holidays skipped) or calendarDays',
      );
    }
    if (!isIsoDate(from)) {
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        `from: "${from}" is not a date written YYYY-MM-DD`,
      );
    }
    try {
      return workingDays !== undefined
        ? addWorkingDays(from, workingDays)
        : addCalendarDays(from, calendarDays ?? 0);
    } catch (err) {
      // The holiday table covers 1971 onwards; an earlier count is refused, not guessed.
      if (err instanceof RangeError)
        throw new DomainError(ErrorCode.VALIDATION_FAILED, err.message);
      throw err;
    }
  }
}
