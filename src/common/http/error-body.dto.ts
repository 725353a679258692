import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The shape of every error answer (see ErrorFilter). */
export class ErrorBodyDto {
  @ApiProperty({ example: 422 }) statusCode!: number;
  @ApiProperty({ example: 'EXEMPTION_INVALID', description: 'A code from ErrorCode' })
  error!: string;
  @ApiProperty({ example: '25X6 must carry its declassification date, written "25X6, YYYYMMDD"' })
  message!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) details?: Record<
    string,
    unknown
  >;
  @ApiPropertyOptional() correlationId?: string;
}
