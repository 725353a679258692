import 'reflect-metadata';
import { loadConfig } from './config/config';
import { createHttpApp } from './http-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createHttpApp(config);
  await app.listen(config.port);
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
