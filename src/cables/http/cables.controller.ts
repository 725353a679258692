import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Roles } from '../../common/http/auth.guard';
import { ErrorBodyDto } from '../../common/http/error-body.dto';
import type { Actor } from '../../kernel/actor';
import { CableImportService } from '../application/cable-import.service';
import { DispositionService } from '../application/disposition.service';
import { dispositionBlock, dispositionJson } from '../domain/disposition';
import { DispositionDto, DispositionQueryDto, ImportQueryDto, ImportResultDto } from './cables.dto';

@ApiTags('documents')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'No token, or a bad one' })
@Controller('api/documents')
export class CablesController {
  constructor(
    private readonly importer: CableImportService,
    private readonly dispositions: DispositionService,
  ) {}

  @Post('import')
  @Roles('admin', 'supervisor')
  @ApiOperation({
    summary: 'Import one State Department cable export (supervisor or admin)',
    description:
      'The body is the file as exported (header, text, "Message Attributes" block). 201: a new document; 200: this very file was imported before and nothing changed.',
  })
  @ApiConsumes('text/plain')
  @ApiBody({ schema: { type: 'string', example: 'Message Text\n\nPAGE 01 STATE 139375 …' } })
  @ApiCreatedResponse({ type: ImportResultDto, description: 'Imported' })
  @ApiOkResponse({ type: ImportResultDto, description: 'Unchanged: imported before' })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'Not text/plain, or a bad collection' })
  @ApiForbiddenResponse({
    type: ErrorBodyDto,
    description: 'Not a supervisor or admin, or the cable is above your clearance or caveats',
  })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description: 'A different record already has this document number in the collection',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorBodyDto,
    description:
      'Nothing usable could be read: empty, binary, or no number, date or classification',
  })
  async import(
    @Body() body: unknown,
    @Query() query: ImportQueryDto,
    @CurrentUser() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ImportResultDto> {
    const result = await this.importer.importOne(body, {
      collection: query.collection,
      fileName: query.fileName,
      actor,
    });
    res.status(result.status === 'imported' ? 201 : 200);
    return result;
  }

  @Get(':id/disposition')
  @ApiOperation({
    summary:
      "A document's disposition history in the State Department's vocabulary: imported entries and every review completed in declass",
  })
  @ApiProduces('application/json', 'text/plain')
  @ApiOkResponse({
    type: DispositionDto,
    description: 'format=json; format=attributes gives the block as text/plain',
  })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'A bad id or format' })
  @ApiNotFoundResponse({
    type: ErrorBodyDto,
    description: 'Unknown, or above your clearance or caveats',
  })
  async disposition(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: DispositionQueryDto,
    @CurrentUser() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<DispositionDto | string> {
    const record = await this.dispositions.forDocument(id, actor);
    if (query.format === 'attributes') {
      res.type('text/plain; charset=utf-8');
      return dispositionBlock(record);
    }
    return dispositionJson(record) as unknown as DispositionDto;
  }
}
