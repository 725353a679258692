import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuthService } from '../../auth/application/auth.service';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { type Actor } from '../../kernel/actor';

/** The cookie that opens the queue board in a browser, which cannot send a bearer token. */
export const BOARD_COOKIE = 'declass_board';
export const BOARD_PATH = '/admin/queues';
export const BOARD_SESSION_SECONDS = 15 * 60;

/**
 * Short sessions for the queue board. An administrator's API call (with their bearer token) gets
 * a cookie scoped to /admin/queues, HttpOnly and SameSite=Strict, good for 15 minutes: a signed
 * `<user id>.<session id>.<expiry>` under a key derived from JWT_SECRET for this purpose alone,
 * so the cookie is not a token the API accepts and an API token is not a board cookie. Every board
 * request reads the session and the user again: an administrator who logs out, is revoked,
 * deactivated or demoted loses the board at once.
 */
@Injectable()
export class BoardSessions {
  private readonly key: Buffer;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly auth: AuthService,
  ) {
    this.key = createHmac('sha256', config.jwtSecret)
      .update('declass queue board session')
      .digest();
  }

  issue(
    actor: Actor,
    sessionId: string,
    now = Date.now(),
  ): { value: string; maxAgeSeconds: number } {
    requireAdmin(actor);
    const expires = Math.floor(now / 1000) + BOARD_SESSION_SECONDS;
    const body = `${actor.id}.${sessionId}.${expires}`;
    return { value: `${body}.${this.sign(body)}`, maxAgeSeconds: BOARD_SESSION_SECONDS };
  }

  /** The administrator behind a bearer token or a board cookie; throws 401 or 403 otherwise. */
  async admin(credentials: { bearer?: string; cookie?: string }, now = Date.now()): Promise<Actor> {
    const actor = credentials.bearer
      ? (await this.auth.authenticate(credentials.bearer)).actor
      : await this.fromCookie(credentials.cookie, now);
    requireAdmin(actor);
    return actor;
  }

  private async fromCookie(value: string | undefined, now: number): Promise<Actor> {
    const parts = value?.split('.') ?? [];
    const [userId, sessionId, expires, signature] = parts;
    const valid =
      parts.length === 4 &&
      userId !== undefined &&
      sessionId !== undefined &&
      expires !== undefined &&
      signature !== undefined &&
      safeEqual(signature, this.sign(`${userId}.${sessionId}.${expires}`)) &&
      Number(expires) * 1000 > now;
    if (!valid) {
      throw new DomainError(
        ErrorCode.UNAUTHENTICATED,
        `The queue board needs an administrator: send "Authorization: Bearer <token>", or open it in a browser after POST /api/admin/queues/session with your token (a ${BOARD_SESSION_SECONDS / 60}-minute cookie)`,
      );
    }
    return this.auth.sessionActor(sessionId, userId);
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

function requireAdmin(actor: Actor): void {
  if (!actor.roles.includes('admin')) {
    throw new DomainError(ErrorCode.ROLE_REQUIRED, 'The queue board is for administrators');
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
