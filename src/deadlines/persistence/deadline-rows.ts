import type { EntityManager } from 'typeorm';
import type { DeadlineRef, NewDeadline } from '../domain/deadline';

/** Adds deadline rows in the caller's transaction, so a deadline exists exactly when its cause does. */
export async function insertDeadlines(
  manager: EntityManager,
  rows: readonly NewDeadline[],
): Promise<void> {
  if (rows.length === 0) return;
  await manager.query(
    `INSERT INTO deadlines (id, kind, subject_type, subject_id, due_at, rule)
     SELECT gen_random_uuid(), unnest($1::text[]), unnest($2::text[]), unnest($3::uuid[]), unnest($4::timestamptz[]), unnest($5::text[])`,
    [
      rows.map((d) => d.kind),
      rows.map((d) => d.subjectType),
      rows.map((d) => d.subjectId),
      rows.map((d) => d.dueAt),
      rows.map((d) => d.rule),
    ],
  );
}

/** Withdraws what is still pending of these deadlines; fired ones stay as they are. */
export async function cancelDeadlines(
  manager: EntityManager,
  refs: readonly DeadlineRef[],
): Promise<void> {
  for (const c of refs) {
    await manager.query(
      `UPDATE deadlines SET status = 'CANCELLED' WHERE kind = $1 AND subject_type = $2 AND subject_id = $3 AND status = 'PENDING'`,
      [c.kind, c.subjectType, c.subjectId],
    );
  }
}

/**
 * Claims a pending deadline for the step that acts on it: a second delivery of the same job, or a
 * second worker racing the first, finds it no longer pending (the row lock makes the racer wait for
 * the first commit) and gets false.
 */
export async function claimDeadline(
  manager: EntityManager,
  deadlineId: string,
  outcome: string,
): Promise<boolean> {
  const [, claimed] = await manager.query<[unknown[], number]>(
    `UPDATE deadlines SET status = 'FIRED', fired_at = clock_timestamp(), outcome = $2 WHERE id = $1 AND status = 'PENDING'`,
    [deadlineId, outcome],
  );
  return claimed === 1;
}
