import { Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentSession, CurrentUser, Roles } from '../../common/http/auth.guard';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { Actor } from '../../kernel/actor';
import { BOARD_COOKIE, BOARD_PATH, BoardSessions } from '../application/board-session';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('api/admin/queues')
export class QueueBoardController {
  constructor(
    private readonly sessions: BoardSessions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('session')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Open the queue board in this browser: sets a 15-minute cookie for /admin/queues (admin)',
  })
  @ApiNoContentResponse()
  session(
    @CurrentUser() actor: Actor,
    @CurrentSession() sessionId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): void {
    const { value, maxAgeSeconds } = this.sessions.issue(actor, sessionId);
    const attributes = [
      `${BOARD_COOKIE}=${encodeURIComponent(value)}`,
      `Max-Age=${maxAgeSeconds}`,
      `Path=${BOARD_PATH}`,
      `Expires=${new Date(Date.now() + maxAgeSeconds * 1000).toUTCString()}`,
      'HttpOnly',
      'SameSite=Strict',
      ...(this.config.nodeEnv === 'production' ? ['Secure'] : []),
    ];
    void reply.header('set-cookie', attributes.join('; '));
  }
}
