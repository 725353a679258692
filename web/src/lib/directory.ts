/** Names for user ids, where the API lets this user list users (supervisors and admins). */
import { api, ApiError } from './api';
import { hasRole } from './auth';
import type { User } from './types';

export type Directory = ReadonlyMap<string, User>;

export async function loadDirectory(me: User): Promise<Directory> {
  const map = new Map<string, User>([[me.id, me]]);
  if (!hasRole(me, 'supervisor', 'admin')) return map;
  try {
    for (const u of await api.get<User[]>('/users')) map.set(u.id, u);
  } catch (err) {
    // Names are a convenience: without them the page still works, showing short ids.
    if (!(err instanceof ApiError && err.status === 403)) throw err;
  }
  return map;
}

/** A person as this user may see them: a name when known, "you", or a short id. */
export function nameOf(dir: Directory, me: User, id: string | null | undefined): string {
  if (!id) return '—';
  if (id === me.id) return `${me.username} (you)`;
  return dir.get(id)?.username ?? `user ${id.slice(0, 8)}`;
}
