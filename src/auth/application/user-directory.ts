import type { Actor, Role } from '../../kernel/actor';
import type { Clearance } from '../../kernel/classification';

export interface UserRecord {
  id: string;
  username: string;
  roles: Role[];
  clearance: Clearance;
  caveats: string[];
  active: boolean;
}

/** Who the users are (reads only; AccountStore writes); implemented over TypeORM in persistence/. */
export abstract class UserDirectory {
  abstract findById(id: string): Promise<UserRecord | null>;
  abstract findByUsername(
    username: string,
  ): Promise<(UserRecord & { passwordHash: string }) | null>;
  /** Active supervisors who may see a document, for notifications. */
  abstract supervisorsCleared(classificationRank: number, captions: string[]): Promise<string[]>;
  /** Active users, optionally only those holding a role, by username. */
  abstract list(role?: Role): Promise<UserRecord[]>;
  /** The usernames of these accounts, active or not; unknown ids are left out. */
  abstract namesOf(ids: readonly string[]): Promise<{ id: string; username: string }[]>;
}

export function toActor(user: UserRecord): Actor {
  return {
    id: user.id,
    username: user.username,
    roles: user.roles,
    clearance: user.clearance,
    caveats: user.caveats,
  };
}
