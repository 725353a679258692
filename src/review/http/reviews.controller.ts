import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CurrentUser } from '../../common/http/auth.guard';
import { ErrorBodyDto } from '../../common/http/error-body.dto';
import { tooManyUnknownFields } from '../../common/http/unknown-fields';
import { CLIENT_EVENT_TYPES, type ClientEventType } from '../domain';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { type Actor } from '../../kernel/actor';
import { ReviewListService } from '../application/review-list';
import { ReviewService, type ReviewCommand } from '../application/review.service';
import {
  EVENT_DTOS,
  ExemptionCodeDto,
  OpenReviewDto,
  ReleaseCopyDto,
  ReviewDto,
  ReviewPageDto,
  ReviewQueryDto,
} from './review.dto';

@ApiTags('reviews')
@ApiBearerAuth()
@ApiExtraModels(...Object.values(EVENT_DTOS))
@Controller('api')
export class ReviewsController {
  constructor(
    private readonly reviews: ReviewService,
    private readonly lists: ReviewListService,
  ) {}

  @Post('documents/:id/reviews')
  @ApiOperation({ summary: 'Open a review of a document (supervisor or admin); it starts queued' })
  @ApiCreatedResponse({ type: ReviewDto })
  @ApiForbiddenResponse({
    type: ErrorBodyDto,
    description: 'Only a supervisor or an administrator opens a review',
  })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description: 'The document already has an open review',
  })
  open(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: OpenReviewDto,
    @CurrentUser() actor: Actor,
  ) {
    const { kind, ...options } = body;
    return this.reviews.open(id, kind, actor, options);
  }

  @Get('reviews')
  @ApiOperation({
    summary:
      'Reviews you may see: your queue with ?assigneeId=<you>, unassigned with ?state=queued',
  })
  @ApiOkResponse({ type: ReviewPageDto })
  list(@Query() query: ReviewQueryDto, @CurrentUser() actor: Actor) {
    return this.lists.list(query, actor);
  }

  @Get('reviews/:id')
  @ApiOperation({
    summary: 'One review: state, version, decisions, referrals and the events it accepts now',
  })
  @ApiOkResponse({ type: ReviewDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() actor: Actor) {
    return this.reviews.get(id, actor);
  }

  @Post('reviews/:id/events')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Apply one lifecycle event',
    description:
      'ASSIGN, DECIDE_PORTION, REFER, RECORD_REFERRAL_RESPONSE, DOWNGRADE, DECAPTION, PROPOSE, ' +
      'APPROVE, RETURN, CLOSE, ' +
      'and for the statutory clock TOLL, RESUME, EXTEND, SET_DUE_DATE. ' +
      'The event is one transaction: accepted and audited, or refused with nothing written.',
  })
  @ApiBody({
    schema: { oneOf: Object.values(EVENT_DTOS).map((dto) => ({ $ref: getSchemaPath(dto) })) },
  })
  @ApiOkResponse({ type: ReviewDto })
  @ApiForbiddenResponse({
    type: ErrorBodyDto,
    description: 'Role, assignee, two-person rule or clearance',
  })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description: 'The state does not accept the event, or expectedVersion is stale',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorBodyDto,
    description: 'A domain rule (exemption codes, undecided portions, …)',
  })
  async event(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: unknown,
    @CurrentUser() actor: Actor,
  ) {
    const { expectedVersion, ...command } = await parseEvent(body);
    return this.reviews.apply(id, command as ReviewCommand, actor, expectedVersion);
  }

  @Get('reviews/:id/exemption-codes')
  @ApiOperation({
    summary: 'Exemption codes valid for this document in this review today, with their meaning',
  })
  @ApiOkResponse({ type: [ExemptionCodeDto] })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  exemptionCodes(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() actor: Actor) {
    return this.reviews.exemptionCodes(id, actor);
  }

  @Get('reviews/:id/release')
  @ApiOperation({
    summary: 'The release copy of an approved review, withheld portions boxed with their codes',
  })
  @ApiOkResponse({ type: ReleaseCopyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'The review is not approved yet' })
  release(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() actor: Actor) {
    return this.reviews.releaseCopy(id, actor);
  }
}

/** Validates an event body against the DTO of its type: unknown types and fields are refused. */
async function parseEvent(
  body: unknown,
): Promise<{ type: ClientEventType; expectedVersion?: number }> {
  const type = (body as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !Object.hasOwn(EVENT_DTOS, type)) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      `type must be one of ${CLIENT_EVENT_TYPES.join(', ')}`,
    );
  }
  const cls: new () => object = EVENT_DTOS[type as ClientEventType];
  const excess = tooManyUnknownFields(cls, body, (path) => `${path} is not a field of ${type}`);
  if (excess) throw new DomainError(ErrorCode.VALIDATION_FAILED, excess.join('; '));
  const dto = plainToInstance(cls, body);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const messages = errors.flatMap((e) =>
      Object.values(e.constraints ?? {}).map((m) =>
        m.replace(/^property (\S+) should not exist$/, `$1 is not a field of ${type}`),
      ),
    );
    throw new DomainError(ErrorCode.VALIDATION_FAILED, messages.join('; '));
  }
  return dto as unknown as { type: ClientEventType; expectedVersion?: number };
}
