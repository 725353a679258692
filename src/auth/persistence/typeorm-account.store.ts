import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditRecord } from '../../audit/domain/audit-hash';
import { appendAuditEvent } from '../../audit/persistence/audit-log';
import { queryPrepared } from '../../database/prepared';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { type Clearance } from '../../kernel/classification';
import { type Role } from '../../kernel/actor';
import {
  AccountStore,
  type AccountTransaction,
  type ChangeRequest,
  type NewChangeRequest,
  type NewSession,
  type NewUser,
  type RevokeReason,
  type SessionRow,
  type StoredUser,
  type UserPatch,
} from '../application/account.ports';
import type { RecentFailures, ThrottleTally } from '../application/auth-policy';
import type { UserRecord } from '../application/user-directory';

interface RawUser {
  id: string;
  username: string;
  password_hash: string;
  roles: string[];
  clearance: string;
  caveats: string[];
  active: boolean;
}

const toStored = (u: RawUser): StoredUser => ({
  id: u.id,
  username: u.username,
  passwordHash: u.password_hash,
  roles: u.roles as Role[],
  clearance: u.clearance as Clearance,
  caveats: u.caveats,
  active: u.active,
});

interface RawChangeRequest {
  id: string;
  user_id: string;
  username: string;
  before: ChangeRequest['before'];
  after: ChangeRequest['after'];
  proposed_by: string;
  proposed_at: Date;
  outcome: ChangeRequest['outcome'];
  decided_by: string | null;
  decided_at: Date | null;
}

const toChangeRequest = (r: RawChangeRequest): ChangeRequest => ({
  id: r.id,
  userId: r.user_id,
  username: r.username,
  before: r.before,
  after: r.after,
  proposedBy: r.proposed_by,
  proposedAt: r.proposed_at,
  outcome: r.outcome,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
});

const CHANGE_COLUMNS = `c.id, c.user_id, u.username, c.before, c.after, c.proposed_by, c.proposed_at,
  c.outcome, c.decided_by, c.decided_at`;

const USER_COLUMNS = 'u.id, u.username, u.password_hash, u.roles, u.clearance, u.caveats, u.active';

class TypeOrmAccountTransaction implements AccountTransaction {
  constructor(private readonly m: EntityManager) {}

  async lockLogin(username: string, address: string | null): Promise<void> {
    if (address !== null)
      await this.m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `login-address:${address}`,
      ]);
    await this.m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `login:${username}`,
    ]);
  }

  async recentFailures(
    username: string,
    address: string | null,
    since: Date,
    limit: { username: number; address: number },
  ): Promise<RecentFailures> {
    // A successful login clears the username's count; an address's count only ages out.
    const byUsername = await this.m.query<{ occurred_at: Date }[]>(
      `SELECT occurred_at FROM audit_events
        WHERE action = 'LOGIN_FAILED' AND actor_username = $1 AND occurred_at > $2
          AND occurred_at > coalesce((SELECT max(occurred_at) FROM audit_events
                                       WHERE action = 'LOGIN_SUCCEEDED' AND actor_username = $1), '-infinity')
        ORDER BY occurred_at DESC LIMIT $3`,
      [username, since.toISOString(), limit.username],
    );
    const byAddress =
      address === null
        ? []
        : await this.m.query<{ occurred_at: Date }[]>(
            `SELECT occurred_at FROM audit_events
              WHERE action = 'LOGIN_FAILED' AND payload->>'address' = $1 AND occurred_at > $2
              ORDER BY occurred_at DESC LIMIT $3`,
            [address, since.toISOString(), limit.address],
          );
    return {
      byUsername: byUsername.map((r) => r.occurred_at),
      byAddress: byAddress.map((r) => r.occurred_at),
    };
  }

  async throttleTally(key: string): Promise<ThrottleTally | null> {
    const [row] = await this.m.query<{ recorded_at: Date; unrecorded: number }[]>(
      `SELECT recorded_at, unrecorded FROM login_throttle_tallies WHERE key = $1`,
      [key],
    );
    return row ? { recordedAt: row.recorded_at, unrecorded: row.unrecorded } : null;
  }

  async saveThrottleTally(key: string, tally: ThrottleTally): Promise<void> {
    await this.m.query(
      `INSERT INTO login_throttle_tallies (key, recorded_at, unrecorded) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET recorded_at = excluded.recorded_at, unrecorded = excluded.unrecorded`,
      [key, tally.recordedAt.toISOString(), tally.unrecorded],
    );
  }

  async userByUsername(username: string): Promise<StoredUser | null> {
    const [row] = await this.m.query<RawUser[]>(
      `SELECT ${USER_COLUMNS} FROM users u WHERE u.username = $1`,
      [username],
    );
    return row ? toStored(row) : null;
  }

  async lockUser(id: string): Promise<StoredUser | null> {
    const [row] = await this.m.query<RawUser[]>(
      `SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1 FOR UPDATE`,
      [id],
    );
    return row ? toStored(row) : null;
  }

  async insertUser(user: NewUser): Promise<void> {
    const rows = await this.m.query<{ id: string }[]>(
      `INSERT INTO users (id, username, password_hash, roles, clearance, caveats, active)
       VALUES ($1, $2, $3, $4, $5, $6, true) ON CONFLICT (username) DO NOTHING RETURNING id`,
      [user.id, user.username, user.passwordHash, user.roles, user.clearance, user.caveats],
    );
    if (rows.length === 0) {
      throw new DomainError(
        ErrorCode.ALREADY_EXISTS,
        `A user named ${user.username} already exists; choose another username`,
      );
    }
  }

  async updateUser(id: string, patch: UserPatch): Promise<void> {
    await this.m.query(
      `UPDATE users SET roles = coalesce($2, roles), clearance = coalesce($3, clearance),
         caveats = coalesce($4, caveats), active = coalesce($5, active),
         password_hash = coalesce($6, password_hash)
       WHERE id = $1`,
      [
        id,
        patch.roles ?? null,
        patch.clearance ?? null,
        patch.caveats ?? null,
        patch.active ?? null,
        patch.passwordHash ?? null,
      ],
    );
  }

  async openSession(s: NewSession): Promise<void> {
    await this.m.query(
      `INSERT INTO sessions (id, user_id, refresh_token_hash, address, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [s.id, s.userId, s.refreshTokenHash, s.address, s.expiresAt.toISOString()],
    );
  }

  async lockSession(id: string): Promise<SessionRow | null> {
    const [row] = await this.m.query<
      {
        id: string;
        user_id: string;
        refresh_token_hash: string;
        rotations: number;
        refreshed_at: Date | null;
        expires_at: Date;
        revoked_at: Date | null;
      }[]
    >(
      `SELECT id, user_id, refresh_token_hash, rotations, refreshed_at, expires_at, revoked_at
         FROM sessions WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row
      ? {
          id: row.id,
          userId: row.user_id,
          refreshTokenHash: row.refresh_token_hash,
          rotations: row.rotations,
          refreshedAt: row.refreshed_at,
          expiresAt: row.expires_at,
          revokedAt: row.revoked_at,
        }
      : null;
  }

  async rotateSession(id: string, refreshTokenHash: string, at: Date): Promise<void> {
    await this.m.query(
      `UPDATE sessions SET refresh_token_hash = $2, rotations = rotations + 1, refreshed_at = $3 WHERE id = $1`,
      [id, refreshTokenHash, at.toISOString()],
    );
  }

  async revokeSession(id: string, reason: RevokeReason, at: Date): Promise<void> {
    await this.m.query(
      `UPDATE sessions SET revoked_at = $3, revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`,
      [id, reason, at.toISOString()],
    );
  }

  async revokeUserSessions(userId: string, reason: RevokeReason, at: Date): Promise<number> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [, count] = await this.m.query<[unknown[], number]>(
      `UPDATE sessions SET revoked_at = $3, revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId, reason, at.toISOString()],
    );
    return count;
  }

  async insertChangeRequest(r: NewChangeRequest): Promise<void> {
    const rows = await this.m.query<{ id: string }[]>(
      `INSERT INTO user_change_requests (id, user_id, before, after, proposed_by, proposed_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id) WHERE outcome IS NULL DO NOTHING
       RETURNING id`,
      [
        r.id,
        r.userId,
        JSON.stringify(r.before),
        JSON.stringify(r.after),
        r.proposedBy,
        r.proposedAt.toISOString(),
      ],
    );
    if (rows.length === 0) {
      throw new DomainError(
        ErrorCode.ALREADY_EXISTS,
        'A change to this account already waits for a second administrator; have it approved or rejected first',
      );
    }
  }

  async lockChangeRequest(id: string): Promise<ChangeRequest | null> {
    const [row] = await this.m.query<RawChangeRequest[]>(
      `SELECT ${CHANGE_COLUMNS} FROM user_change_requests c JOIN users u ON u.id = c.user_id
        WHERE c.id = $1 FOR UPDATE OF c`,
      [id],
    );
    return row ? toChangeRequest(row) : null;
  }

  async decideChangeRequest(
    id: string,
    outcome: 'APPROVED' | 'REJECTED',
    by: string,
    at: Date,
  ): Promise<void> {
    await this.m.query(
      `UPDATE user_change_requests SET outcome = $2, decided_by = $3, decided_at = $4 WHERE id = $1`,
      [id, outcome, by, at.toISOString()],
    );
  }

  async audit(record: AuditRecord): Promise<void> {
    await appendAuditEvent(this.m, record);
  }
}

@Injectable()
export class TypeOrmAccountStore extends AccountStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (tx: AccountTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((m) => work(new TypeOrmAccountTransaction(m)));
  }

  async sessionUser(sessionId: string, userId: string): Promise<UserRecord | null> {
    // Every authenticated request asks this: prepared, it is parsed and planned once.
    const [row] = await queryPrepared<RawUser>(
      this.dataSource,
      `SELECT ${USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()`,
      [sessionId, userId],
    );
    if (!row) return null;
    const { passwordHash: _hash, ...user } = toStored(row);
    return user;
  }

  async pendingChanges(page: {
    limit: number;
    offset: number;
  }): Promise<{ items: ChangeRequest[]; total: number }> {
    const rows = await this.dataSource.query<(RawChangeRequest & { total: number })[]>(
      `SELECT ${CHANGE_COLUMNS}, count(*) OVER ()::int AS total
         FROM user_change_requests c JOIN users u ON u.id = c.user_id
        WHERE c.outcome IS NULL ORDER BY c.proposed_at, c.id LIMIT $1 OFFSET $2`,
      [page.limit, page.offset],
    );
    if (rows.length === 0 && page.offset > 0) {
      const [{ total }] = await this.dataSource.query<[{ total: number }]>(
        `SELECT count(*)::int AS total FROM user_change_requests WHERE outcome IS NULL`,
      );
      return { items: [], total };
    }
    return { items: rows.map(toChangeRequest), total: rows[0]?.total ?? 0 };
  }
}
