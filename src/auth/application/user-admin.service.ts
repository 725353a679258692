import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { chainOf, type AuditRecord } from '../../audit/domain/audit-hash';
import {
  CAPTIONS,
  CLEARANCES,
  DomainError,
  ErrorCode,
  isCaption,
  isClearance,
  ROLES,
  type Actor,
  type Clearance,
  type Role,
} from '../../review/domain';
import { AccountStore, type StoredUser, type UserPatch } from './account.ports';
import { COMMON_PASSWORDS } from './common-passwords';
import { hashPassword, MAX_PASSWORD, MIN_PASSWORD } from './password';
import type { UserRecord } from './user-directory';

export interface AddUser {
  username: string;
  password: string;
  roles: string[];
  clearance: string;
  caveats?: string[];
}

export interface ChangeUser {
  roles?: string[];
  clearance?: string;
  caveats?: string[];
  active?: boolean;
}

/** Who did it, in the audit trail, when no person did: the CLI and the demo. */
const CLI = { actorId: null, actorUsername: 'declass-cli', actorRoles: [] };

const fail = (message: string) => new DomainError(ErrorCode.VALIDATION_FAILED, message);

/** The access facts of a user as the audit trail records them before and after a change. */
type Access = Pick<UserRecord, 'roles' | 'clearance' | 'caveats' | 'active'>;

const accessOf = (u: Access): Access => ({
  roles: [...u.roles],
  clearance: u.clearance,
  caveats: [...u.caveats],
  active: u.active,
});

const sameAccess = (a: Access, b: Access) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The administrator's work on accounts. Every change is one transaction with its audit event in
 * the user's own chain (`user:<id>`); no event ever carries a password or its hash.
 */
@Injectable()
export class UserAdminService {
  constructor(private readonly store: AccountStore) {}

  /** Creates a user; `by` is the administrator, or null for the CLI and the demo. */
  async create(input: AddUser, by: Actor | null): Promise<UserRecord> {
    if (by) requireAdmin(by);
    if (!/^[a-z][a-z0-9._-]{1,63}$/.test(input.username)) {
      throw fail(
        'username: 2–64 characters, lower-case letters, digits, ".", "_" or "-", starting with a letter',
      );
    }
    checkPassword(input.password);
    const roles = checkRoles(input.roles);
    const clearance = checkClearance(input.clearance);
    const caveats = checkCaveats(input.caveats ?? []);
    const user: UserRecord = {
      id: randomUUID(),
      username: input.username,
      roles,
      clearance,
      caveats,
      active: true,
    };
    const passwordHash = await hashPassword(input.password);
    await this.store.transaction(async (tx) => {
      await tx.insertUser({ ...user, passwordHash });
      await tx.audit(
        event(user, by, 'USER_CREATED', {
          username: user.username,
          roles,
          clearance,
          caveats,
        }),
      );
    });
    return user;
  }

  /**
   * Changes roles, clearance, caveats or the active flag. Deactivation ends every session of the
   * user at once. Nobody changes their own account: that takes a second administrator.
   */
  async update(id: string, change: ChangeUser, by: Actor): Promise<UserRecord> {
    requireAdmin(by);
    if (id === by.id) {
      throw new DomainError(
        ErrorCode.TWO_PERSON_RULE,
        'Administrators do not change their own roles, clearance, caveats or status; ask another administrator',
      );
    }
    const patch: UserPatch = {};
    if (change.roles !== undefined) patch.roles = checkRoles(change.roles);
    if (change.clearance !== undefined) patch.clearance = checkClearance(change.clearance);
    if (change.caveats !== undefined) patch.caveats = checkCaveats(change.caveats);
    if (change.active !== undefined) patch.active = change.active;
    if (Object.keys(patch).length === 0)
      throw fail('Say what to change: roles, clearance, caveats or active');
    return this.store.transaction(async (tx) => {
      const current = await tx.lockUser(id);
      if (!current) throw new DomainError(ErrorCode.NOT_FOUND, `No user ${id}`);
      const before = accessOf(current);
      const after = accessOf({ ...before, ...patch });
      const { passwordHash: _hash, ...record } = { ...current, ...after };
      if (sameAccess(before, after)) return record;
      await tx.updateUser(id, patch);
      const deactivated = before.active && !after.active;
      const now = new Date();
      const sessionsRevoked = deactivated
        ? await tx.revokeUserSessions(id, 'USER_DEACTIVATED', now)
        : undefined;
      await tx.audit(
        event(current, by, deactivated ? 'USER_DEACTIVATED' : 'USER_UPDATED', {
          before,
          after,
          ...(sessionsRevoked === undefined ? {} : { sessionsRevoked }),
        }),
      );
      return record;
    });
  }

  /** Sets a new password and ends every session of the user. */
  async resetPassword(id: string, password: string, by: Actor): Promise<void> {
    requireAdmin(by);
    checkPassword(password);
    const passwordHash = await hashPassword(password);
    await this.store.transaction(async (tx) => {
      const current = await tx.lockUser(id);
      if (!current) throw new DomainError(ErrorCode.NOT_FOUND, `No user ${id}`);
      await tx.updateUser(id, { passwordHash });
      const sessionsRevoked = await tx.revokeUserSessions(id, 'PASSWORD_RESET', new Date());
      await tx.audit(event(current, by, 'PASSWORD_RESET', { sessionsRevoked }));
    });
  }
}

function event(
  subject: Pick<StoredUser, 'id'>,
  by: Actor | null,
  action: string,
  payload: Record<string, unknown>,
): AuditRecord {
  return {
    chainKey: chainOf.user(subject.id),
    occurredAt: new Date().toISOString(),
    ...(by ? { actorId: by.id, actorUsername: by.username, actorRoles: by.roles } : CLI),
    action,
    reviewId: null,
    documentId: null,
    fromState: null,
    toState: null,
    payload: { userId: subject.id, ...payload },
  };
}

function requireAdmin(by: Actor): void {
  if (!by.roles.includes('admin'))
    throw new DomainError(ErrorCode.ROLE_REQUIRED, 'Only an administrator manages users');
}

/**
 * NIST SP 800-63B: long enough, not a known or trivially guessed password, and no composition
 * rules (a passphrase of plain words is welcome). Length counts characters, not bytes.
 */
function checkPassword(password: string): void {
  const normalized = password.normalize('NFC');
  const characters = [...normalized];
  if (characters.length < MIN_PASSWORD) throw fail(`password: at least ${MIN_PASSWORD} characters`);
  if (characters.length > MAX_PASSWORD) throw fail(`password: at most ${MAX_PASSWORD} characters`);
  if (COMMON_PASSWORDS.has(normalized.toLowerCase()))
    throw fail('password: this is one of the most common passwords; choose another');
  if (new Set(characters).size < 3)
    throw fail('password: too repetitive; use at least three different characters');
}

function checkRoles(given: string[]): Role[] {
  const roles = [...new Set(given.map((r) => r.trim()).filter(Boolean))];
  const badRole = roles.find((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || badRole)
    throw fail(`roles: one or more of ${ROLES.join(', ')}${badRole ? ` (not "${badRole}")` : ''}`);
  return roles as Role[];
}

function checkClearance(given: string): Clearance {
  if (!isClearance(given)) throw fail(`clearance: one of ${CLEARANCES.join(', ')}`);
  return given;
}

function checkCaveats(given: string[]): string[] {
  const caveats = [...new Set(given.map((c) => c.trim().toUpperCase()).filter(Boolean))];
  const badCaveat = caveats.find((c) => !isCaption(c));
  if (badCaveat) throw fail(`caveats: any of ${CAPTIONS.join(', ')} (not "${badCaveat}")`);
  return caveats;
}
