import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { correlationOf } from '../../common/http/correlation';
import { STATUS_OF } from '../../common/http/error.filter';
import { QUEUE_MAP, type QueueMap } from '../../jobs/queue.module';
import { DomainError } from '../../kernel/errors';
import { BOARD_COOKIE, BOARD_PATH, BoardSessions } from '../application/board-session';

type BoardServerAdapter = Parameters<typeof createBullBoard>[0]['serverAdapter'];

/**
 * Bull Board for every queue at /admin/queues, for administrators only: a request passes with an
 * administrator's bearer token (curl) or the board cookie (a browser, see BoardSessions).
 */
export function mountQueueBoard(app: NestFastifyApplication): void {
  const queues = app.get<QueueMap>(QUEUE_MAP);
  const sessions = app.get(BoardSessions);
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: [...queues.values()].map((queue) => new BullMQAdapter(queue)),
    // @bull-board/fastify 9.10.1 pins its own copy of @bull-board/api 9.10.1, whose adapter
    // classes TypeScript tells apart from ours (9.10.2) by their private fields; the routes it
    // builds only take what createBullBoard hands it, so the two patch versions work together.
    serverAdapter: serverAdapter as unknown as BoardServerAdapter,
    options: { uiConfig: { boardTitle: 'declass queues' } },
  });
  void app
    .getHttpAdapter()
    .getInstance()
    .register(
      async (board) => {
        board.addHook('onRequest', adminOnly(sessions));
        await board.register(serverAdapter.registerPlugin());
      },
      { prefix: BOARD_PATH },
    );
}

function adminOnly(sessions: BoardSessions) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = req.headers.authorization ?? '';
    const bearer = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header)?.[1];
    try {
      await sessions.admin({ bearer, cookie: cookieOf(req, BOARD_COOKIE) });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const statusCode = STATUS_OF[err.code];
      await reply.status(statusCode).send({
        statusCode,
        error: err.code,
        message: err.message,
        correlationId: correlationOf(req),
      });
    }
  };
}

function cookieOf(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
