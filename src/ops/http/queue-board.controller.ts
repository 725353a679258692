import { Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../../common/http/auth.guard';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { Actor } from '../../review/domain';
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
  session(@CurrentUser() actor: Actor, @Res({ passthrough: true }) res: Response): void {
    const { value, maxAgeSeconds } = this.sessions.issue(actor);
    res.cookie(BOARD_COOKIE, value, {
      path: BOARD_PATH,
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.nodeEnv === 'production',
      maxAge: maxAgeSeconds * 1000,
    });
  }
}
