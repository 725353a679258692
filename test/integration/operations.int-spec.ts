import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/config/config';
import { createHttpApp } from '../../src/http-app';
import {
  bearer,
  createTestEnv,
  openDataSource,
  startTestApp,
  type TestApp,
} from '../support/harness';
import { wipeQueueSpace } from '../support/queue-space';
import { person, registerDocument, type ErrorBody, type Person } from '../support/review-api';

// `testTimeout` in a Jest project entry is ignored (it is a global option): set it here.
jest.setTimeout(30_000);

const METRICS_TOKEN = randomBytes(24).toString('hex');

describe('operations', () => {
  let t: TestApp;
  let ds: DataSource;
  let admin: Person;
  let reviewer: Person;

  beforeAll(async () => {
    t = await startTestApp('operations', { metricsToken: METRICS_TOKEN });
    ds = await openDataSource(t.env);
    [admin, reviewer] = await Promise.all([
      person(t, 'admin', ['admin']),
      person(t, 'reviewer', ['reviewer', 'supervisor']),
    ]);
  });

  afterAll(async () => {
    await ds?.destroy();
    await t?.close();
  });

  describe('GET /api/health', () => {
    it('answers 200 without a token when Postgres and the queue store are up', async () => {
      const res = await t.http().get('/api/health').expect(200);
      expect(res.body).toMatchObject({
        status: 'ok',
        details: { database: { status: 'up' }, queues: { status: 'up' } },
      });
    });

    /** Health of an app on its own database, after `breakQueues` did its worst. */
    const healthWith = async (
      suite: string,
      overrides: Partial<AppConfig>,
      breakQueues: (config: AppConfig) => Promise<unknown>,
    ) => {
      const env = await createTestEnv(suite, overrides);
      let app: NestFastifyApplication | undefined;
      try {
        app = await createHttpApp(env.config, { logger: false });
        await app.init();
        await app.getHttpAdapter().getInstance().ready();
        await breakQueues(env.config);
        const res = await request(app.getHttpServer() as Parameters<typeof request>[0])
          .get('/api/health')
          .expect(503);
        return res.body as unknown;
      } finally {
        await app?.close();
        await env.drop();
      }
    };

    it('answers 503 and names the queues when their Redis is unreachable', async () => {
      const body = await healthWith(
        'operations_no_redis',
        { redisUrl: 'redis://127.0.0.1:1' },
        () => Promise.resolve(),
      );
      expect(body).toMatchObject({
        status: 'error',
        info: { database: { status: 'up' } },
        error: { queues: { status: 'down' } },
      });
    });

    it('answers 503 and names the queues when their PostgreSQL schema is gone', async () => {
      const body = await healthWith('operations_no_schema', { redisUrl: null }, wipeQueueSpace);
      expect(body).toMatchObject({
        status: 'error',
        info: { database: { status: 'up' } },
        error: { queues: { status: 'down', message: expect.stringContaining('missing') } },
      });
    });
  });

  describe('GET /api/metrics', () => {
    it('gives an administrator the deadline figures in the Prometheus text format', async () => {
      await registerDocument(t, reviewer); // a 1977 cable: one AUTO_DECLASSIFY, long overdue
      await registerDocument(t, reviewer, { restrictedData: true }); // none
      const res = await t.http().get('/api/metrics').set(bearer(admin.token)).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = res.text;
      expect(text).toContain('# TYPE declass_deadlines_pending gauge');
      expect(text).toContain('declass_deadlines_pending{kind="AUTO_DECLASSIFY"} 1');
      expect(text).toContain('declass_deadlines_overdue{kind="AUTO_DECLASSIFY"} 1');
      expect(text).toContain('declass_deadlines_due{kind="AUTO_DECLASSIFY"} 1');
      expect(text).toContain('declass_deadlines_fired_total{kind="AUTO_DECLASSIFY"} 0');
      expect(text).toMatch(/declass_deadline_firing_lag_seconds\{quantile="0\.99"\} NaN/);
      expect(text).toContain('declass_queue_up{queue="{deadlines}"} 1');
      expect(text).toMatch(/declass_queue_jobs\{queue="\{deadlines\}",state="delayed"\} 0/);
      // Every sample line is `name{labels} value`, after its family's TYPE line.
      const families = new Set<string>();
      for (const line of text.trim().split('\n')) {
        const type = /^# TYPE (\S+) /.exec(line);
        if (type) families.add(type[1]!);
        if (line.startsWith('#')) continue;
        expect(line).toMatch(/^[a-z_]+(\{([a-z_]+="[^"]*",?)+\})? (-?[0-9.e+]+|NaN)$/);
        const name = /^[a-z_]+/.exec(line)![0];
        expect([...families].some((f) => name === f || name.startsWith(`${f}_`))).toBe(true);
      }
    });

    it('reports the firing lag of what fired in the last hour', async () => {
      await ds.query(
        `INSERT INTO deadlines (id, kind, subject_type, subject_id, due_at, status, fired_at, created_at)
         SELECT gen_random_uuid(), 'REVIEW_DUE', 'REVIEW', gen_random_uuid(), now() - interval '10 minutes',
                'FIRED', now() - interval '10 minutes' + make_interval(secs => s / 10.0), now() - interval '1 day'
           FROM generate_series(1, 100) s`,
      );
      const text = (await t.http().get('/api/metrics').set(bearer(admin.token)).expect(200)).text;
      expect(text).toContain('declass_deadlines_fired_window{kind="REVIEW_DUE"} 100');
      expect(text).toContain('declass_deadline_firing_lag_seconds_count 100');
      const p99 = Number(
        /declass_deadline_firing_lag_seconds\{quantile="0\.99"\} (\S+)/.exec(text)![1],
      );
      expect(p99).toBeCloseTo(9.901, 2);
    });

    it('accepts the static METRICS_TOKEN of a Prometheus scraper', async () => {
      await t.http().get('/api/metrics').set(bearer(METRICS_TOKEN)).expect(200);
    });

    it('refuses no token (401), a wrong one (401) and a user who is not an administrator (403)', async () => {
      await t.http().get('/api/metrics').expect(401);
      await t
        .http()
        .get('/api/metrics')
        .set(bearer(`${METRICS_TOKEN}x`))
        .expect(401);
      const res = await t.http().get('/api/metrics').set(bearer(reviewer.token)).expect(403);
      expect((res.body as ErrorBody).error).toBe('ROLE_REQUIRED');
    });
  });

  describe('the queue board at /admin/queues', () => {
    it('opens for an administrator’s bearer token and lists every queue', async () => {
      const page = await t.http().get('/admin/queues').set(bearer(admin.token)).expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      const api = await t
        .http()
        .get('/admin/queues/api/queues')
        .set(bearer(admin.token))
        .expect(200);
      const names = (api.body as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
      expect(names).toEqual(['{deadlines}', '{notifications}']);
    });

    it('refuses anyone else, with the way in', async () => {
      const none = await t.http().get('/admin/queues').expect(401);
      expect((none.body as ErrorBody).message).toContain('POST /api/admin/queues/session');
      await t.http().get('/admin/queues/api/queues').set(bearer(reviewer.token)).expect(403);
    });

    it('opens in a browser with the short cookie an administrator’s API call sets', async () => {
      const res = await t
        .http()
        .post('/api/admin/queues/session')
        .set(bearer(admin.token))
        .expect(204);
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0]!;
      expect(cookie).toMatch(
        /^declass_board=[^;]+; Max-Age=900; Path=\/admin\/queues; Expires=.*; HttpOnly; SameSite=Strict$/,
      );
      const value = cookie.split(';')[0]!;
      await t.http().get('/admin/queues/api/queues').set('cookie', value).expect(200);

      // The cookie is not an API token, and a forged one is refused.
      await t
        .http()
        .get('/api/notifications')
        .set(bearer(value.split('=')[1]!))
        .expect(401);
      const forged = value.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
      await t.http().get('/admin/queues/api/queues').set('cookie', forged).expect(401);
      await t.http().post('/api/admin/queues/session').set(bearer(reviewer.token)).expect(403);
    });

    it('closes to the cookie once the administrator logs out of the session that opened it', async () => {
      const other = await t.user({
        username: 'board-admin',
        roles: ['admin'],
        clearance: 'SECRET',
      });
      const res = await t
        .http()
        .post('/api/admin/queues/session')
        .set(bearer(other.token))
        .expect(204);
      const value = ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0]!.split(';')[0]!;
      await t.http().get('/admin/queues/api/queues').set('cookie', value).expect(200);
      await t.http().post('/api/auth/logout').set(bearer(other.token)).expect(204);
      const after = await t.http().get('/admin/queues/api/queues').set('cookie', value);
      expect({ status: after.status, error: (after.body as ErrorBody).error }).toEqual({
        status: 401,
        error: 'UNAUTHENTICATED',
      });
    });
  });
});
