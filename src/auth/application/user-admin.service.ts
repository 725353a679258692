import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { chainOf, type AuditRecord } from '../../audit/domain/audit-hash';
import {
  CAPTIONS,
  CLEARANCES,
  isCaption,
  isClearance,
  type Clearance,
} from '../../kernel/classification';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { ROLES, type Actor, type Role } from '../../kernel/actor';
import { Clock } from '../../kernel/clock';
import {
  AccountStore,
  type AccountTransaction,
  type ChangeRequest,
  type StoredUser,
  type UserPatch,
} from './account.ports';
import { beyondGrantor, coversAccount, needsSecondAdmin, type Access } from './admin-policy';
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

const accessOf = (u: Access): Access => ({
  roles: [...u.roles],
  clearance: u.clearance,
  caveats: [...u.caveats],
  active: u.active,
});

const sameAccess = (a: Access, b: Access) => JSON.stringify(a) === JSON.stringify(b);

/** What a change came to: made, or waiting for a second administrator. */
export type ChangeOutcome = { user: UserRecord } | { pending: ChangeRequest };

const refuse = (message: string) => new DomainError(ErrorCode.CLEARANCE_REQUIRED, message);

/**
 * The administrator's work on accounts. Every change is one transaction with its audit event in
 * the user's own chain (`user:<id>`); no event ever carries a password or its hash.
 */
@Injectable()
export class UserAdminService {
  constructor(
    private readonly store: AccountStore,
    private readonly clock: Clock,
  ) {}

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
    if (by) {
      const beyond = beyondGrantor(by, null, { roles, clearance, caveats, active: true });
      if (beyond) throw refuse(beyond);
      if (roles.includes('admin')) {
        throw new DomainError(
          ErrorCode.TWO_PERSON_RULE,
          'A new administrator takes two administrators: create the account without the admin role, then add it; a second administrator approves that',
        );
      }
    }
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
        this.event(user, by, 'USER_CREATED', {
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
   * user at once. Nobody changes their own account, nor grants more than they hold; a change to
   * an administrator's powers waits for a second administrator (`approveChange`).
   */
  async update(id: string, change: ChangeUser, by: Actor): Promise<ChangeOutcome> {
    requireAdmin(by);
    notOwnAccount(id, by);
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
      if (sameAccess(before, after)) return { user: record };
      const beyond = beyondGrantor(by, before, after);
      if (beyond) throw refuse(beyond);
      const now = this.clock.now();
      if (needsSecondAdmin(before, after)) {
        const pending: ChangeRequest = {
          id: randomUUID(),
          userId: id,
          username: current.username,
          before,
          after,
          proposedBy: by.id,
          proposedAt: now,
          outcome: null,
          decidedBy: null,
          decidedAt: null,
        };
        await tx.insertChangeRequest(pending);
        await tx.audit(
          this.event(current, by, 'USER_CHANGE_PROPOSED', { changeId: pending.id, before, after }),
        );
        return { pending };
      }
      await this.apply(tx, current, before, after, by, {});
      return { user: record };
    });
  }

  /**
   * Makes a change that waited for a second administrator: not the one who proposed it, not the
   * account it changes, and one who could grant it themselves. A change proposed for an account
   * that has changed since is refused; reject it and propose again.
   */
  async approveChange(changeId: string, by: Actor): Promise<UserRecord> {
    requireAdmin(by);
    return this.store.transaction(async (tx) => {
      const request = await this.waiting(tx, changeId);
      if (request.proposedBy === by.id) {
        throw new DomainError(
          ErrorCode.TWO_PERSON_RULE,
          'You proposed this change; a second administrator approves it',
        );
      }
      notOwnAccount(request.userId, by);
      const current = await tx.lockUser(request.userId);
      if (!current) throw new DomainError(ErrorCode.NOT_FOUND, `No user ${request.userId}`);
      const before = accessOf(current);
      const after = accessOf(request.after);
      if (!sameAccess(before, accessOf(request.before))) {
        throw new DomainError(
          ErrorCode.STALE_VERSION,
          'The account has changed since this was proposed; reject it and propose the change again',
        );
      }
      const beyond = beyondGrantor(by, before, after);
      if (beyond) throw refuse(beyond);
      await tx.decideChangeRequest(changeId, 'APPROVED', by.id, this.clock.now());
      await this.apply(tx, current, before, after, by, {
        changeId,
        proposedBy: request.proposedBy,
      });
      const { passwordHash: _hash, ...record } = { ...current, ...after };
      return record;
    });
  }

  /** Turns down a waiting change; its proposer may withdraw it the same way. */
  async rejectChange(changeId: string, by: Actor): Promise<void> {
    requireAdmin(by);
    await this.store.transaction(async (tx) => {
      const request = await this.waiting(tx, changeId);
      const now = this.clock.now();
      await tx.decideChangeRequest(changeId, 'REJECTED', by.id, now);
      await tx.audit(
        this.event({ id: request.userId }, by, 'USER_CHANGE_REJECTED', {
          changeId,
          proposedBy: request.proposedBy,
        }),
      );
    });
  }

  /** The changes waiting for a second administrator, oldest first. */
  pendingChanges(page: { limit: number; offset: number }, by: Actor) {
    requireAdmin(by);
    return this.store.pendingChanges(page);
  }

  private async waiting(tx: AccountTransaction, changeId: string): Promise<ChangeRequest> {
    const request = await tx.lockChangeRequest(changeId);
    if (!request) throw new DomainError(ErrorCode.NOT_FOUND, `No change ${changeId}`);
    if (request.outcome !== null) {
      throw new DomainError(
        ErrorCode.INVALID_TRANSITION,
        `This change was already ${request.outcome.toLowerCase()}`,
      );
    }
    return request;
  }

  /** Writes the change and its audit event; deactivation ends the user's sessions. */
  private async apply(
    tx: AccountTransaction,
    current: StoredUser,
    before: Access,
    after: Access,
    by: Actor,
    approval: { changeId?: string; proposedBy?: string },
  ): Promise<void> {
    await tx.updateUser(current.id, {
      roles: after.roles,
      clearance: after.clearance,
      caveats: after.caveats,
      active: after.active,
    });
    const deactivated = before.active && !after.active;
    const sessionsRevoked = deactivated
      ? await tx.revokeUserSessions(current.id, 'USER_DEACTIVATED', this.clock.now())
      : undefined;
    await tx.audit(
      this.event(current, by, deactivated ? 'USER_DEACTIVATED' : 'USER_UPDATED', {
        before,
        after,
        ...approval,
        ...(sessionsRevoked === undefined ? {} : { sessionsRevoked }),
      }),
    );
  }

  /** Sets a new password and ends every session of the user. */
  async resetPassword(id: string, password: string, by: Actor): Promise<void> {
    requireAdmin(by);
    checkPassword(password);
    const passwordHash = await hashPassword(password);
    await this.store.transaction(async (tx) => {
      const current = await tx.lockUser(id);
      if (!current) throw new DomainError(ErrorCode.NOT_FOUND, `No user ${id}`);
      if (!coversAccount(by, current)) {
        throw refuse(
          'Whoever sets a password can sign in with it: you may set only the passwords of accounts within your own clearance and caveats',
        );
      }
      await tx.updateUser(id, { passwordHash });
      const sessionsRevoked = await tx.revokeUserSessions(id, 'PASSWORD_RESET', this.clock.now());
      await tx.audit(this.event(current, by, 'PASSWORD_RESET', { sessionsRevoked }));
    });
  }

  private event(
    subject: Pick<StoredUser, 'id'>,
    by: Actor | null,
    action: string,
    payload: Record<string, unknown>,
  ): AuditRecord {
    return {
      chainKey: chainOf.user(subject.id),
      occurredAt: this.clock.now().toISOString(),
      ...(by ? { actorId: by.id, actorUsername: by.username, actorRoles: by.roles } : CLI),
      action,
      reviewId: null,
      documentId: null,
      fromState: null,
      toState: null,
      payload: { userId: subject.id, ...payload },
    };
  }
}

function notOwnAccount(id: string, by: Actor): void {
  if (id === by.id) {
    throw new DomainError(
      ErrorCode.TWO_PERSON_RULE,
      'Administrators do not change their own roles, clearance, caveats or status; ask another administrator',
    );
  }
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
