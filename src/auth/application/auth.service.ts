import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { chainOf, type AuditRecord } from '../../audit/domain/audit-hash';
import { Clock } from '../../kernel/clock';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { type Actor } from '../../kernel/actor';
import { AccountStore, type SessionRow, type StoredUser } from './account.ports';
import {
  inRefreshGrace,
  LOGIN_THROTTLE,
  recordsThrottle,
  SESSION_LIFETIME_SECONDS,
  throttleVerdict,
} from './auth-policy';
import { DUMMY_HASH, verifyPassword } from './password';
import {
  hashRefreshToken,
  issuedByUs,
  refreshTokenFor,
  refreshTokenKey,
  sameHash,
  sessionOfRefreshToken,
} from './refresh-token';
import { toActor, type UserRecord } from './user-directory';
import { UserAdminService, type AddUser } from './user-admin.service';
import { Sessions, type Authenticated } from '../../kernel/sessions';

export type { AddUser } from './user-admin.service';

export interface LoginResult {
  /** A bearer token for `expiresIn` seconds. */
  accessToken: string;
  /** Trades once for new tokens at POST /api/auth/refresh; never valid as a bearer token. */
  refreshToken: string;
  expiresIn: number;
  user: Omit<UserRecord, 'active'>;
}

/** The caller of a request: the user as they are now, and the session their token belongs to. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const BAD_TOKEN = 'The token is invalid or expired; log in again';
const ENDED =
  'The account is unknown or deactivated, or the session has ended (logged out, expired or revoked); log in again';
const BAD_REFRESH =
  'The refresh token is invalid, expired or already used; log in again with your username and password';

/** What a token whose signature checked out says: who, which session, until when (epoch s). */
interface VerifiedClaims {
  sub: string;
  sid: string;
  exp: number;
}

/**
 * Tokens whose signature has been checked, kept so that a client's every request does not pay for
 * HMAC again (a few per cent of a request's CPU). A token is immutable, so its check cannot go
 * stale; the session and the user behind it are still read on every request.
 */
const VERIFIED_TOKENS_KEPT = 10_000;

@Injectable()
export class AuthService implements Sessions {
  private readonly verified = new Map<string, VerifiedClaims>();

  constructor(
    private readonly store: AccountStore,
    private readonly admin: UserAdminService,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.refreshKey = refreshTokenKey(config.jwtSecret);
  }

  private readonly refreshKey: Buffer;

  /**
   * Checks the password in constant time and records the attempt, successful or not, in the
   * audit trail. Attempts from one address, and attempts for one username, queue behind each
   * other, so the failure counts they read are exact. A throttled attempt checks no password, so
   * a burst holds the queue for at most the limit's worth of password checks; throttled attempts
   * are recorded once a minute per username or address, with their number.
   */
  async login(username: string, password: string, address: string | null): Promise<LoginResult> {
    const name = username.slice(0, 200);
    const outcome = await this.store.transaction(async (tx) => {
      await tx.lockLogin(name, address);
      const now = this.clock.now();
      const since = new Date(now.getTime() - LOGIN_THROTTLE.windowSeconds * 1000);
      const failures = await tx.recentFailures(name, address, since, {
        username: LOGIN_THROTTLE.perUsername,
        address: LOGIN_THROTTLE.perAddress,
      });
      const verdict = throttleVerdict(failures, now);
      const user = await tx.userByUsername(username);
      const event = (action: string, payload: Record<string, unknown>): AuditRecord => ({
        chainKey: user ? chainOf.user(user.id) : chainOf.auth,
        occurredAt: this.clock.now().toISOString(),
        actorId: user?.id ?? null,
        actorUsername: name,
        actorRoles: user?.roles ?? [],
        action,
        reviewId: null,
        documentId: null,
        fromState: null,
        toState: null,
        payload: { address, ...payload },
      });
      if (verdict.limited) {
        // Held by the lock of its scope (the address or the username), so the tally is exact.
        const key = verdict.scope === 'address' ? `address:${address}` : `username:${name}`;
        const tally = await tx.throttleTally(key);
        if (tally && !recordsThrottle(tally, now)) {
          await tx.saveThrottleTally(key, { ...tally, unrecorded: tally.unrecorded + 1 });
        } else {
          await tx.audit(
            event('LOGIN_THROTTLED', {
              limitedBy: verdict.scope,
              retryAfterSeconds: verdict.retryAfterSeconds,
              // This attempt and those refused, unrecorded, since the previous event.
              attempts: (tally?.unrecorded ?? 0) + 1,
              since: tally?.recordedAt.toISOString() ?? null,
            }),
          );
          await tx.saveThrottleTally(key, { recordedAt: now, unrecorded: 0 });
        }
        return verdict;
      }
      const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
      if (!ok || !user?.active) {
        await tx.audit(
          event('LOGIN_FAILED', { reason: ok && user ? 'deactivated' : 'bad credentials' }),
        );
        return null;
      }
      const sessionId = randomUUID();
      const refresh = refreshTokenFor(sessionId, 0, this.refreshKey);
      await tx.openSession({
        id: sessionId,
        userId: user.id,
        refreshTokenHash: refresh.hash,
        address,
        expiresAt: new Date(now.getTime() + SESSION_LIFETIME_SECONDS * 1000),
      });
      await tx.audit(event('LOGIN_SUCCEEDED', { sessionId }));
      return { user, sessionId, refreshToken: refresh.token };
    });
    if (outcome === null)
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Wrong username or password');
    if ('limited' in outcome) {
      throw new DomainError(
        ErrorCode.RATE_LIMITED,
        `Too many failed logins ${outcome.scope === 'username' ? 'for this username' : 'from your address'}; try again in ${outcome.retryAfterSeconds} seconds`,
        { retryAfterSeconds: outcome.retryAfterSeconds },
      );
    }
    return this.tokens(outcome.user, outcome.sessionId, outcome.refreshToken);
  }

  /**
   * Trades a refresh token for new tokens and retires it. A retired token presented again means
   * two parties hold the session (one of them stole it): the session ends for both, and the
   * reuse is recorded in the user's audit chain. Within a few seconds of its rotation, though,
   * the retired token answers with the token that replaced it: two refreshes sent together (two
   * tabs, a retry after a lost answer) both succeed and leave their client one working token.
   */
  async refresh(refreshToken: string, address: string | null): Promise<LoginResult> {
    const sessionId = sessionOfRefreshToken(refreshToken);
    if (!sessionId) throw new DomainError(ErrorCode.UNAUTHENTICATED, BAD_REFRESH);
    const outcome = await this.store.transaction(async (tx) => {
      const session = await tx.lockSession(sessionId);
      const now = this.clock.now();
      if (!session || session.revokedAt || session.expiresAt <= now) return null;
      if (!sameHash(hashRefreshToken(refreshToken), session.refreshTokenHash)) {
        // A token nobody issued (a session id read somewhere, a made-up secret) ends nothing;
        // only one we issued and rotated since is a stolen token being reused.
        if (!issuedByUs(refreshToken, this.refreshKey)) return null;
        const replacement = this.raceLoser(refreshToken, session, now);
        if (replacement) {
          const user = await tx.lockUser(session.userId);
          return user?.active ? { user, refreshToken: replacement } : null;
        }
        await tx.revokeSession(session.id, 'REFRESH_TOKEN_REUSED', now);
        const owner = await tx.lockUser(session.userId);
        await tx.audit({
          chainKey: chainOf.user(session.userId),
          occurredAt: now.toISOString(),
          actorId: session.userId,
          actorUsername: owner?.username ?? null,
          actorRoles: owner?.roles ?? [],
          action: 'REFRESH_TOKEN_REUSED',
          reviewId: null,
          documentId: null,
          fromState: null,
          toState: null,
          payload: { sessionId: session.id, address },
        });
        return null;
      }
      const user = await tx.lockUser(session.userId);
      if (!user?.active) return null;
      const next = refreshTokenFor(session.id, session.rotations + 1, this.refreshKey);
      await tx.rotateSession(session.id, next.hash, now);
      return { user, refreshToken: next.token };
    });
    if (!outcome) throw new DomainError(ErrorCode.UNAUTHENTICATED, BAD_REFRESH);
    return this.tokens(outcome.user, sessionId, outcome.refreshToken);
  }

  /** Ends the session at once: its access and refresh tokens stop working on the next request. */
  async logout(caller: Authenticated, address: string | null): Promise<void> {
    await this.store.transaction(async (tx) => {
      const session = await tx.lockSession(caller.sessionId);
      if (!session || session.revokedAt) return;
      const now = this.clock.now();
      await tx.revokeSession(session.id, 'LOGOUT', now);
      await tx.audit({
        chainKey: chainOf.user(caller.actor.id),
        occurredAt: now.toISOString(),
        actorId: caller.actor.id,
        actorUsername: caller.actor.username,
        actorRoles: caller.actor.roles,
        action: 'LOGOUT',
        reviewId: null,
        documentId: null,
        fromState: null,
        toState: null,
        payload: { sessionId: session.id, address },
      });
    });
  }

  /**
   * Resolves a bearer token to the user as they are now, reading the user and the token's session
   * together: role, clearance and caveat changes, deactivation and logout take effect on the next
   * request, since the token carries only the user's and the session's ids.
   */
  async authenticate(token: string): Promise<Authenticated> {
    const claims = this.verified.get(token) ?? (await this.verify(token));
    if (claims.exp * 1000 <= Date.now()) {
      this.verified.delete(token);
      throw new DomainError(ErrorCode.UNAUTHENTICATED, BAD_TOKEN);
    }
    return { actor: await this.sessionActor(claims.sid, claims.sub), sessionId: claims.sid };
  }

  /** The user of a live session as they are now; 401 once it is logged out, expired or revoked. */
  async sessionActor(sessionId: string, userId: string): Promise<Actor> {
    const user = await this.store.sessionUser(sessionId, userId);
    if (!user?.active) throw new DomainError(ErrorCode.UNAUTHENTICATED, ENDED);
    return toActor(user);
  }

  /** Checks the token's signature and claims once; `authenticate` checks its expiry every time. */
  private async verify(token: string): Promise<VerifiedClaims> {
    let claims: { sub?: unknown; sid?: unknown; exp?: unknown };
    try {
      claims = await this.jwt.verifyAsync<typeof claims>(token, { algorithms: ['HS256'] });
    } catch {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, BAD_TOKEN);
    }
    const { sub, sid, exp } = claims;
    if (
      typeof sub !== 'string' ||
      typeof sid !== 'string' ||
      typeof exp !== 'number' ||
      !UUID.test(sub) ||
      !UUID.test(sid)
    )
      throw new DomainError(ErrorCode.UNAUTHENTICATED, BAD_TOKEN);
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.clear();
    const verified = { sub, sid, exp };
    this.verified.set(token, verified);
    return verified;
  }

  /**
   * The session's current refresh token, when `presented` is the one its last rotation retired
   * and that rotation is recent enough; null otherwise (a reuse to treat as theft).
   */
  private raceLoser(presented: string, session: SessionRow, now: Date): string | null {
    if (session.rotations === 0 || !inRefreshGrace(session.refreshedAt, now)) return null;
    const retired = refreshTokenFor(session.id, session.rotations - 1, this.refreshKey);
    const current = refreshTokenFor(session.id, session.rotations, this.refreshKey);
    // A session opened before tokens were derived may hold a random one: no grace for it.
    if (!sameHash(current.hash, session.refreshTokenHash)) return null;
    return sameHash(hashRefreshToken(presented), retired.hash) ? current.token : null;
  }

  /** Creates a user from the CLI, the demo or a test (audited as done by the CLI). */
  addUser(input: AddUser): Promise<UserRecord> {
    return this.admin.create(input, null);
  }

  private async tokens(
    user: StoredUser,
    sessionId: string,
    refreshToken: string,
  ): Promise<LoginResult> {
    const expiresIn = this.config.accessTokenTtlSeconds;
    const accessToken = await this.jwt.signAsync({ sub: user.id, sid: sessionId }, { expiresIn });
    const { active: _active, passwordHash: _hash, ...profile } = user;
    return { accessToken, refreshToken, expiresIn, user: profile };
  }
}
