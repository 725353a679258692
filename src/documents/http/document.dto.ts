import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDay } from '../../common/http/dates';
import { PagingDto } from '../../common/http/paging.dto';
import {
  CAPTIONS,
  CLASSIFICATIONS,
  type Caption,
  type Classification,
} from '../../kernel/classification';

export class PortionInputDto {
  @ApiProperty({ example: 'The Ambassador met the Foreign Minister on 15 June.' })
  @IsString()
  @MinLength(1)
  @MaxLength(100_000)
  text!: string;

  @ApiProperty({ enum: CLASSIFICATIONS, example: 'CONFIDENTIAL' })
  @IsIn(CLASSIFICATIONS)
  classification!: Classification;
}

export class RegisterDocumentDto {
  @ApiProperty({ example: '1977STATE139375' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/, {
    message: 'documentNumber: 1–64 letters, digits, ".", "_", "/" or "-"',
  })
  documentNumber!: string;

  @ApiPropertyOptional({
    example: 'default',
    description: 'Document numbers are unique within a collection',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    message: 'collection: 1–64 letters, digits, ".", "_" or "-"',
  })
  collection?: string;

  @ApiProperty({ example: 'SALT TWO: Soviet position on cruise missiles' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title!: string;

  @ApiProperty({ example: '1977-06-16', description: 'The date of origin, YYYY-MM-DD' })
  @IsCalendarDay('documentDate')
  documentDate!: string;

  @ApiProperty({ enum: CLASSIFICATIONS, example: 'SECRET' })
  @IsIn(CLASSIFICATIONS)
  originalClassification!: Classification;

  @ApiPropertyOptional({ enum: CAPTIONS, isArray: true, example: ['EXDIS'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @IsIn(CAPTIONS, { each: true })
  captions?: Caption[];

  @ApiPropertyOptional({ type: [String], example: ['PFOR', 'PARM', 'UR'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ example: 'STATE/EUR/SOV' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  originator?: string;

  @ApiPropertyOptional({ example: 'TEL', description: 'TEL, MEMO, …' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  format?: string;

  @ApiPropertyOptional({ example: 'E.O. 11652: GDS' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  classificationAuthority?: string;

  @ApiPropertyOptional({ example: 'GDS' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  declassifyOn?: string;

  @ApiPropertyOptional({ type: [String], example: ['CIA'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  equities?: string[];

  @ApiPropertyOptional({
    default: false,
    description:
      'The record holds Restricted Data or Formerly Restricted Data: it is never declassified automatically',
  })
  @IsOptional()
  @IsBoolean()
  restrictedData?: boolean;

  @ApiProperty({
    type: [PortionInputDto],
    description: 'The text in order, one entry per paragraph',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => PortionInputDto)
  portions!: PortionInputDto[];
}

export class DocumentQueryDto extends PagingDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) collection?: string;
  @ApiPropertyOptional({ enum: CLASSIFICATIONS })
  @IsOptional()
  @IsIn(CLASSIFICATIONS)
  classification?: Classification;
  @ApiPropertyOptional({ enum: CAPTIONS }) @IsOptional() @IsIn(CAPTIONS) caption?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) tag?: string;
  @ApiPropertyOptional({ description: 'Matches document number or title' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
  @ApiPropertyOptional({ example: '1977-01-01' })
  @IsOptional()
  @IsCalendarDay('dateFrom')
  dateFrom?: string;
  @ApiPropertyOptional({ example: '1977-12-31' })
  @IsOptional()
  @IsCalendarDay('dateTo')
  dateTo?: string;
}

export class PortionSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ enum: CLASSIFICATIONS }) classification!: string;
}

export class DocumentDto {
  @ApiProperty() id!: string;
  @ApiProperty() collection!: string;
  @ApiProperty() documentNumber!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) originator!: string | null;
  @ApiProperty() documentDate!: string;
  @ApiProperty() format!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: [String] }) captions!: string[];
  @ApiProperty({ enum: CLASSIFICATIONS }) originalClassification!: string;
  @ApiProperty({ enum: CLASSIFICATIONS }) currentClassification!: string;
  @ApiProperty({ nullable: true, type: String }) classificationAuthority!: string | null;
  @ApiProperty({ nullable: true, type: String }) declassifyOn!: string | null;
  @ApiProperty({ type: [String] }) equities!: string[];
  @ApiProperty({ description: 'Restricted Data / Formerly Restricted Data' })
  restrictedData!: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '2002-12-31',
    description:
      'The day E.O. 13526 §3.3 declassifies the record automatically (31 December of origin + 25); null for RD/FRD and records never classified',
  })
  autoDeclassifyOn!: string | null;
  @ApiProperty({ type: [PortionSummaryDto] }) portions!: PortionSummaryDto[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class DocumentPageDto {
  @ApiProperty({ type: [DocumentDto] }) items!: DocumentDto[];
  @ApiProperty() total!: number;
}

export class PortionTextDto extends PortionSummaryDto {
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'Null for a withheld portion unless the reader is a reviewer or supervisor cleared for its marked level',
  })
  text!: string | null;
  @ApiProperty({
    type: [String],
    description:
      'The codes the latest approved determination withheld the portion under; empty when released',
  })
  withheldUnder!: string[];
}

export class DocumentTextDto {
  @ApiProperty() documentId!: string;
  @ApiProperty() documentNumber!: string;
  @ApiProperty({ enum: CLASSIFICATIONS }) classification!: string;
  @ApiProperty({ type: [PortionTextDto] }) portions!: PortionTextDto[];
}
