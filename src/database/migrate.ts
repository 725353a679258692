import { Client } from 'pg';
import { createDataSource } from './data-source';

/** Creates the database named in the URL when it does not exist (as `createdb` would). */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!name)
    throw new Error('DATABASE_URL names no database, e.g. postgres://localhost:5432/declass');
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    return true;
  } finally {
    await admin.end();
  }
}

/** Creates the database if needed and runs every pending migration; returns their names. */
export async function migrate(
  databaseUrl: string,
): Promise<{ created: boolean; applied: string[] }> {
  const created = await ensureDatabase(databaseUrl);
  const dataSource = await createDataSource(databaseUrl, {
    poolSize: 2,
    applicationName: 'declass-migrate',
  }).initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return { created, applied: applied.map((m) => m.name) };
  } finally {
    await dataSource.destroy();
  }
}

export async function revertLast(databaseUrl: string): Promise<void> {
  const dataSource = await createDataSource(databaseUrl, {
    poolSize: 2,
    applicationName: 'declass-migrate',
  }).initialize();
  try {
    await dataSource.undoLastMigration({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
