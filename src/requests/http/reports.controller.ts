import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { CurrentUser } from '../../common/http/auth.guard';
import { ErrorBodyDto } from '../../common/http/error-body.dto';
import type { Actor } from '../../kernel/actor';
import { AnnualReportService } from '../application/annual-report.service';
import { annualReportCsv } from './annual-report.csv';

export class FoiaAnnualQueryDto {
  @ApiProperty({
    example: 2027,
    description: 'Fiscal year N runs from 1 October N-1 to 30 September N',
  })
  @Type(() => Number)
  @IsInt({ message: 'fiscalYear must be a year such as 2027' })
  @Min(1967, { message: 'fiscalYear must be 1967 or later: FOIA took effect on 4 July 1967' })
  @Max(9999)
  fiscalYear!: number;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly reports: AnnualReportService) {}

  @Get('foia-annual')
  @ApiOperation({
    summary:
      'The annual FOIA report of a fiscal year in its DOJ sections, with the ISOO MDR figures (supervisor, auditor, admin)',
  })
  @ApiOkResponse({ description: 'JSON, or CSV with format=csv: section,measure,value' })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiUnprocessableEntityResponse({
    type: ErrorBodyDto,
    description: 'A fiscal year not yet begun',
  })
  async foiaAnnual(
    @Query() query: FoiaAnnualQueryDto,
    @CurrentUser() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const report = await this.reports.foiaAnnual(query.fiscalYear, actor);
    if (query.format !== 'csv') return report;
    res.header('Content-Type', 'text/csv; charset=utf-8');
    res.header('Content-Disposition', `attachment; filename="foia-annual-${query.fiscalYear}.csv"`);
    return annualReportCsv(report);
  }
}
