import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
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
import type { FastifyReply } from 'fastify';
import { CurrentUser } from '../../common/http/auth.guard';
import { ErrorBodyDto } from '../../common/http/error-body.dto';
import type { Actor } from '../../kernel/actor';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { RequestsService, type RequestCommand } from '../application/requests.service';
import { CLOSING_REASONS, type ClosingReason } from '../domain/request.types';
import { letterPdf } from './letter-pdf';
import {
  AppealDto,
  LetterDto,
  OpenRequestDto,
  RequestDto,
  RequestEventDto,
  RequestQueryDto,
} from './request.dto';

@ApiTags('requests')
@ApiBearerAuth()
@Controller('api/requests')
export class RequestsController {
  constructor(private readonly requests: RequestsService) {}

  @Post()
  @ApiOperation({
    summary: 'Open a FOIA or MDR request (supervisor or admin): one review per record',
  })
  @ApiCreatedResponse({ type: RequestDto })
  @ApiForbiddenResponse({
    type: ErrorBodyDto,
    description: 'Only a supervisor or an administrator',
  })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'A record you may not see, or none' })
  @ApiUnprocessableEntityResponse({
    type: ErrorBodyDto,
    description: 'MDR of an unclassified record',
  })
  open(@Body() body: OpenRequestDto, @CurrentUser() actor: Actor) {
    return this.requests.open(body, actor);
  }

  @Get()
  @ApiOperation({ summary: 'Requests, newest received first, a page at a time' })
  list(@Query() query: RequestQueryDto) {
    return this.requests.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One request: requester, records and their reviews, clock, letters' })
  @ApiOkResponse({ type: RequestDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() actor: Actor) {
    return this.requests.get(id, actor);
  }

  @Post(':id/events')
  @HttpCode(200)
  @ApiOperation({
    summary: 'TOLL, RESUME or EXTEND the clock, RESPOND once every review ended, or CLOSE',
    description:
      'The clock moves on the request and on each of its open reviews in one transaction. ' +
      `CLOSE takes a reason: ${CLOSING_REASONS.join(', ')}.`,
  })
  @ApiOkResponse({ type: RequestDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'The request is no longer open' })
  @ApiUnprocessableEntityResponse({ type: ErrorBodyDto, description: 'A rule of the clock' })
  event(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RequestEventDto,
    @CurrentUser() actor: Actor,
  ) {
    return this.requests.apply(id, commandOf(body), actor);
  }

  @Post(':id/appeals')
  @ApiOperation({
    summary: 'Record an appeal of an answered request; its records are reviewed again',
  })
  @ApiCreatedResponse({ type: RequestDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'An appeal of it is already open' })
  @ApiUnprocessableEntityResponse({
    type: ErrorBodyDto,
    description: 'Nothing adverse was decided, or the time to appeal has passed',
  })
  appeal(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AppealDto,
    @CurrentUser() actor: Actor,
  ) {
    return this.requests.appeal(id, body, actor);
  }

  @Get(':id/letters')
  @ApiOperation({ summary: 'The letters sent to the requester, oldest first, as text' })
  @ApiOkResponse({ type: [LetterDto] })
  @ApiForbiddenResponse({
    type: ErrorBodyDto,
    description: 'A record of the request is outside your clearance',
  })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  async letters(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() actor: Actor) {
    return (await this.requests.letters(id, actor)).map(({ requestId: _r, ...letter }) => letter);
  }

  @Get(':id/letters/:letterId.pdf')
  @ApiOperation({ summary: 'One letter as a PDF' })
  @ApiOkResponse({
    description: 'The letter as a PDF',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiForbiddenResponse({
    type: ErrorBodyDto,
    description: 'A record of the request is outside your clearance',
  })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  async letterPdf(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('letterId', new ParseUUIDPipe()) letterId: string,
    @CurrentUser() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<StreamableFile> {
    const letter = await this.requests.letter(id, letterId, actor);
    const name = `${letter.kind.toLowerCase()}-${letter.id}.pdf`;
    res.header('Content-Disposition', `attachment; filename="${name}"`);
    return new StreamableFile(await letterPdf(letter.text, name, letter.createdAt), {
      type: 'application/pdf',
    });
  }
}

/** The event's fields as its type needs them: a missing one is named in the 400. */
function commandOf(body: RequestEventDto): RequestCommand {
  const missing = (field: string, why: string) =>
    new DomainError(ErrorCode.VALIDATION_FAILED, `${body.type} needs ${field}: ${why}`);
  switch (body.type) {
    case 'TOLL':
      if (!body.reason) throw missing('reason', 'what the requester is asked for');
      if (!body.basis) throw missing('basis', 'INFORMATION (once) or FEES');
      return { type: 'TOLL', reason: body.reason, basis: body.basis };
    case 'EXTEND':
      if (!body.reason)
        throw missing('reason', 'the unusual circumstances (5 U.S.C. 552(a)(6)(B))');
      return { type: 'EXTEND', reason: body.reason };
    case 'RESUME':
      return { type: 'RESUME' };
    case 'DECIDE_EXPEDITE':
    case 'DECIDE_FEE_WAIVER':
      if (body.granted === undefined) throw missing('granted', 'true or false');
      if (!body.reason) throw missing('reason', 'why, as the letter to the requester says it');
      return { type: body.type, granted: body.granted, reason: body.reason };
    case 'RESPOND':
      return { type: 'RESPOND', note: body.note };
    case 'CLOSE':
      if (!body.reason || !(CLOSING_REASONS as readonly string[]).includes(body.reason)) {
        throw missing('reason', `one of ${CLOSING_REASONS.join(', ')}`);
      }
      return { type: 'CLOSE', reason: body.reason as ClosingReason, note: body.note };
  }
}
