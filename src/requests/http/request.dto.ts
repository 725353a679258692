import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDay } from '../../common/http/dates';
import { PagingDto } from '../../common/http/paging.dto';
import { LETTER_KINDS } from '../domain/letters';
import {
  CLOSING_REASONS,
  FEE_CATEGORIES,
  REQUEST_KINDS,
  REQUEST_STATES,
  TRACKS,
  type FeeCategory,
  type RequestKind,
  type RequestState,
  type Track,
} from '../domain/request.types';

/** The most records one request names when it opens. */
export const MAX_RECORDS_PER_REQUEST = 500;

export class RequesterDto {
  @ApiProperty({ example: 'Jane Doe' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'National Security Archive' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  organization?: string;

  @ApiPropertyOptional({ example: 'jane.doe@example.org' })
  @IsOptional()
  @IsEmail({}, { message: 'requester.email must be an e-mail address' })
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ enum: FEE_CATEGORIES, description: 'FOIA: the fee category' })
  @IsOptional()
  @IsIn(FEE_CATEGORIES)
  feeCategory?: FeeCategory;
}

export class OpenRequestDto {
  @ApiProperty({ enum: ['FOIA', 'MDR'] })
  @IsIn(['FOIA', 'MDR'])
  kind!: 'FOIA' | 'MDR';

  @ApiProperty({ type: RequesterDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RequesterDto)
  requester!: RequesterDto;

  @ApiProperty({ example: '2026-11-20', description: 'The day the request arrived' })
  @IsCalendarDay('receivedOn')
  receivedOn!: string;

  @ApiProperty({ example: 'Cables on the 1975 Helsinki conference' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  description!: string;

  @ApiPropertyOptional({ enum: TRACKS, default: 'simple' })
  @IsOptional()
  @IsIn(TRACKS)
  track?: Track;

  @ApiPropertyOptional({
    description: 'FOIA: the requester asks that fees be waived (5 U.S.C. 552(a)(4)(A)(iii))',
  })
  @IsOptional()
  @IsBoolean()
  feeWaiverRequested?: boolean;

  @ApiPropertyOptional({ description: 'MDR: NARA forwarded the request (180 days, not one year)' })
  @IsOptional()
  @IsBoolean()
  forwardedByNara?: boolean;

  @ApiProperty({ type: [String], description: 'The records the request covers (may be empty)' })
  @IsArray()
  @ArrayMaxSize(MAX_RECORDS_PER_REQUEST)
  @IsUUID('all', { each: true, message: 'each of documentIds must be a document id (a UUID)' })
  documentIds!: string[];
}

export class AppealDto {
  @ApiProperty({ example: '2026-12-01' })
  @IsCalendarDay('receivedOn')
  receivedOn!: string;

  @ApiProperty({ example: 'The withheld paragraphs are more than 25 years old' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  grounds!: string;
}

export const REQUEST_EVENT_TYPES = [
  'TOLL',
  'RESUME',
  'EXTEND',
  'DECIDE_EXPEDITE',
  'DECIDE_FEE_WAIVER',
  'RESPOND',
  'CLOSE',
] as const;

export class RequestEventDto {
  @ApiProperty({ enum: REQUEST_EVENT_TYPES })
  @IsIn(REQUEST_EVENT_TYPES)
  type!: (typeof REQUEST_EVENT_TYPES)[number];

  @ApiPropertyOptional({
    description:
      'TOLL, EXTEND, DECIDE_EXPEDITE, DECIDE_FEE_WAIVER: why (required); CLOSE: the closing reason (required), one of ' +
      CLOSING_REASONS.join(', '),
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({ enum: ['INFORMATION', 'FEES'], description: 'TOLL: why the clock stops' })
  @IsOptional()
  @IsIn(['INFORMATION', 'FEES'])
  basis?: 'INFORMATION' | 'FEES';

  @ApiPropertyOptional({ description: 'DECIDE_EXPEDITE, DECIDE_FEE_WAIVER: the decision' })
  @IsOptional()
  @IsBoolean()
  granted?: boolean;

  @ApiPropertyOptional({ description: 'RESPOND, CLOSE: a paragraph added to the final response' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  note?: string;
}

export class RequestQueryDto extends PagingDto {
  @ApiPropertyOptional({ enum: REQUEST_STATES })
  @IsOptional()
  @IsIn(REQUEST_STATES)
  state?: RequestState;

  @ApiPropertyOptional({ enum: REQUEST_KINDS })
  @IsOptional()
  @IsIn(REQUEST_KINDS)
  kind?: RequestKind;
}

export class LetterDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: LETTER_KINDS }) kind!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() text!: string;
}

export class RequestReviewDto {
  @ApiProperty() id!: string;
  @ApiProperty() documentId!: string;
  @ApiProperty() documentNumber!: string;
  @ApiProperty() state!: string;
  @ApiProperty({ nullable: true, type: String }) determination!: string | null;
}

export class RequestDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'F-2027-00042' }) number!: string;
  @ApiProperty({ enum: REQUEST_KINDS }) kind!: string;
  @ApiProperty({ enum: REQUEST_STATES }) state!: string;
  @ApiProperty({ type: RequesterDto }) requester!: RequesterDto;
  @ApiProperty() description!: string;
  @ApiProperty() receivedOn!: string;
  @ApiProperty({ enum: TRACKS }) track!: string;
  @ApiProperty({ nullable: true, description: 'The request an appeal appeals: {id, number}' })
  appealOf!: object | null;
  @ApiProperty({ nullable: true, type: String }) dueOn!: string | null;
  @ApiProperty({
    nullable: true,
    description: 'The statutory clock: dueOn, tolled, adjustments and one line per rule applied',
  })
  clock!: object | null;
  @ApiProperty({ type: [RequestReviewDto] }) reviews!: RequestReviewDto[];
  @ApiProperty({ description: 'Records outside your clearance or caveats' }) hiddenRecords!: number;
  @ApiProperty({
    nullable: true,
    description: 'The answer: determination, respondedOn, records, appealBy',
  })
  outcome!: object | null;
  @ApiProperty({ description: 'Letters sent: {id, kind, createdAt}' }) letters!: object[];
  @ApiProperty({ description: 'Appeals of this request: {id, number, state}' }) appeals!: object[];
  @ApiProperty({
    description:
      'Asks decided apart from the records: {expedite?, feeWaiver?}, each {requestedOn, decidedOn, granted}',
  })
  adjudications!: object;
  @ApiProperty() readyToAnswer!: boolean;
  @ApiProperty() overdue!: boolean;
}
