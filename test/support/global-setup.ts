import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type EmbeddedCluster } from '../../src/database/embedded-postgres';

/**
 * Without DATABASE_URL the suites need nothing installed: one embedded PostgreSQL for the whole
 * run (each suite still makes a database of its own on it) and, with no REDIS_URL either, the
 * queues in BullMQ's PostgreSQL backend. With DATABASE_URL (and REDIS_URL) set, as CI sets them,
 * the same suites run on the machine's PostgreSQL and Redis.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim()) return;
  const cluster = await startCluster(mkdtempSync(join(tmpdir(), 'declass-test-pg-')), {
    persistent: false,
  });
  // The test workers Jest starts next inherit this environment.
  process.env.DATABASE_URL = cluster.urlOf('postgres');
  (globalThis as { embeddedPostgres?: EmbeddedCluster }).embeddedPostgres = cluster;
  console.log(
    `\ntests: embedded PostgreSQL on 127.0.0.1:${cluster.port}, queues ${process.env.REDIS_URL ? 'on Redis' : 'on PostgreSQL'}`,
  );
}
