import 'reflect-metadata';
import { loadConfig } from './config/config';
import { createHttpApp } from './http-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createHttpApp(config);
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
