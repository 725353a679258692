import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export class DueDateQueryDto {
  @ApiProperty({ example: '2026-11-20', description: 'The day the clock starts; it never counts' })
  @IsString({ message: 'from: a date written YYYY-MM-DD is required' })
  from!: string;

  @ApiPropertyOptional({
    example: 20,
    description: 'Working days: weekends and US federal holidays are skipped',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'workingDays: a whole number of days' })
  @Min(0, { message: 'workingDays: 0 or more' })
  @Max(2600, { message: 'workingDays: at most 2600 (about ten years)' })
  workingDays?: number;

  @ApiPropertyOptional({ example: 180, description: 'Calendar days: every day counts' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'calendarDays: a whole number of days' })
  @Min(0, { message: 'calendarDays: 0 or more' })
  @Max(36600, { message: 'calendarDays: at most 36600 (about a hundred years)' })
  calendarDays?: number;
}

export class SkippedDayDto {
  @ApiProperty({ example: '2026-11-26' }) date!: string;
  @ApiProperty({ example: 'Thanksgiving Day', description: 'Saturday, Sunday or the holiday' })
  reason!: string;
}

export class DueDateDto {
  @ApiProperty({ example: '2026-12-21' }) dueDate!: string;
  @ApiProperty({ type: [SkippedDayDto], description: 'Weekend days and holidays passed over' })
  skipped!: SkippedDayDto[];
}
