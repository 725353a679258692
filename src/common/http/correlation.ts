import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** Every request gets a correlation id (the caller's `x-correlation-id`, or a new one), echoed back. */
export function correlationId(req: Request, res: Response, next: NextFunction): void {
  const given = req.header('x-correlation-id');
  const id = given && /^[A-Za-z0-9._-]{1,100}$/.test(given) ? given : randomUUID();
  (req as Request & { correlationId: string }).correlationId = id;
  res.setHeader('x-correlation-id', id);
  next();
}

export function correlationOf(req: Request): string | undefined {
  return (req as Request & { correlationId?: string }).correlationId;
}
