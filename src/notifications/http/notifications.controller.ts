import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsUUID,
  Max,
  Min,
} from 'class-validator';
import { CurrentUser } from '../../common/http/auth.guard';
import type { Actor } from '../../kernel/actor';
import { NotificationsService } from '../notifications.service';

export class NotificationQueryDto {
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  unread = false;

  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 50;
}

export class MarkReadDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'Which notifications; all unread ones when absent',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  ids?: string[];
}

export class MarkedReadDto {
  @ApiProperty({ description: 'How many notifications were marked read' }) marked!: number;
}

export class NotificationDto {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String }) reviewId!: string | null;
  @ApiProperty({ nullable: true, type: String }) documentId!: string | null;
  @ApiProperty({ example: 'ASSIGNED' }) reason!: string;
  @ApiProperty() message!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) readAt!: string | null;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'Your notifications, newest first' })
  @ApiOkResponse({ type: [NotificationDto] })
  list(@Query() query: NotificationQueryDto, @CurrentUser() actor: Actor) {
    return this.notifications.list(actor, query.unread, query.limit);
  }

  @Post('read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark your notifications read: those named, or all unread ones' })
  @ApiOkResponse({ type: MarkedReadDto })
  async markRead(@Body() body: MarkReadDto, @CurrentUser() actor: Actor) {
    return { marked: await this.notifications.markRead(actor, body.ids) };
  }
}
