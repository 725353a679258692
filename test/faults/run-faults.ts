import 'reflect-metadata';
import { report, type Verdict } from './fault-kit';
import { postgresRestart } from './postgres-restart.fault';
import { redisOutage } from './redis-outage.fault';
import { workerKill } from './worker-kill.fault';

/**
 * `npm run faults [-- postgres redis worker]`: runs the fault scripts one after the other (all
 * three by default) and exits 1 if any failed. Each also runs alone, with its own options:
 * `node dist/test/faults/<name>.fault.js --help`. Not part of `npm test`.
 */
const FAULTS: Record<string, () => Promise<Verdict>> = {
  postgres: () => postgresRestart([]),
  redis: () => redisOutage([]),
  worker: () => workerKill([]),
};

async function main(): Promise<number> {
  const chosen = process.argv.slice(2);
  const unknown = chosen.filter((name) => !(name in FAULTS));
  if (unknown.length > 0) {
    console.error(
      `Unknown fault ${unknown.join(', ')}; choose from ${Object.keys(FAULTS).join(', ')}`,
    );
    return 2;
  }
  let failed = 0;
  for (const name of chosen.length > 0 ? chosen : Object.keys(FAULTS)) {
    failed += report(await FAULTS[name]!());
  }
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
