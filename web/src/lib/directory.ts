/** Names for user ids: everybody may ask the usernames of the people a page names. */
import { api } from './api';
import type { User } from './types';

/** Username by user id. */
export type Directory = ReadonlyMap<string, string>;

/** The usernames of these ids, asked 100 at a time. */
export async function loadDirectory(ids: Iterable<string | null | undefined>): Promise<Directory> {
  const unique = [...new Set([...ids].filter((id): id is string => !!id))];
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += 100) batches.push(unique.slice(i, i + 100));
  const answers = await Promise.all(
    batches.map((batch) =>
      api.get<{ id: string; username: string }[]>('/users/names', { ids: batch.join(',') }),
    ),
  );
  return new Map(answers.flat().map((u) => [u.id, u.username]));
}

/** A person as this user may see them: a name, "you", or a short id for an unknown account. */
export function nameOf(dir: Directory, me: User, id: string | null | undefined): string {
  if (!id) return '—';
  if (id === me.id) return `${me.username} (you)`;
  return dir.get(id) ?? `user ${id.slice(0, 8)}`;
}
