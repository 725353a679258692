import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { correlationOf } from './correlation';

/** The one map from domain error codes to HTTP statuses. */
export const STATUS_OF: Record<ErrorCode, number> = {
  [ErrorCode.VALIDATION_FAILED]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.ROLE_REQUIRED]: 403,
  [ErrorCode.NOT_ASSIGNEE]: 403,
  [ErrorCode.TWO_PERSON_RULE]: 403,
  [ErrorCode.CLEARANCE_REQUIRED]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.INVALID_TRANSITION]: 409,
  [ErrorCode.STALE_VERSION]: 409,
  [ErrorCode.ALREADY_EXISTS]: 409,
  [ErrorCode.EXEMPTION_INVALID]: 422,
  [ErrorCode.PORTIONS_UNDECIDED]: 422,
  [ErrorCode.DETERMINATION_MISMATCH]: 422,
  [ErrorCode.REFERRAL_OPEN]: 422,
  [ErrorCode.UNKNOWN_REFERENCE]: 422,
  [ErrorCode.ASSIGNEE_NOT_ELIGIBLE]: 422,
  [ErrorCode.RULE_VIOLATED]: 422,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.UNAVAILABLE]: 503,
};

/** The body of every error answer. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: Record<string, unknown>;
  correlationId?: string;
}

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '08006',
  '08001',
  '08003',
]);

/**
 * node-postgres reports a connection closed without a PostgreSQL error ("Connection terminated
 * unexpectedly", "… not queryable") without a code, and TypeORM answers a transaction whose
 * connection died under it with QueryRunnerProviderAlreadyReleasedError: all of them mean the
 * database went away, not a fault of the request.
 */
const LOST_CONNECTION = /Connection terminated|not queryable|connection timeout/i;

function lostDatabase(err: unknown): boolean {
  const e = err as { code?: unknown; name?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string' && CONNECTION_ERRORS.has(e.code)) return true;
  if (e?.name === 'QueryRunnerProviderAlreadyReleasedError') return true;
  return (
    typeof e?.message === 'string' &&
    (e.name === 'QueryFailedError' || e.name === 'Error') &&
    LOST_CONNECTION.test(e.message)
  );
}

/**
 * Turns every error into an answer a person can act on: domain errors by their code, framework
 * errors by their status, a lost database as 503, and anything else as a 500 that reveals
 * nothing but the correlation id under which it was logged.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const correlationId = correlationOf(req);
    const body = this.toBody(err, correlationId);
    const path = req.url.split('?')[0];
    if (body.statusCode === 503) {
      // An outage answers every request for a while: one line each, without a stack.
      this.logger.warn({
        msg: 'request failed: database unavailable',
        correlationId,
        method: req.method,
        path,
        error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      });
    } else if (body.statusCode >= 500) {
      this.logger.error({
        msg: 'request failed',
        correlationId,
        method: req.method,
        path,
        error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
        stack: err instanceof Error ? err.stack : undefined,
      });
    }
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.end();
      return;
    }
    const retryAfter = body.details?.retryAfterSeconds;
    if (body.statusCode === 429 && typeof retryAfter === 'number') {
      void reply.header('retry-after', String(retryAfter));
    }
    void reply.status(body.statusCode).send(body);
  }

  private toBody(err: unknown, correlationId: string | undefined): ErrorBody {
    if (err instanceof DomainError) {
      return {
        statusCode: STATUS_OF[err.code],
        error: err.code,
        message: err.message,
        details: err.details,
        correlationId,
      };
    }
    if (err instanceof HttpException) {
      const status = err.getStatus();
      const response = err.getResponse();
      const raw =
        typeof response === 'string' ? response : (response as { message?: unknown }).message;
      const message = Array.isArray(raw)
        ? raw.join('; ')
        : typeof raw === 'string'
          ? raw
          : err.message;
      return { statusCode: status, error: errorNameOf(status), message, correlationId };
    }
    const clientError = fastifyClientError(err);
    if (clientError) {
      const { statusCode, message } = clientError;
      return { statusCode, error: errorNameOf(statusCode), message, correlationId };
    }
    if (lostDatabase(err)) {
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: ErrorCode.UNAVAILABLE,
        message: 'The database is unavailable; try again shortly',
        correlationId,
      };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: 'INTERNAL',
      message: `Something went wrong on our side; quote correlation id ${correlationId ?? 'n/a'} when reporting it`,
      correlationId,
    };
  }
}

/**
 * A request Fastify refused before any route ran (a body too large, of a type it cannot read,
 * or one our body parsers refused): a 4xx with a message meant for the caller.
 */
function fastifyClientError(err: unknown): { statusCode: number; message: string } | null {
  const e = err as { statusCode?: unknown; message?: unknown } | null;
  return typeof e?.statusCode === 'number' &&
    e.statusCode >= 400 &&
    e.statusCode < 500 &&
    typeof e.message === 'string'
    ? { statusCode: e.statusCode, message: e.message }
    : null;
}

function errorNameOf(status: number): string {
  switch (status) {
    case 400:
      return ErrorCode.VALIDATION_FAILED;
    case 401:
      return ErrorCode.UNAUTHENTICATED;
    case 403:
      return ErrorCode.ROLE_REQUIRED;
    case 404:
      return ErrorCode.NOT_FOUND;
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    default:
      return HttpStatus[status] ?? 'ERROR';
  }
}
