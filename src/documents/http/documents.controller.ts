import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser } from '../../common/http/auth.guard';
import { ErrorBodyDto } from '../../common/http/error-body.dto';
import type { Actor } from '../../kernel/actor';
import { DocumentsService } from '../application/documents.service';
import {
  DocumentDto,
  DocumentPageDto,
  DocumentQueryDto,
  DocumentTextDto,
  RegisterDocumentDto,
} from './document.dto';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('api/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @ApiOperation({ summary: 'Register a document and its portions (supervisor or admin)' })
  @ApiCreatedResponse({ type: DocumentDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description: 'The document number exists in the collection',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorBodyDto,
    description: 'The document level is not its highest portion',
  })
  register(@Body() body: RegisterDocumentDto, @CurrentUser() actor: Actor) {
    return this.documents.register(body, actor);
  }

  @Get()
  @ApiOperation({ summary: 'Documents you may see, filtered and paged' })
  @ApiOkResponse({ type: DocumentPageDto })
  list(@Query() query: DocumentQueryDto, @CurrentUser() actor: Actor) {
    return this.documents.list(query, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One document: metadata and portion markings, without text' })
  @ApiOkResponse({ type: DocumentDto })
  @ApiNotFoundResponse({
    type: ErrorBodyDto,
    description: 'Unknown, or above your clearance or caveats',
  })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() actor: Actor) {
    return this.documents.get(id, actor);
  }

  @Get(':id/text')
  @ApiOperation({
    summary: "The document's text, portion by portion; the read is recorded in the audit trail",
  })
  @ApiOkResponse({ type: DocumentTextDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  text(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() actor: Actor) {
    return this.documents.readText(id, actor);
  }
}
