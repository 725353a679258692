import type { DataSource } from 'typeorm';
import { createTestEnv, openDataSource, type TestEnv } from '../support/harness';

describe('schema', () => {
  let env: TestEnv;
  let ds: DataSource;

  beforeAll(async () => {
    env = await createTestEnv('schema');
    ds = await openDataSource(env);
  });

  afterAll(async () => {
    await ds.destroy();
    await env.drop();
  });

  it('matches the entities exactly: generating a migration from them finds nothing to do', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('refuses to update, delete or truncate audit events, whoever asks', async () => {
    await ds.query(
      `INSERT INTO audit_events (chain_key, occurred_at, action, hash) VALUES ('test', now(), 'TEST', 'x')`,
    );
    await expect(ds.query(`UPDATE audit_events SET action = 'CHANGED'`)).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(ds.query(`DELETE FROM audit_events`)).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(ds.query(`TRUNCATE audit_events`)).rejects.toThrow(
      /append-only: TRUNCATE refused/,
    );
    const [row] = await ds.query<{ action: string }[]>(`SELECT action FROM audit_events`);
    expect(row?.action).toBe('TEST');
  });

  it('reverts every migration and applies it again', async () => {
    const applied = await ds.query<{ name: string }[]>(`SELECT name FROM migrations ORDER BY id`);
    for (let i = 0; i < applied.length; i++) await ds.undoLastMigration();
    const [{ n }] = await ds.query<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
    );
    expect(n).toBe(0);
    const again = await ds.runMigrations();
    expect(again.map((m) => m.name)).toEqual(applied.map((m) => m.name));
  });
});
