import { loadConfig } from '../config/config';
import { createDataSource } from './data-source';

/** For the TypeORM CLI (`npm run migration:generate`), which wants a module exporting a DataSource. */
export default createDataSource(loadConfig().databaseUrl);
