import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorBodyDto } from '../../common/http/error-body.dto';
import { CalendarService } from '../application/calendar.service';
import { DueDateDto, DueDateQueryDto } from './calendar.dto';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('api/calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('due-date')
  @ApiOperation({
    summary: 'A due date N working days (or calendar days) after a date, with the days skipped',
    description:
      'Working days exclude Saturdays, Sundays and US federal holidays as observed (5 U.S.C. 6103); ' +
      'the start day never counts. Give exactly one of workingDays and calendarDays.',
  })
  @ApiOkResponse({ type: DueDateDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  dueDate(@Query() query: DueDateQueryDto) {
    return this.calendar.dueDate(query);
  }
}
