import type { AuditRecord } from '../../audit/domain/audit-hash';
import type { Clearance } from '../../kernel/classification';
import type { Role } from '../../kernel/actor';
import type { Access } from './admin-policy';
import type { RecentFailures, ThrottleTally } from './auth-policy';
import type { UserRecord } from './user-directory';

export type StoredUser = UserRecord & { passwordHash: string };

export interface NewUser {
  id: string;
  username: string;
  passwordHash: string;
  roles: Role[];
  clearance: Clearance;
  caveats: string[];
}

export interface UserPatch {
  roles?: Role[];
  clearance?: Clearance;
  caveats?: string[];
  active?: boolean;
  passwordHash?: string;
}

/** Why a session ended before its time. */
export type RevokeReason =
  'LOGOUT' | 'REFRESH_TOKEN_REUSED' | 'USER_DEACTIVATED' | 'PASSWORD_RESET';

export interface NewSession {
  id: string;
  userId: string;
  refreshTokenHash: string;
  address: string | null;
  expiresAt: Date;
}

export interface SessionRow {
  id: string;
  userId: string;
  refreshTokenHash: string;
  /** How often its refresh token has been traded, and when last. */
  rotations: number;
  refreshedAt: Date | null;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** A change to an administrator's powers, proposed by one administrator for a second to decide. */
export interface ChangeRequest {
  id: string;
  userId: string;
  username: string;
  before: Access;
  after: Access;
  proposedBy: string;
  proposedAt: Date;
  outcome: 'APPROVED' | 'REJECTED' | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}

export type NewChangeRequest = Pick<
  ChangeRequest,
  'id' | 'userId' | 'before' | 'after' | 'proposedBy' | 'proposedAt'
>;

/** Work on users and sessions inside one database transaction, audit event included. */
export interface AccountTransaction {
  /**
   * Serialises login attempts for one client address, then for one username, until commit, so
   * no burst outruns either count (address first, always, so two attempts never wait on each
   * other in a circle).
   */
  lockLogin(username: string, address: string | null): Promise<void>;
  /** Failed logins since `since`, newest first, at most `limit` of each kind. */
  recentFailures(
    username: string,
    address: string | null,
    since: Date,
    limit: { username: number; address: number },
  ): Promise<RecentFailures>;
  /** The refused attempts of `key` (a throttled username or address) not yet audited. */
  throttleTally(key: string): Promise<ThrottleTally | null>;
  saveThrottleTally(key: string, tally: ThrottleTally): Promise<void>;
  userByUsername(username: string): Promise<StoredUser | null>;
  /** Locks the user's row until commit; null when there is no such user. */
  lockUser(id: string): Promise<StoredUser | null>;
  /** Refuses (ALREADY_EXISTS) a username that is taken. */
  insertUser(user: NewUser): Promise<void>;
  updateUser(id: string, patch: UserPatch): Promise<void>;
  openSession(session: NewSession): Promise<void>;
  /** Locks the session's row until commit; null when there is no such session. */
  lockSession(id: string): Promise<SessionRow | null>;
  rotateSession(id: string, refreshTokenHash: string, at: Date): Promise<void>;
  revokeSession(id: string, reason: RevokeReason, at: Date): Promise<void>;
  /** Ends every open session of the user; returns how many there were. */
  revokeUserSessions(userId: string, reason: RevokeReason, at: Date): Promise<number>;
  /** Refuses (ALREADY_EXISTS) a second change waiting for the same account. */
  insertChangeRequest(request: NewChangeRequest): Promise<void>;
  /** Locks the request's row until commit; null when there is no such request. */
  lockChangeRequest(id: string): Promise<ChangeRequest | null>;
  decideChangeRequest(
    id: string,
    outcome: 'APPROVED' | 'REJECTED',
    by: string,
    at: Date,
  ): Promise<void>;
  /** Appends the event to its hash chain in this transaction. */
  audit(record: AuditRecord): Promise<void>;
}

/** Users and their sessions: implemented over TypeORM in persistence/. */
export abstract class AccountStore {
  abstract transaction<T>(work: (tx: AccountTransaction) => Promise<T>): Promise<T>;
  /**
   * The user behind an access token, read with its session in one query: null unless the session
   * exists, belongs to that user, is not revoked and has not expired.
   */
  abstract sessionUser(sessionId: string, userId: string): Promise<UserRecord | null>;
  /** The changes waiting for a second administrator, oldest first, one page of them. */
  abstract pendingChanges(page: {
    limit: number;
    offset: number;
  }): Promise<{ items: ChangeRequest[]; total: number }>;
}
