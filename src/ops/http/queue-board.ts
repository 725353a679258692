import type { INestApplication } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, Response } from 'express';
import { correlationOf } from '../../common/http/correlation';
import { STATUS_OF } from '../../common/http/error.filter';
import { QUEUE_MAP, type QueueMap } from '../../jobs/queue.module';
import { DomainError } from '../../review/domain';
import { BOARD_COOKIE, BOARD_PATH, BoardSessions } from '../application/board-session';

type BoardServerAdapter = Parameters<typeof createBullBoard>[0]['serverAdapter'];

/**
 * Bull Board for every queue at /admin/queues, for administrators only: a request passes with an
 * administrator's bearer token (curl) or the board cookie (a browser, see BoardSessions).
 */
export function mountQueueBoard(app: INestApplication): void {
  const queues = app.get<QueueMap>(QUEUE_MAP);
  const sessions = app.get(BoardSessions);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: [...queues.values()].map((queue) => new BullMQAdapter(queue)),
    // @bull-board/express 9.10.1 pins its own copy of @bull-board/api 9.10.1, whose adapter
    // classes TypeScript tells apart from ours (9.10.2) by their private fields; the router it
    // builds only takes what createBullBoard hands it, so the two patch versions work together.
    serverAdapter: serverAdapter as unknown as BoardServerAdapter,
    options: { uiConfig: { boardTitle: 'declass queues' } },
  });
  app.use(
    BOARD_PATH,
    adminOnly(sessions),
    serverAdapter.getRouter() as (req: Request, res: Response, next: NextFunction) => void,
  );
}

function adminOnly(sessions: BoardSessions) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const bearer = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(req.header('authorization') ?? '')?.[1];
    sessions
      .admin({ bearer, cookie: cookieOf(req, BOARD_COOKIE) })
      .then(() => next())
      .catch((err: unknown) => {
        if (!(err instanceof DomainError)) return next(err);
        const statusCode = STATUS_OF[err.code];
        res.status(statusCode).json({
          statusCode,
          error: err.code,
          message: err.message,
          correlationId: correlationOf(req),
        });
      });
  };
}

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
