import type { EmbeddedCluster } from '../../src/database/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { embeddedPostgres?: EmbeddedCluster }).embeddedPostgres?.stop();
}
