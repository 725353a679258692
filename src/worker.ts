import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig, queueBackendOf } from './config/config';
import { logger } from './common/logger';
import { closeOnSignals } from './common/shutdown';
import { requireJwtSecret } from './config/jwt-secret';
import { startDatabase } from './database/embedded-postgres';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const database = await startDatabase(requireJwtSecret(loadConfig()));
  const config = database.config;
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: logger(config),
  });
  closeOnSignals(async () => {
    await app.close();
    await database.stop();
  });
  console.log(
    JSON.stringify({
      msg: 'declass worker running',
      queues: queueBackendOf(config),
      queuePrefix: config.queuePrefix,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
