import { loadConfig } from '../config/config';
import { createDataSource } from './data-source';

const { databaseUrl } = loadConfig();
if (databaseUrl === null) {
  throw new Error('The TypeORM CLI needs DATABASE_URL: point it at the PostgreSQL to compare with');
}

/** For the TypeORM CLI (`npm run migration:generate`), which wants a module exporting a DataSource. */
export default createDataSource(databaseUrl);
