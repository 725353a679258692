import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/config/config';
import { deadlineJobId } from '../../src/deadlines/jobs/deadline-sweeper';
import { QUEUE_MAP, type QueueMap } from '../../src/jobs/queue.module';
import { QUEUES } from '../../src/jobs/queues';
import { WorkerModule } from '../../src/worker.module';

/** Short intervals, so a suite sees sweeps and re-creations within a second. */
export const FAST_DEADLINES: Partial<AppConfig> = {
  deadlineSweepIntervalMs: 300,
  deadlineHorizonMs: 86_400_000,
};

/** A worker process of its own, as `npm run start:worker` runs it. */
export function startWorker(config: AppConfig): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
}

export function deadlineQueue(worker: INestApplicationContext): Queue {
  const queue = worker.get<QueueMap>(QUEUE_MAP).get(QUEUES.deadlines);
  if (!queue) throw new Error('no deadlines queue');
  return queue;
}

export interface DeadlineRowBody {
  id: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  due_at: Date;
  status: string;
  fired_at: Date | null;
  outcome: string | null;
  rule: string | null;
  created_at: Date;
}

export async function deadlinesOf(ds: DataSource, subjectId: string): Promise<DeadlineRowBody[]> {
  return ds.query<DeadlineRowBody[]>(
    `SELECT * FROM deadlines WHERE subject_id = $1 ORDER BY created_at, due_at`,
    [subjectId],
  );
}

export async function deadlineById(ds: DataSource, id: string): Promise<DeadlineRowBody> {
  const [row] = await ds.query<DeadlineRowBody[]>(`SELECT * FROM deadlines WHERE id = $1`, [id]);
  if (!row) throw new Error(`no deadline ${id}`);
  return row;
}

/**
 * Brings a pending deadline of the subject to `ms` from now: the law's dates are days or years
 * away, and a test cannot wait for them. Returns the row's id and its new due time.
 *
 * The service never moves a row (a new date is a new row), so a job already queued for the old
 * time would still wait for it: pass the worker, and that job is removed as if it never existed.
 */
export async function bringForward(
  ds: DataSource,
  subjectId: string,
  kind: string,
  ms: number,
  worker?: INestApplicationContext,
): Promise<{ id: string; dueAt: Date }> {
  // TypeORM answers an UPDATE … RETURNING with [rows, affected].
  const [rows] = await ds.query<[{ id: string; due_at: Date }[], number]>(
    `UPDATE deadlines SET due_at = now() + make_interval(secs => $3::float8 / 1000)
      WHERE subject_id = $1 AND kind = $2 AND status = 'PENDING' RETURNING id, due_at`,
    [subjectId, kind, ms],
  );
  if (rows.length !== 1)
    throw new Error(`expected one pending ${kind} of ${subjectId}, got ${rows.length}`);
  if (worker) await deadlineQueue(worker).remove(deadlineJobId(rows[0]!.id));
  return { id: rows[0]!.id, dueAt: rows[0]!.due_at };
}

/** Audit events of one action, optionally for one review or document. */
export async function auditCount(
  ds: DataSource,
  action: string,
  where: { reviewId?: string; documentId?: string } = {},
): Promise<number> {
  const [row] = await ds.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM audit_events
      WHERE action = $1 AND ($2::uuid IS NULL OR review_id = $2) AND ($3::uuid IS NULL OR document_id = $3)`,
    [action, where.reviewId ?? null, where.documentId ?? null],
  );
  return row?.n ?? 0;
}
