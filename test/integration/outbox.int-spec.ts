import { Socket } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { JobWorkers } from '../../src/worker-jobs';
import { QUEUE_MAP, type QueueMap } from '../../src/jobs/queue.module';
import { QUEUES } from '../../src/jobs/queues';
import { OutboxRelay } from '../../src/outbox/outbox.relay';
import { WorkerModule } from '../../src/worker.module';
import { bearer, openDataSource, startTestApp, type TestApp } from '../support/harness';
import { onRedis, storedJobs } from '../support/queue-space';
import {
  eventually,
  person,
  reviewToDecided,
  type DocumentBody,
  type Person,
  type ReviewBody,
} from '../support/review-api';

interface NotificationBody {
  id: string;
  reviewId: string | null;
  documentId: string | null;
  reason: string;
  message: string;
}

interface OutboxRow {
  id: string;
  queue: string;
  job: string;
  payload: { reviewId: string; reason: string; recipient: string; userId: string | null };
  relayed_at: Date | null;
  delivered_at: Date | null;
}

// The shared 2-core machine can be busy; the project-level testTimeout is not applied by Jest.
jest.setTimeout(30_000);

describe(OutboxRelay.name, () => {
  let t: TestApp;
  let ds: DataSource;
  let worker: INestApplicationContext | undefined;
  let registrar: Person;
  let approver: Person;
  let reviewer: Person;
  let lowSupervisor: Person;
  let nodisSupervisor: Person;
  let nodisReviewer: Person;
  let secret: { document: DocumentBody; review: ReviewBody };
  let nodis: { document: DocumentBody; review: ReviewBody };
  /** Sockets to the queue store this process held before the worker started. */
  let socketsBefore = new Set<Socket>();
  /** The connections the worker's BullMQ workers were given, for the clean-up of afterAll. */
  let workerClients: Redis[] = [];

  const storeSockets = (): Socket[] => {
    const port = Number(new URL(t.env.config.redisUrl!).port || 6379);
    const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
    return handles.filter(
      (h): h is Socket => h instanceof Socket && !h.destroyed && h.remotePort === port,
    );
  };

  const captureWorkerClients = () => {
    if (!worker) return;
    const jobWorkers: unknown = worker.get(JobWorkers);
    const { workers } = jobWorkers as { workers: Worker[] };
    workerClients = workers
      .map((w) => w.opts.connection)
      .filter((c): c is Redis => c instanceof Redis);
  };

  const outboxOf = (reviewId: string) =>
    ds.query<OutboxRow[]>(
      `SELECT * FROM outbox WHERE job = 'notify' AND payload->>'reviewId' = $1 ORDER BY id`,
      [reviewId],
    );

  const notificationsOf = async (who: Person, reviewId: string) => {
    const res = await t.http().get('/api/notifications').set(bearer(who.token)).expect(200);
    return (res.body as NotificationBody[]).filter((n) => n.reviewId === reviewId);
  };

  const storedFor = (userId: string, reviewId: string) =>
    ds.query<{ id: string; reason: string; source_outbox_id: string }[]>(
      `SELECT id, reason, source_outbox_id FROM notifications WHERE user_id = $1 AND review_id = $2`,
      [userId, reviewId],
    );

  const queue = () => {
    const q = worker!.get<QueueMap>(QUEUE_MAP).get(QUEUES.notifications);
    if (!q) throw new Error('no notifications queue');
    return q;
  };

  const queueIdle = async () => {
    const counts = await queue().getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).every((n) => n === 0);
  };

  beforeAll(async () => {
    t = await startTestApp('outbox');
    ds = await openDataSource(t.env);
    [registrar, approver, reviewer, lowSupervisor, nodisSupervisor, nodisReviewer] =
      await Promise.all([
        person(t, 'registrar', ['supervisor']),
        person(t, 'approver', ['supervisor']),
        person(t, 'reviewer', ['reviewer']),
        person(t, 'low-supervisor', ['supervisor'], 'CONFIDENTIAL'),
        person(t, 'nodis-supervisor', ['supervisor'], 'SECRET', ['NODIS']),
        person(t, 'nodis-reviewer', ['reviewer'], 'SECRET', ['NODIS']),
      ]);
    secret = await reviewToDecided(t, { supervisor: registrar, reviewer }, { propose: true });
    nodis = await reviewToDecided(
      t,
      { supervisor: nodisSupervisor, reviewer: nodisReviewer },
      { propose: true, document: { captions: ['NODIS'] } },
    );
    // These cables are long past their automatic declassification date, which would lower them
    // (and widen who may be told of them) as soon as the worker starts; this suite is about who
    // is told, so the records keep their level.
    await ds.query(
      `UPDATE deadlines SET status = 'CANCELLED' WHERE kind = 'AUTO_DECLASSIFY' AND subject_id = ANY($1)`,
      [[secret.document.id, nodis.document.id]],
    );
  });

  afterAll(async () => {
    captureWorkerClients();
    await worker?.close();
    // Should the worker leave one open (the last test fails then), close it so Jest can still exit.
    for (const client of workerClients) if (client.status !== 'end') client.disconnect();
    await ds?.destroy();
    await t?.close();
  });

  it('commits a notification with ASSIGN and with PROPOSE, waiting for the relay', async () => {
    const rows = await outboxOf(secret.review.id);
    expect(
      rows.map((r) => [r.queue, r.job, r.payload.reason, r.payload.recipient, r.payload.userId]),
    ).toEqual([
      [QUEUES.notifications, 'notify', 'ASSIGNED', 'assignee', reviewer.id],
      [QUEUES.notifications, 'notify', 'PROPOSED', 'supervisors', null],
    ]);
    expect(rows.every((r) => r.relayed_at === null)).toBe(true);
    // The API does not relay: without a worker no job is queued and nothing reaches anybody.
    expect(await notificationsOf(reviewer, secret.review.id)).toEqual([]);
    expect(await storedJobs(t.env.config)).toEqual([]);
  });

  it('delivers them once the worker runs: the assignee is told of the assignment, the supervisors of the proposal', async () => {
    if (onRedis(t.env.config)) socketsBefore = new Set(storeSockets());
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(t.env.config), {
      logger: false,
      abortOnError: false,
    });
    const number = secret.document.documentNumber;

    const assigned = await eventually('the ASSIGNED notification', async () => {
      const list = await notificationsOf(reviewer, secret.review.id);
      return list.length > 0 ? list : undefined;
    });
    expect(assigned).toEqual([
      expect.objectContaining({
        reason: 'ASSIGNED',
        documentId: secret.document.id,
        message: `The review of ${number} is assigned to you`,
      }),
    ]);
    for (const supervisor of [registrar, approver, nodisSupervisor]) {
      const proposed = await eventually(
        `the PROPOSED notification of ${supervisor.username}`,
        async () => {
          const list = await notificationsOf(supervisor, secret.review.id);
          return list.length > 0 ? list : undefined;
        },
      );
      expect(proposed).toEqual([
        expect.objectContaining({
          reason: 'PROPOSED',
          message: `A determination on ${number} awaits approval`,
        }),
      ]);
    }
    await eventually('every outbox row relayed', async () => {
      const [pending] = await ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL`,
      );
      return pending!.n === 0;
    });
    const relayed = await outboxOf(secret.review.id);
    expect(relayed.every((r) => r.relayed_at instanceof Date)).toBe(true);
  });

  it('never notifies a supervisor whose clearance or caveats do not cover the document', async () => {
    await eventually(
      'the NODIS proposal delivered',
      async () => (await storedFor(nodisSupervisor.id, nodis.review.id)).length === 1,
    );
    await eventually('the queue drained', queueIdle);

    expect(await storedFor(lowSupervisor.id, secret.review.id)).toEqual([]);
    expect(await notificationsOf(lowSupervisor, secret.review.id)).toEqual([]);
    for (const uncaveated of [registrar, approver]) {
      expect(await storedFor(uncaveated.id, nodis.review.id)).toEqual([]);
    }
    expect((await storedFor(nodisReviewer.id, nodis.review.id)).map((n) => n.reason)).toEqual([
      'ASSIGNED',
    ]);
    const [everything] = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1`,
      [lowSupervisor.id],
    );
    expect(everything!.n).toBe(0);
  });

  it('does not notify twice when the same outbox row is relayed again', async () => {
    const relay = worker!.get(OutboxRelay);
    // Stop the worker's own polling so that the relays below are the only ones.
    await relay.onApplicationShutdown();
    const proposed = (await outboxOf(secret.review.id)).find(
      (r) => r.payload.reason === 'PROPOSED',
    )!;
    const before = await ds.query<{ id: string; user_id: string }[]>(
      `SELECT id, user_id FROM notifications WHERE source_outbox_id = $1 ORDER BY id`,
      [proposed.id],
    );
    expect(before).toHaveLength(3);

    // A relay that crashed after adding the job but before marking the row: the row goes out again.
    await ds.query(`UPDATE outbox SET relayed_at = NULL WHERE id = $1`, [proposed.id]);
    expect(await relay.relayOnce()).toBe(1);
    await eventually('the queue drained', queueIdle);
    const [again] = await outboxOf(secret.review.id).then((rows) =>
      rows.filter((r) => r.id === proposed.id),
    );
    expect(again!.relayed_at).toBeInstanceOf(Date);

    // And a job that really runs a second time (its first run forgotten by Redis) changes nothing either.
    const jobId = `relay-${proposed.id}`;
    await queue().remove(jobId);
    await ds.query(`UPDATE outbox SET relayed_at = NULL WHERE id = $1`, [proposed.id]);
    expect(await relay.relayOnce()).toBe(1);
    await eventually('the repeated job completed', async () => {
      const job = await queue().getJob(jobId);
      return job ? job.isCompleted() : false;
    });

    const after = await ds.query<{ id: string; user_id: string }[]>(
      `SELECT id, user_id FROM notifications WHERE source_outbox_id = $1 ORDER BY id`,
      [proposed.id],
    );
    expect(after).toEqual(before);
    expect(await notificationsOf(approver, secret.review.id)).toHaveLength(1);
  });

  it('relays again a row whose job Redis lost before it ran, and marks rows delivered once their job ran', async () => {
    const relay = worker!.get(OutboxRelay);
    const rows = await outboxOf(secret.review.id);
    expect(rows.every((r) => r.delivered_at instanceof Date)).toBe(true);

    // Redis forgot the job before it ran (a flush, a restart without persistence): the row was
    // relayed long ago and never confirmed.
    const assigned = rows.find((r) => r.payload.reason === 'ASSIGNED')!;
    await ds.query(`DELETE FROM notifications WHERE source_outbox_id = $1`, [assigned.id]);
    await queue().remove(`relay-${assigned.id}`);
    await ds.query(
      `UPDATE outbox SET delivered_at = NULL, relayed_at = now() - interval '1 hour' WHERE id = $1`,
      [assigned.id],
    );
    expect(await relay.relayOnce()).toBe(1);
    await eventually('the lost notification arrived', async () =>
      (await storedFor(reviewer.id, secret.review.id)).some(
        (n) => n.source_outbox_id === assigned.id,
      ),
    );
    await eventually('the row is delivered', async () => {
      const [row] = await ds.query<{ delivered_at: Date | null }[]>(
        `SELECT delivered_at FROM outbox WHERE id = $1`,
        [assigned.id],
      );
      return row?.delivered_at instanceof Date;
    });
    expect(await relay.relayOnce()).toBe(0);
  });

  it("marks only the reader's own notifications read", async () => {
    const unread = (who: Person) =>
      t.http().get('/api/notifications?unread=true').set(bearer(who.token)).expect(200);
    const approverBefore = (await unread(approver)).body as NotificationBody[];
    expect(approverBefore.length).toBeGreaterThan(0);
    const reviewerOwn = (await unread(reviewer)).body as NotificationBody[];
    expect(reviewerOwn.length).toBeGreaterThan(0);

    // Someone else's id marks nothing.
    const foreign = await t
      .http()
      .post('/api/notifications/read')
      .set(bearer(reviewer.token))
      .send({ ids: [approverBefore[0]!.id] })
      .expect(200);
    expect(foreign.body).toEqual({ marked: 0 });

    const all = await t
      .http()
      .post('/api/notifications/read')
      .set(bearer(reviewer.token))
      .send({})
      .expect(200);
    expect(all.body).toEqual({ marked: reviewerOwn.length });
    expect((await unread(reviewer)).body).toEqual([]);
    expect(((await unread(approver)).body as NotificationBody[]).length).toBe(
      approverBefore.length,
    );
  });

  it('lets go of every connection to the queue store it opened when it stops', async () => {
    // On Redis, every socket the worker opened; on PostgreSQL, where the API's own pool opens and
    // closes sockets to the same port meanwhile, the workers each queue sees connected.
    const producers = t.app.get<QueueMap>(QUEUE_MAP);
    const leftover = onRedis(t.env.config)
      ? () =>
          Promise.resolve(
            storeSockets()
              .filter((s) => !socketsBefore.has(s))
              .map((s) => `127.0.0.1:${s.localPort} -> ${s.remotePort}`),
          )
      : async () =>
          (await Promise.all([...producers.values()].map((q) => q.getWorkers()))).flatMap(
            (workers) => workers.map((w) => w.name),
          );
    expect((await leftover()).length).toBeGreaterThan(0);
    await worker!.close();
    worker = undefined;
    const deadline = Date.now() + 1000;
    while ((await leftover()).length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await leftover()).toEqual([]);
  });
});
