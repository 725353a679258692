import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { IsCalendarDay, IsInstant } from '../../common/http/dates';
import { LimitDto } from '../../common/http/paging.dto';
import { REVIEW_SORTS, type ReviewSort } from '../application/review.ports';
import {
  DECISION_ACTIONS,
  DETERMINATIONS,
  REVIEW_EVENT_TYPES,
  REVIEW_KINDS,
  REVIEW_STATES,
  type ClientEventType,
  type DecisionAction,
  type Determination,
  type ReviewKind,
  type ReviewState,
} from '../domain';
import {
  CAPTIONS,
  CLASSIFICATIONS,
  type Caption,
  type Classification,
} from '../../kernel/classification';

export class OpenReviewDto {
  @ApiProperty({
    enum: REVIEW_KINDS,
    example: 'SYSTEMATIC',
    description: 'FOIA, MDR and APPEAL reviews are opened by their request (422 here)',
  })
  @IsIn(REVIEW_KINDS)
  kind!: ReviewKind;

  @ApiPropertyOptional({
    example: '2027-12-31',
    description: 'RE_REVIEW: the expiry of the exemption re-reviewed',
  })
  @IsOptional()
  @IsCalendarDay('exemptionExpiry')
  exemptionExpiry?: string;
}

/** `true` or `false` in a query string; anything else is left for IsBoolean to refuse. */
const QueryBoolean = () =>
  Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  );

export class ReviewQueryDto extends LimitDto {
  @ApiPropertyOptional({ enum: REVIEW_STATES })
  @IsOptional()
  @IsIn(REVIEW_STATES)
  state?: ReviewState;
  @ApiPropertyOptional() @IsOptional() @IsUUID() assigneeId?: string;
  @ApiPropertyOptional({ enum: REVIEW_KINDS }) @IsOptional() @IsIn(REVIEW_KINDS) kind?: ReviewKind;
  @ApiPropertyOptional() @IsOptional() @IsUUID() documentId?: string;

  @ApiPropertyOptional({ description: 'Only reviews not yet released, withheld or closed' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  open?: boolean;

  @ApiPropertyOptional({ description: 'Only open reviews whose due date has passed' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    description: "Only open reviews due on this agency day or later (the agency's time zone)",
    example: '2027-01-04',
  })
  @IsOptional()
  @IsCalendarDay('dueFrom')
  dueFrom?: string;

  @ApiPropertyOptional({
    description: 'Only open reviews due before this agency day',
    example: '2027-01-11',
  })
  @IsOptional()
  @IsCalendarDay('dueBefore')
  dueBefore?: string;

  @ApiPropertyOptional({ description: 'Part of the document number or title, in any case' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: REVIEW_SORTS, default: 'due' })
  @IsOptional()
  @IsIn(REVIEW_SORTS)
  sort?: ReviewSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({ description: 'The `next` of the page before; absent for the first page' })
  @IsOptional()
  @IsString()
  @MaxLength(1_000)
  after?: string;
}

/** Fields every event may carry. */
abstract class EventBaseDto {
  @ApiPropertyOptional({
    description: 'The version you last saw; a different current version is a 409',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  // reviews.version is a Postgres integer.
  @Max(2_147_483_647)
  expectedVersion?: number;
}

const text = (max: number) => [IsString(), MinLength(1), MaxLength(max)];
const apply =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));

export class AssignEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['ASSIGN'] }) @IsIn(['ASSIGN']) type!: 'ASSIGN';
  @ApiProperty({ description: 'The reviewer to give the review to' }) @IsUUID() assigneeId!: string;
}

export class DecidePortionEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['DECIDE_PORTION'] }) @IsIn(['DECIDE_PORTION']) type!: 'DECIDE_PORTION';
  @ApiProperty() @IsUUID() portionId!: string;
  @ApiProperty({ enum: DECISION_ACTIONS }) @IsIn(DECISION_ACTIONS) action!: DecisionAction;
  @ApiPropertyOptional({
    type: [String],
    example: ['25X6, 20271231'],
    description: 'Required for EXEMPT',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  exemptions?: string[];
  @ApiPropertyOptional({ description: 'Required for EXEMPT: why the portion stays withheld' })
  @IsOptional()
  @apply(...text(4000))
  justification?: string;
  @ApiPropertyOptional({
    description: 'Required for REFER: the agency holding the equity',
    example: 'CIA',
  })
  @IsOptional()
  @apply(...text(100))
  agency?: string;
}

export class ReferEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['REFER'] }) @IsIn(['REFER']) type!: 'REFER';
  @ApiProperty({ example: 'CIA' }) @apply(...text(100)) agency!: string;
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  portionIds!: string[];
}

export class RecordReferralResponseEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['RECORD_REFERRAL_RESPONSE'] })
  @IsIn(['RECORD_REFERRAL_RESPONSE'])
  type!: 'RECORD_REFERRAL_RESPONSE';
  @ApiProperty() @IsUUID() referralId!: string;
  @ApiProperty({ enum: ['RELEASE', 'EXEMPT'] }) @IsIn(['RELEASE', 'EXEMPT']) decision!:
    'RELEASE' | 'EXEMPT';
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  exemptions?: string[];
  @ApiPropertyOptional() @IsOptional() @apply(...text(4000)) justification?: string;
}

export class DowngradeEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['DOWNGRADE'] }) @IsIn(['DOWNGRADE']) type!: 'DOWNGRADE';
  @ApiProperty({
    enum: CLASSIFICATIONS,
    example: 'CONFIDENTIAL',
    description: 'The lower level what stays classified keeps; the record’s own level withdraws it',
  })
  @IsIn(CLASSIFICATIONS)
  to!: Classification;
}

export class DecaptionEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['DECAPTION'] }) @IsIn(['DECAPTION']) type!: 'DECAPTION';
  @ApiProperty({
    enum: CAPTIONS,
    isArray: true,
    example: ['NODIS'],
    description: 'The captions to remove on approval; an empty list withdraws the decaptioning',
  })
  @IsArray()
  @ArrayMaxSize(CAPTIONS.length)
  @IsIn(CAPTIONS, { each: true })
  captions!: Caption[];
}

export class ProposeEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['PROPOSE'] }) @IsIn(['PROPOSE']) type!: 'PROPOSE';
  @ApiProperty({ enum: DETERMINATIONS }) @IsIn(DETERMINATIONS) determination!: Determination;
}

export class ApproveEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['APPROVE'] }) @IsIn(['APPROVE']) type!: 'APPROVE';
}

export class ReturnEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['RETURN'] }) @IsIn(['RETURN']) type!: 'RETURN';
  @ApiProperty({ example: 'Paragraph 3 names a liaison service; cite 25X1.' })
  @apply(...text(4000))
  comment!: string;
}

export class CloseEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['CLOSE'] }) @IsIn(['CLOSE']) type!: 'CLOSE';
  @ApiProperty({ example: 'Duplicate of request F-2026-00123' })
  @apply(...text(1000))
  reason!: string;
}

export class TollEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['TOLL'] }) @IsIn(['TOLL']) type!: 'TOLL';
  @ApiProperty({ example: 'Asked the requester to narrow the date range' })
  @apply(...text(1000))
  reason!: string;
  @ApiProperty({
    enum: ['INFORMATION', 'FEES'],
    description: 'INFORMATION may toll a FOIA clock once; FEES may repeat',
  })
  @IsIn(['INFORMATION', 'FEES'])
  basis!: 'INFORMATION' | 'FEES';
}

export class ResumeEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['RESUME'] }) @IsIn(['RESUME']) type!: 'RESUME';
}

export class ExtendEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['EXTEND'] }) @IsIn(['EXTEND']) type!: 'EXTEND';
  @ApiProperty({ example: 'Consultation with another agency with a substantial interest' })
  @apply(...text(1000))
  reason!: string;
}

export class SetDueDateEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['SET_DUE_DATE'] }) @IsIn(['SET_DUE_DATE']) type!: 'SET_DUE_DATE';
  @ApiProperty({
    example: '2027-01-15',
    description: 'The new due date (YYYY-MM-DD or an ISO timestamp)',
  })
  @IsInstant('dueAt')
  dueAt!: string;
  @ApiPropertyOptional() @IsOptional() @apply(...text(1000)) reason?: string;
}

/** The DTO class for each event type; the controller validates a body against its type's class. */
export const EVENT_DTOS = {
  ASSIGN: AssignEventDto,
  DECIDE_PORTION: DecidePortionEventDto,
  REFER: ReferEventDto,
  RECORD_REFERRAL_RESPONSE: RecordReferralResponseEventDto,
  DOWNGRADE: DowngradeEventDto,
  DECAPTION: DecaptionEventDto,
  PROPOSE: ProposeEventDto,
  APPROVE: ApproveEventDto,
  RETURN: ReturnEventDto,
  CLOSE: CloseEventDto,
  TOLL: TollEventDto,
  RESUME: ResumeEventDto,
  EXTEND: ExtendEventDto,
  SET_DUE_DATE: SetDueDateEventDto,
} satisfies Record<ClientEventType, new () => EventBaseDto>;

export class DecisionDto {
  @ApiProperty({ enum: DECISION_ACTIONS }) action!: string;
  @ApiProperty({ type: [String] }) exemptions!: string[];
  @ApiProperty({ nullable: true, type: String }) justification!: string | null;
  @ApiProperty({ nullable: true, type: String }) agency!: string | null;
  @ApiProperty() decidedBy!: string;
  @ApiProperty() decidedAt!: string;
}

export class ReviewPortionDto {
  @ApiProperty() id!: string;
  @ApiProperty() seq!: number;
  @ApiProperty() classification!: string;
  @ApiProperty({ type: DecisionDto, nullable: true }) decision!: DecisionDto | null;
}

export class ReferralResponseDto {
  @ApiProperty() decision!: string;
  @ApiProperty({ type: [String] }) exemptions!: string[];
  @ApiProperty() recordedBy!: string;
  @ApiProperty() recordedAt!: string;
}

export class ReferralDto {
  @ApiProperty() id!: string;
  @ApiProperty() agency!: string;
  @ApiProperty({ type: [String] }) portionIds!: string[];
  @ApiProperty() sentAt!: string;
  @ApiProperty({ type: ReferralResponseDto, nullable: true }) response!: ReferralResponseDto | null;
}

export class ClockDto {
  @ApiProperty() receivedOn!: string;
  @ApiProperty({ nullable: true, type: String }) dueOn!: string | null;
  @ApiProperty() tolled!: boolean;
  @ApiProperty({ type: [String], description: 'How the due date was computed, one rule per line' })
  explanation!: string[];
}

export class ReviewDto {
  @ApiProperty() id!: string;
  @ApiProperty() documentId!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The request the review answers; its clock is moved on the request',
  })
  requestId!: string | null;
  @ApiProperty() documentNumber!: string;
  @ApiProperty({ enum: REVIEW_KINDS }) kind!: string;
  @ApiProperty({ enum: REVIEW_STATES }) state!: string;
  @ApiProperty({ description: 'One more with every accepted event' }) version!: number;
  @ApiProperty({ nullable: true, type: String }) assigneeId!: string | null;
  @ApiProperty({ nullable: true, type: String }) proposerId!: string | null;
  @ApiProperty({ nullable: true, type: String }) approverId!: string | null;
  @ApiProperty({ enum: DETERMINATIONS, nullable: true }) determination!: string | null;
  @ApiProperty({ nullable: true, type: String }) releaseMarking!: string | null;
  @ApiProperty({ nullable: true, type: String }) returnComment!: string | null;
  @ApiProperty({ nullable: true, type: String }) closedReason!: string | null;
  @ApiProperty({
    enum: CLASSIFICATIONS,
    nullable: true,
    description: 'The lower level the reviewer downgraded what stays classified to',
  })
  downgradeTo!: string | null;
  @ApiProperty({ enum: CAPTIONS, isArray: true, description: 'Captions removed on approval' })
  decaptions!: string[];
  @ApiProperty({ nullable: true, type: String }) dueAt!: string | null;
  @ApiProperty({ description: 'Open and past its due date' }) overdue!: boolean;
  @ApiProperty({ type: ClockDto, nullable: true, description: 'The legal clock, when one runs' })
  clock!: ClockDto | null;
  @ApiProperty({
    enum: REVIEW_EVENT_TYPES,
    isArray: true,
    description: 'Events the current state accepts',
  })
  nextEvents!: string[];
  @ApiProperty({ type: [ReviewPortionDto] }) portions!: ReviewPortionDto[];
  @ApiProperty({ type: [ReferralDto] }) referrals!: ReferralDto[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

/** A row of a review list: GET /api/reviews/:id has its decisions and the events it accepts. */
export class ReviewListItemDto {
  @ApiProperty() id!: string;
  @ApiProperty() documentId!: string;
  @ApiProperty() documentNumber!: string;
  @ApiProperty() documentTitle!: string;
  @ApiProperty({ enum: REVIEW_KINDS }) kind!: string;
  @ApiProperty({ enum: REVIEW_STATES }) state!: string;
  @ApiProperty({ description: 'Send as expectedVersion with the next event' }) version!: number;
  @ApiProperty({ nullable: true, type: String }) assigneeId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The assignee's username" })
  assigneeName!: string | null;
  @ApiProperty({ nullable: true, type: String }) dueAt!: string | null;
  @ApiProperty({ description: 'Open and past its due date' }) overdue!: boolean;
  @ApiProperty({ type: ClockDto, nullable: true }) clock!: ClockDto | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class ReviewPageDto {
  @ApiProperty({ type: [ReviewListItemDto] }) items!: ReviewListItemDto[];
  @ApiProperty({ description: 'How many reviews match, on every page' }) total!: number;
  @ApiProperty({
    description:
      'False when a search (q) matched more reviews than it counts (1,000): total is then that many, and the true number larger',
  })
  totalExact!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `after` for the next page; null on the last page',
  })
  next!: string | null;
}

export class ExemptionCodeDto {
  @ApiProperty({ example: '25X6' }) code!: string;
  @ApiProperty({ enum: ['1.4', '25X', '50X-HUM-WMD', '50X', '75X', 'FOIA', 'ATOMIC'] })
  family!: string;
  @ApiProperty({
    example:
      'reveal information that would seriously impair relations between the United States and a foreign government',
  })
  meaning!: string;
  @ApiProperty({ description: 'Cite it with its date: "25X6, 20271231"' }) needsDate!: boolean;
}

export class ReleaseCopyPortionDto {
  @ApiProperty() seq!: number;
  @ApiProperty({ enum: ['RELEASED', 'WITHHELD'] }) status!: string;
  @ApiProperty({ example: '(C)' }) formerMarking!: string;
  @ApiProperty({ nullable: true, type: String }) text!: string | null;
  @ApiProperty({ type: [String] }) codes!: string[];
}

export class ReleaseCopyDto {
  @ApiProperty() documentNumber!: string;
  @ApiProperty({ enum: ['UNCLASSIFIED'] }) classification!: string;
  @ApiProperty() marking!: string;
  @ApiProperty({ type: [ReleaseCopyPortionDto] }) portions!: ReleaseCopyPortionDto[];
  @ApiProperty({ description: 'Printable copy; withheld portions boxed with their codes' })
  text!: string;
}
