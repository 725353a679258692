import 'reflect-metadata';
import { closeOnSignals } from './common/shutdown';
import { loadConfig } from './config/config';
import { requireJwtSecret } from './config/jwt-secret';
import { startDatabase } from './database/embedded-postgres';
import { createHttpApp } from './http-app';

async function main(): Promise<void> {
  const database = await startDatabase(requireJwtSecret(loadConfig()));
  const config = database.config;
  const app = await createHttpApp(config);
  closeOnSignals(async () => {
    await app.close();
    await database.stop();
  });
  // Every interface, as a server in a container needs.
  await app.listen(config.port, '0.0.0.0');
  console.log(
    JSON.stringify({
      msg: 'declass API listening',
      url: `http://localhost:${config.port}/api/docs`,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
