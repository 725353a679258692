import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AuthService } from '../../src/auth/application/auth.service';
import { loadConfig, type AppConfig } from '../../src/config/config';
import { createDataSource } from '../../src/database/data-source';
import { migrate } from '../../src/database/migrate';
import { createHttpApp } from '../../src/http-app';
import { onRedis, wipeQueueSpace } from './queue-space';

/**
 * Each suite gets a database and a BullMQ prefix of its own, so suites run in parallel against the
 * real Postgres (the machine's, or the embedded one the global setup starts) and the queue store
 * (Redis when REDIS_URL is set, else BullMQ's schema in the suite's database), leaving nothing.
 */
export interface TestEnv {
  config: AppConfig;
  databaseName: string;
  drop(): Promise<void>;
}

function baseUrl(): string {
  const url = process.env.TEST_DATABASE_URL ?? loadConfig().databaseUrl;
  if (!url)
    throw new Error(
      'No DATABASE_URL: run the suites through jest, whose global setup starts an embedded PostgreSQL',
    );
  return url;
}

function adminUrl(): string {
  const url = new URL(baseUrl());
  url.pathname = '/postgres';
  return url.toString();
}

export async function createTestEnv(
  suite: string,
  overrides: Partial<AppConfig> = {},
): Promise<TestEnv> {
  const tag = `${suite.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const databaseName = `declass_test_${tag}`;
  const url = new URL(baseUrl());
  url.pathname = `/${databaseName}`;
  const settings = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error' });
  const config: AppConfig = {
    ...settings,
    // Each suite signs with a secret nobody else knows, as a deployment must.
    jwtSecret: settings.jwtSecret ?? randomBytes(48).toString('base64url'),
    databaseUrl: url.toString(),
    queuePrefix: `test_${tag}`,
    outboxPollMs: 50,
    // Checkpoints of this suite's trail only, signed with its own secret.
    auditCheckpointDir: join(tmpdir(), `declass-${tag}`, 'audit-checkpoints'),
    ...overrides,
  };
  await migrate(config.databaseUrl);
  return {
    config,
    databaseName,
    drop: async () => {
      const admin = new Client({ connectionString: adminUrl() });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
      // Even an app that never ran a job leaves its queues' meta keys in Redis (on PostgreSQL they
      // went with the database). A suite that points at an unreachable Redis has none to remove.
      if (onRedis(config)) await wipeQueueSpace(config).catch(() => undefined);
      await rm(join(tmpdir(), `declass-${tag}`), { recursive: true, force: true });
    },
  };
}

/** A second connection to the suite's database, to check what the service wrote. */
export async function openDataSource(env: TestEnv): Promise<DataSource> {
  return createDataSource(env.config.databaseUrl, {
    poolSize: 4,
    applicationName: 'declass-test',
  }).initialize();
}

export interface TestApp {
  app: INestApplication;
  env: TestEnv;
  http: () => ReturnType<typeof request>;
  /** Creates a user and logs them in. */
  user(spec: {
    username: string;
    roles: string[];
    clearance: string;
    caveats?: string[];
  }): Promise<{ id: string; token: string }>;
  close(): Promise<void>;
}

export async function startTestApp(
  suite: string,
  overrides: Partial<AppConfig> = {},
): Promise<TestApp> {
  const env = await createTestEnv(suite, overrides);
  const app = await createHttpApp(env.config, { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const server = app.getHttpServer() as Parameters<typeof request>[0];
  const http = () => request(server);
  return {
    app,
    env,
    http,
    async user(spec) {
      const password = `pw-${spec.username}-${randomBytes(4).toString('hex')}`;
      const created = await app.get(AuthService).addUser({ ...spec, password });
      const res = await http()
        .post('/api/auth/login')
        .send({ username: spec.username, password })
        .expect(200);
      return { id: created.id, token: (res.body as { accessToken: string }).accessToken };
    },
    async close() {
      await app.close();
      await env.drop();
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
