import {
  createParamDecorator,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { type Actor, type Role } from '../../kernel/actor';
import { Sessions } from '../../kernel/sessions';

const PUBLIC = 'declass:public';
const ROLES_KEY = 'declass:roles';

type AuthenticatedRequest = FastifyRequest & { actor?: Actor; sessionId?: string };

/** The route needs no token (login, refresh, the OpenAPI page). */
export const Public = () => SetMetadata(PUBLIC, true);

/** The route needs one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The authenticated user, as loaded for this request. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.actor) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Log in first');
  return req.actor;
});

/** The session the request's token belongs to. */
export const CurrentSession = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.sessionId) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Log in first');
  return req.sessionId;
});

/**
 * Every route needs a valid bearer token unless marked @Public; @Roles narrows it further. The
 * token names a user and a session, both read again on every request (one query), so a logout,
 * a deactivation or a change of roles, clearance or caveats applies to the very next request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: Sessions,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_.-]{1,4096})$/.exec(header);
    if (!match)
      throw new DomainError(
        ErrorCode.UNAUTHENTICATED,
        'Send "Authorization: Bearer <token>"; get a token from POST /api/auth/login',
      );
    const { actor, sessionId } = await this.auth.authenticate(match[1]!);
    req.actor = actor;
    req.sessionId = sessionId;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.some((r) => actor.roles.includes(r))) {
      throw new DomainError(ErrorCode.ROLE_REQUIRED, `This needs the role ${roles.join(' or ')}`);
    }
    return true;
  }
}
