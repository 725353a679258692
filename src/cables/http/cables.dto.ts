import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DocumentDto } from '../../documents/http/document.dto';

export class ImportQueryDto {
  @ApiPropertyOptional({
    example: 'cfpf-1977',
    default: 'default',
    description: 'The collection the cable joins; document numbers are unique within it',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    message: 'collection: 1–64 letters, digits, ".", "_" or "-"',
  })
  collection?: string;

  @ApiPropertyOptional({
    example: '1977STATE139375.txt',
    description: 'The file name to record with the import (source attributes and audit trail)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(/^[^/\\]+$/, { message: 'fileName: a file name without directories' })
  fileName?: string;
}

export class ImportResultDto {
  @ApiProperty({
    enum: ['imported', 'unchanged'],
    description:
      'unchanged: this very file was imported before (same source hash); nothing was written',
  })
  status!: 'imported' | 'unchanged';
  @ApiProperty({ type: DocumentDto }) document!: DocumentDto;
  @ApiProperty({
    type: [String],
    description: 'What the importer could not place; kept with the record as well',
  })
  warnings!: string[];
}

export class DispositionQueryDto {
  @ApiPropertyOptional({
    enum: ['json', 'attributes'],
    default: 'json',
    description:
      'json: fields, combined history and reviews; attributes: the "Message Attributes" block as text/plain',
  })
  @IsOptional()
  @IsIn(['json', 'attributes'])
  format?: 'json' | 'attributes';
}

export class HistoryEntryDto {
  @ApiProperty() action!: string;
  @ApiProperty({ nullable: true, type: String, example: '2008-06-16' }) date!: string | null;
  @ApiProperty({ nullable: true, type: String }) by!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
}

export class DispositionFieldsDto {
  @ApiProperty({ nullable: true, type: String }) documentNumber!: string | null;
  @ApiProperty({ nullable: true, type: String }) subject!: string | null;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ nullable: true, type: String }) originalClassification!: string | null;
  @ApiProperty({ nullable: true, type: String }) currentClassification!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '11652 GDS' })
  executiveOrder!: string | null;
  @ApiProperty({ type: [String] }) originalHandlingRestrictions!: string[];
  @ApiProperty({ type: [String] }) handlingRestrictions!: string[];
  @ApiProperty({ nullable: true, type: String, example: 'RELEASED, APPROVED' })
  reviewAction!: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewDate!: string | null;
  @ApiProperty({ type: [HistoryEntryDto] }) reviewHistory!: HistoryEntryDto[];
  @ApiProperty({ nullable: true, type: String, example: 'Released in Part' })
  dispositionAction!: string | null;
  @ApiProperty({ nullable: true, type: String }) dispositionDate!: string | null;
  @ApiProperty({ nullable: true, type: String }) dispositionApprovedOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) dispositionAuthority!: string | null;
  @ApiProperty({ nullable: true, type: String }) dispositionCaseNumber!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '1.4D, 25X1, 25X6' })
  dispositionReason!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '25 YEAR REVIEW' })
  dispositionComment!: string | null;
  @ApiProperty({ type: [HistoryEntryDto] }) dispositionHistory!: HistoryEntryDto[];
  @ApiProperty({ nullable: true, type: String }) markings!: string | null;
}

export class DispositionHistoryEntryDto {
  @ApiProperty({ enum: ['IMPORTED', 'DECLASS'] }) source!: string;
  @ApiProperty({ enum: ['REVIEW', 'DISPOSITION'] }) kind!: string;
  @ApiProperty({ example: 'Review History' }) attribute!: string;
  @ApiProperty({ nullable: true, type: String }) action!: string | null;
  @ApiProperty({ nullable: true, type: String }) date!: string | null;
  @ApiProperty({ nullable: true, type: String }) by!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
  @ApiProperty({ nullable: true, type: String }) marking!: string | null;
  @ApiProperty({ nullable: true, type: String }) approvedOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) authority!: string | null;
  @ApiProperty({ nullable: true, type: String }) caseNumber!: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewId!: string | null;
}

export class CompletedReviewDto {
  @ApiProperty() id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ enum: ['RELEASE_IN_FULL', 'RELEASE_IN_PART', 'DENY_IN_FULL'] })
  determination!: string;
  @ApiProperty({ type: [String] }) withheldCodes!: string[];
  @ApiProperty({ nullable: true, type: String }) marking!: string | null;
  @ApiProperty({ type: [String] }) decidedBy!: string[];
  @ApiProperty({ nullable: true, type: String }) proposedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) proposedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) approvedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) approvedAt!: string | null;
}

export class DispositionDto {
  @ApiProperty() documentId!: string;
  @ApiProperty() collection!: string;
  @ApiProperty() documentNumber!: string;
  @ApiProperty({ type: DispositionFieldsDto }) fields!: DispositionFieldsDto;
  @ApiProperty({ type: [DispositionHistoryEntryDto] }) history!: DispositionHistoryEntryDto[];
  @ApiProperty({ type: [CompletedReviewDto] }) reviews!: CompletedReviewDto[];
  @ApiProperty({ description: 'The same disposition as a "Message Attributes" block' })
  attributes!: string;
}
