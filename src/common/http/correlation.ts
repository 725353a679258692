import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

type Correlated = FastifyRequest & { correlationId?: string };

/**
 * An `onRequest` hook: every request gets a correlation id (the caller's `x-correlation-id`, or
 * a new one), echoed back.
 */
export function correlationId(req: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const given = req.headers['x-correlation-id'];
  const id =
    typeof given === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(given) ? given : randomUUID();
  (req as Correlated).correlationId = id;
  void reply.header('x-correlation-id', id);
  done();
}

export function correlationOf(req: FastifyRequest): string | undefined {
  return (req as Correlated).correlationId;
}
