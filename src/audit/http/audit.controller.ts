import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { Readable } from 'node:stream';
import { IsInstant } from '../../common/http/dates';
import { CurrentUser, Roles } from '../../common/http/auth.guard';
import { ErrorBodyDto } from '../../common/http/error-body.dto';
import { csvCell } from '../../common/csv';
import type { Actor } from '../../kernel/actor';
import { AuditService, type ExportedAuditEvent } from '../application/audit.service';

export class VerifyQueryDto {
  @ApiPropertyOptional({
    example: '2026-01-01T00:00:00Z',
    description: 'Only events from this time (chains may then start part-way)',
  })
  @IsOptional()
  @IsInstant('from')
  from?: string;
  @ApiPropertyOptional({ example: '2026-12-31T23:59:59Z' })
  @IsOptional()
  @IsInstant('to')
  to?: string;
}

export class BrokenAtDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Null when the event is of a record outside your clearance',
  })
  seq!: string | null;
  @ApiProperty({ type: String, nullable: true }) chainKey!: string | null;
  @ApiProperty({
    enum: [
      'CHANGED',
      'CHAIN_BROKEN',
      'ANCHOR_MISMATCH',
      'STATE_MISMATCH',
      'CHECKPOINT_MISMATCH',
      'CHECKPOINT_INVALID',
    ],
  })
  reason!: string;
  @ApiProperty() detail!: string;
}

export class VerifyReportDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: 'Events checked' }) checked!: number;
  @ApiProperty() chains!: number;
  @ApiProperty() anchors!: number;
  @ApiProperty({ description: 'Signed checkpoints outside the database that were checked' })
  checkpoints!: number;
  @ApiProperty({ type: BrokenAtDto, nullable: true }) firstBroken!: BrokenAtDto | null;
}

export class AuditQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() documentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() reviewId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z' })
  @IsOptional()
  @IsInstant('from')
  from?: string;
  @ApiPropertyOptional({ example: '2026-12-31T23:59:59Z' })
  @IsOptional()
  @IsInstant('to')
  to?: string;
  @ApiPropertyOptional({ enum: ['ndjson', 'csv'], default: 'ndjson' })
  @IsOptional()
  @IsIn(['ndjson', 'csv'])
  format?: 'ndjson' | 'csv';
}

const CSV_COLUMNS: (keyof ExportedAuditEvent)[] = [
  'seq',
  'occurredAt',
  'actorId',
  'actorUsername',
  'action',
  'reviewId',
  'documentId',
  'fromState',
  'toState',
  'payload',
  'prevHash',
  'hash',
];

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @Roles('auditor')
  @ApiOperation({
    summary:
      'Recompute every hash chain and anchor; name the first event changed, removed or inserted (auditor)',
  })
  @ApiOkResponse({ type: VerifyReportDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  verify(@Query() query: VerifyQueryDto, @CurrentUser() actor: Actor) {
    return this.audit.verify(query, actor);
  }

  @Get('events')
  @Roles('auditor')
  @ApiOperation({
    summary: 'Export audit events (auditor), streamed in seq order as NDJSON or CSV',
  })
  @ApiOkResponse({
    description:
      'One event per line: seq, occurredAt, actorId, actorUsername, action, reviewId, documentId, fromState, toState, payload, prevHash, hash',
  })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  async events(
    @Query() query: AuditQueryDto,
    @CurrentUser() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<StreamableFile> {
    const { format = 'ndjson', ...filter } = query;
    const hidden = await this.audit.hiddenCount(filter, actor);
    const events = this.audit.export(filter, actor);
    const first = await events.next();
    res.header('Audit-Hidden-Events', String(hidden));
    if (hidden > 0)
      res.header(
        'Audit-Notice',
        `${hidden} events of records outside your clearance are not shown`,
      );
    async function* lines(): AsyncGenerator<string> {
      if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\n`;
      for (let next = first; !next.done; next = await events.next()) {
        const e = next.value;
        yield format === 'csv'
          ? `${CSV_COLUMNS.map((c) => csvCell(e[c])).join(',')}\n`
          : `${JSON.stringify(e)}\n`;
      }
    }
    // Read as the client takes it: one page of the cursor at a time, whatever the export's size.
    return new StreamableFile(Readable.from(lines()), {
      type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      disposition: `attachment; filename="audit-events.${format}"`,
    });
  }
}
