import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * The one DataSource shape used by the API, the worker, the CLI, the migrations and the tests.
 * The schema comes from migrations only: `synchronize` is off everywhere.
 */
export function dataSourceOptions(
  databaseUrl: string,
  extra: { poolSize?: number; applicationName?: string } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    poolSize: extra.poolSize ?? 20,
    applicationName: extra.applicationName ?? 'declass',
    // Timestamps travel as ISO strings in events; dates stay `YYYY-MM-DD` strings.
    parseInt8: false,
  };
}

export function createDataSource(
  databaseUrl: string,
  extra?: { poolSize?: number; applicationName?: string },
): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl, extra));
}
