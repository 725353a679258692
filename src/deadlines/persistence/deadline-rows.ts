import type { EntityManager } from 'typeorm';
import { SqlParams } from '../../database/sql-params';
import type { DeadlineRef, NewDeadline } from '../domain/deadline';

/*
 * Each write comes as SQL for a statement built from parts (a review step writes everything in
 * one statement, each part guarded by `when`, a condition such as "the review's update happened")
 * and as a function that runs it alone in the caller's transaction.
 */

/** Inserts deadline rows; null when there are none. */
export function deadlinesInsert(
  rows: readonly NewDeadline[],
  p: SqlParams,
  when = 'true',
): string | null {
  if (rows.length === 0) return null;
  const column = (f: (d: NewDeadline) => unknown, type: string) =>
    `${p.add(rows.map(f))}::${type}[]`;
  return `INSERT INTO deadlines (id, kind, subject_type, subject_id, due_at, rule)
     SELECT gen_random_uuid(), n.* FROM unnest(${column((d) => d.kind, 'text')}, ${column((d) => d.subjectType, 'text')},
       ${column((d) => d.subjectId, 'uuid')}, ${column((d) => d.dueAt, 'timestamptz')}, ${column((d) => d.rule, 'text')}) AS n
     WHERE ${when}`;
}

/**
 * Withdraws what is still pending of these deadlines; fired ones stay as they are. `except` is
 * a deadline the same statement claims: one statement must not update a row twice.
 */
export function deadlinesCancel(
  refs: readonly DeadlineRef[],
  p: SqlParams,
  when = 'true',
  except: string | null = null,
): string | null {
  if (refs.length === 0) return null;
  return `UPDATE deadlines d SET status = 'CANCELLED'
     FROM unnest(${p.add(refs.map((r) => r.kind))}::text[], ${p.add(refs.map((r) => r.subjectType))}::text[],
                 ${p.add(refs.map((r) => r.subjectId))}::uuid[]) AS c(kind, subject_type, subject_id)
     WHERE d.kind = c.kind AND d.subject_type = c.subject_type AND d.subject_id = c.subject_id
       AND d.status = 'PENDING' AND ${when}${except ? ` AND d.id <> ${p.add(except)}::uuid` : ''}`;
}

/** Marks a pending deadline fired by the step that acts on it. */
export function deadlineClaim(id: string, outcome: string, p: SqlParams, when = 'true'): string {
  return `UPDATE deadlines SET status = 'FIRED', fired_at = clock_timestamp(), outcome = ${p.add(outcome)}
     WHERE id = ${p.add(id)}::uuid AND status = 'PENDING' AND ${when}`;
}

/** Adds deadline rows in the caller's transaction, so a deadline exists exactly when its cause does. */
export async function insertDeadlines(
  manager: EntityManager,
  rows: readonly NewDeadline[],
): Promise<void> {
  const p = new SqlParams();
  const sql = deadlinesInsert(rows, p);
  if (sql) await manager.query(sql, p.values);
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
  const p = new SqlParams();
  const [, claimed] = await manager.query<[unknown[], number]>(
    deadlineClaim(deadlineId, outcome, p),
    p.values,
  );
  return claimed === 1;
}
