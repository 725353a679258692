import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { chainOf } from '../../audit/domain/audit-hash';
import { appendAuditEvent } from '../../audit/persistence/audit-log';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import {
  CAPTIONS,
  CLEARANCES,
  DomainError,
  ErrorCode,
  isCaption,
  isClearance,
  ROLES,
  type Actor,
  type Role,
} from '../../review/domain';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password';
import { toActor, UserDirectory, type UserRecord } from './user-directory';

export interface LoginResult {
  accessToken: string;
  expiresIn: number;
  user: Omit<UserRecord, 'active'>;
}

export interface AddUser {
  username: string;
  password: string;
  roles: string[];
  clearance: string;
  caveats?: string[];
}

const fail = (message: string) => new DomainError(ErrorCode.VALIDATION_FAILED, message);

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UserDirectory,
    private readonly jwt: JwtService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Checks the password in constant time and records the attempt, successful or not. */
  async login(username: string, password: string, address: string | null): Promise<LoginResult> {
    const user = await this.users.findByUsername(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    const accepted = ok && user !== null && user.active;
    await this.dataSource.transaction((m) =>
      appendAuditEvent(m, {
        chainKey: user ? chainOf.user(user.id) : chainOf.auth,
        occurredAt: new Date().toISOString(),
        actorId: user?.id ?? null,
        actorUsername: username.slice(0, 200),
        actorRoles: user?.roles ?? [],
        action: accepted ? 'LOGIN_SUCCEEDED' : 'LOGIN_FAILED',
        reviewId: null,
        documentId: null,
        fromState: null,
        toState: null,
        payload: {
          address,
          ...(accepted ? {} : { reason: user && !user.active ? 'deactivated' : 'bad credentials' }),
        },
      }),
    );
    if (!accepted) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Wrong username or password');
    const accessToken = await this.jwt.signAsync(
      { sub: user.id },
      { expiresIn: this.config.accessTokenTtlSeconds },
    );
    const { active: _active, passwordHash: _hash, ...profile } = user;
    return { accessToken, expiresIn: this.config.accessTokenTtlSeconds, user: profile };
  }

  /**
   * Resolves a bearer token to the user as they are now: roles, clearance and deactivation take
   * effect on the next request, since the token carries only the user's id.
   */
  async authenticate(token: string): Promise<Actor> {
    let sub: unknown;
    try {
      ({ sub } = await this.jwt.verifyAsync<{ sub: string }>(token, { algorithms: ['HS256'] }));
    } catch {
      throw new DomainError(
        ErrorCode.UNAUTHENTICATED,
        'The token is invalid or expired; log in again',
      );
    }
    const user = typeof sub === 'string' ? await this.users.findById(sub) : null;
    if (!user?.active)
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'The account is unknown or deactivated');
    return toActor(user);
  }

  /** Creates a user (CLI and demo); every field is checked with a message that says what to fix. */
  async addUser(input: AddUser): Promise<UserRecord> {
    if (!/^[a-z][a-z0-9._-]{1,63}$/.test(input.username)) {
      throw fail(
        'username: 2–64 characters, lower-case letters, digits, ".", "_" or "-", starting with a letter',
      );
    }
    if (input.password.length < 8) throw fail('password: at least 8 characters');
    const roles = input.roles.map((r) => r.trim()).filter(Boolean);
    const badRole = roles.find((r) => !(ROLES as readonly string[]).includes(r));
    if (roles.length === 0 || badRole)
      throw fail(
        `roles: one or more of ${ROLES.join(', ')}${badRole ? ` (not "${badRole}")` : ''}`,
      );
    if (!isClearance(input.clearance)) throw fail(`clearance: one of ${CLEARANCES.join(', ')}`);
    const caveats = (input.caveats ?? []).map((c) => c.trim().toUpperCase()).filter(Boolean);
    const badCaveat = caveats.find((c) => !isCaption(c));
    if (badCaveat) throw fail(`caveats: any of ${CAPTIONS.join(', ')} (not "${badCaveat}")`);
    return this.users.create({
      username: input.username,
      passwordHash: await hashPassword(input.password),
      roles: roles as Role[],
      clearance: input.clearance,
      caveats,
    });
  }
}
