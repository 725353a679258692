#!/usr/bin/env node
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuditService } from './audit/application/audit.service';
import { verifyExportFile } from './audit/application/verify-file';
import type { VerifyAnswer } from './audit/application/audit.service';
import { UsersModule } from './auth/auth.module';
import { CablesModule } from './cables/cables.module';
import {
  CABLES_USAGE,
  cablesImport,
  cablesParse,
  dispositionExport,
} from './cables/cli/cables.commands';
import { AuthService } from './auth/application/auth.service';
import { toActor, UserDirectory } from './auth/application/user-directory';
import type { AppConfig, Settings } from './config/config';
import { ConfigError, loadConfig } from './config/config';
import { demoJwtSecret, ephemeralJwtSecret, type SignedSettings } from './config/jwt-secret';
import { closeOnSignals } from './common/shutdown';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { startDatabase } from './database/embedded-postgres';
import { migrate, revertLast } from './database/migrate';
import { DEMO_USERS } from './demo/demo-users';
import { SAMPLE_DOCUMENTS } from './demo/sample-documents';
import { DocumentsService } from './documents/application/documents.service';
import { createHttpApp } from './http-app';
import { ReviewService } from './review/application/review.service';
import { lifecycleMermaid } from './review/domain';
import { DomainError, ErrorCode } from './kernel/errors';
import { WorkerModule } from './worker.module';

const USAGE = `declass <command> [options]

Commands:
  db:migrate                 create the database if missing and run pending migrations
  db:revert                  undo the last migration
  users:add --username U --password P --roles reviewer,supervisor --clearance SECRET [--caveats NODIS,EXDIS]
                             add a user (roles: reviewer, supervisor, auditor, admin;
                             clearances: UNCLASSIFIED, CONFIDENTIAL, SECRET, TOP SECRET)
  demo                       migrate, add demo users and sample documents, run API and worker
  machine:diagram            print the review lifecycle as a Mermaid state diagram
  audit:verify [--from ISO] [--to ISO]
                             recompute every audit hash chain and anchor in the database
  audit:verify --file export.ndjson [--complete]
                             verify an NDJSON export offline, without a database
  audit:anchor               seal the heads of the chains that moved since the last anchor, and
                             copy the anchors not yet checkpointed, signed, to AUDIT_CHECKPOINT_DIR
${CABLES_USAGE}

Configuration comes from the environment: DATABASE_URL, REDIS_URL, DECLASS_DATA_DIR, PORT,
JWT_SECRET, QUEUE_PREFIX. Without DATABASE_URL every command uses the embedded PostgreSQL whose
data is in DECLASS_DATA_DIR (./.declass), and joins it if the demo is already running on it.
Without JWT_SECRET the demo signs tokens with a random secret it keeps in DECLASS_DATA_DIR.`;

const HELP = new Set(['--help', '-h']);

/** The lines of the usage that describe one command, or null for an unknown one. */
function usageOf(command: string): string | null {
  const lines = USAGE.split('\n');
  const picked: string[] = [];
  let within = false;
  for (const line of lines) {
    if (/^ {2}\S/.test(line)) within = line.slice(2).split(' ')[0] === command;
    else if (!/^ {3,}\S/.test(line)) within = false;
    if (within) picked.push(line);
  }
  return picked.length ? `declass ${picked.join('\n').trimStart()}` : null;
}

@Module({})
class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        UsersModule,
        AuditModule,
        CablesModule,
      ],
    };
  }
}

async function usersAdd(config: AppConfig, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      roles: { type: 'string' },
      clearance: { type: 'string' },
      caveats: { type: 'string' },
    },
    strict: true,
  });
  const missing = ['username', 'password', 'roles', 'clearance'].filter(
    (k) => !values[k as keyof typeof values],
  );
  if (missing.length)
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `users:add needs --${missing.join(', --')}`);
  await withContext(config, async (ctx) => {
    const user = await ctx.get(AuthService).addUser({
      username: values.username!,
      password: values.password!,
      roles: values.roles!.split(','),
      clearance: values.clearance!,
      caveats: values.caveats ? values.caveats.split(',') : [],
    });
    console.log(
      JSON.stringify({
        id: user.id,
        username: user.username,
        roles: user.roles,
        clearance: user.clearance,
        caveats: user.caveats,
      }),
    );
  });
}

async function withContext<T>(
  config: AppConfig,
  work: (ctx: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const ctx = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
    logger: ['error'],
  });
  try {
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}

/** Prints the report; a broken trail is a failure of the command (exit code 2). */
function printVerification(report: VerifyAnswer): void {
  console.log(JSON.stringify(report));
  if (!report.ok) process.exitCode = 2;
}

async function auditVerify(
  args: string[],
  withConfig: (work: (config: AppConfig) => Promise<void>) => Promise<void>,
): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      file: { type: 'string' },
      complete: { type: 'boolean' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
    strict: true,
  });
  if (values.file) {
    // Offline: no configuration, no database.
    printVerification(await verifyExportFile(values.file, values.complete ?? false));
    return;
  }
  await withConfig(async (config) =>
    printVerification(
      await withContext(config, (ctx) =>
        ctx.get(AuditService).verify({ from: values.from, to: values.to }),
      ),
    ),
  );
}

async function demo(config: AppConfig, stopDatabase: () => Promise<void>): Promise<void> {
  if (config.nodeEnv === 'production')
    throw new Error('The demo adds known passwords; it refuses to run with NODE_ENV=production');
  const { created, applied } = await migrate(config.databaseUrl);
  console.log(`database: ${created ? 'created, ' : ''}${applied.length} migration(s) applied`);
  const app = await createHttpApp(config);
  const auth = app.get(AuthService);
  for (const user of DEMO_USERS) {
    await auth.addUser(user).catch((err: unknown) => {
      if (!(err instanceof DomainError && err.code === ErrorCode.ALREADY_EXISTS)) throw err;
    });
  }
  const directory = app.get(UserDirectory);
  const admin = toActor((await directory.findByUsername('admin'))!);
  const supervisor = toActor((await directory.findByUsername('supervisor1'))!);
  const documents = app.get(DocumentsService);
  for (const doc of SAMPLE_DOCUMENTS) {
    const registered = await documents.register(doc, admin).catch((err: unknown) => {
      if (err instanceof DomainError && err.code === ErrorCode.ALREADY_EXISTS) return null;
      throw err;
    });
    // A systematic review of each sample, queued for a supervisor to assign: the desk's first work.
    if (registered) await app.get(ReviewService).open(registered.id, 'SYSTEMATIC', supervisor);
  }
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  // Every interface, as a server in a container needs.
  await app.listen(config.port, '0.0.0.0');
  const url = `http://localhost:${config.port}`;
  console.log(
    `\ndeclass is running at ${url}  (API docs: ${url}/api/docs)\n\nDemo users (username / password / roles / clearance / caveats):`,
  );
  for (const u of DEMO_USERS) {
    console.log(
      `  ${u.username.padEnd(12)} ${u.password.padEnd(18)} ${u.roles.join(',').padEnd(12)} ${u.clearance.padEnd(13)} ${(u.caveats ?? []).join(',')}`,
    );
  }
  console.log(
    `\nTry: curl -s ${url}/api/auth/login -H 'content-type: application/json' -d '{"username":"reviewer1","password":"demo-reviewer1"}'`,
  );
  closeOnSignals(async () => {
    await worker.close();
    await app.close();
    await stopDatabase();
  });
}

export async function run(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  if (!command || HELP.has(command) || command === 'help') {
    console.log(USAGE);
    return;
  }
  const options = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (options.some((a) => HELP.has(a))) {
    console.log(usageOf(command) ?? USAGE);
    return;
  }
  if (command === 'machine:diagram') {
    console.log(lifecycleMermaid());
    return;
  }
  if (command === 'cables:parse') return cablesParse(args);
  const settings = loadConfig();
  const withConfig = async (work: (config: AppConfig) => Promise<void>): Promise<void> => {
    const database = await startDatabase(
      AUDIT_COMMANDS.has(command) ? checkpointSigning(settings) : ephemeralJwtSecret(settings),
    );
    try {
      await work(database.config);
    } finally {
      await database.stop();
    }
  };
  if (command === 'audit:verify') return auditVerify(args, withConfig);
  if (command === 'demo') {
    // The demo keeps the database it started until it is stopped itself.
    const secret = demoJwtSecret(settings);
    if (secret.file)
      console.log(`JWT_SECRET is unset: tokens are signed with the secret in ${secret.file}`);
    const database = await startDatabase(secret.settings);
    return demo(database.config, database.stop);
  }
  if (!COMMANDS.has(command)) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `Unknown command "${command}".\n\n${USAGE}`);
  }
  return withConfig((config) => runCommand(command, args, config));
}

/** Commands that sign or check audit checkpoints, and so need the key the worker signs with. */
const AUDIT_COMMANDS = new Set(['audit:verify', 'audit:anchor']);

/**
 * The settings an audit command signs and checks checkpoints with: on the demo's embedded
 * database the demo's own secret; elsewhere AUDIT_CHECKPOINT_KEY or JWT_SECRET, as the worker has.
 */
function checkpointSigning(settings: Settings): SignedSettings {
  if (settings.databaseUrl === null) return demoJwtSecret(settings).settings;
  if (settings.jwtSecret === null && settings.auditCheckpointKey === null) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      'Audit checkpoints are signed with AUDIT_CHECKPOINT_KEY, or a key derived from JWT_SECRET: set the one the worker has',
    );
  }
  return ephemeralJwtSecret(settings);
}

const COMMANDS = new Set([
  'db:migrate',
  'db:revert',
  'users:add',
  'cables:import',
  'disposition:export',
  'audit:anchor',
]);

async function runCommand(command: string, args: string[], config: AppConfig): Promise<void> {
  switch (command) {
    case 'db:migrate': {
      const { created, applied } = await migrate(config.databaseUrl);
      console.log(JSON.stringify({ databaseCreated: created, applied }));
      return;
    }
    case 'db:revert':
      await revertLast(config.databaseUrl);
      console.log(JSON.stringify({ reverted: true }));
      return;
    case 'users:add':
      return usersAdd(config, args);
    case 'cables:import':
      return cablesImport(args, (work) => withContext(config, work));
    case 'disposition:export':
      return dispositionExport(args, (work) => withContext(config, work));
    case 'audit:anchor': {
      const { anchor, checkpointed } = await withContext(config, async (ctx) => {
        const audit = ctx.get(AuditService);
        return { anchor: await audit.anchor(), checkpointed: await audit.checkpoint() };
      });
      console.log(
        JSON.stringify({
          ...(anchor ?? { anchored: 0, note: 'no chain moved since the last anchor' }),
          checkpointed,
        }),
      );
      return;
    }
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).catch((err: unknown) => {
    if (err instanceof ConfigError || err instanceof DomainError) console.error(err.message);
    else console.error(err instanceof Error ? `declass: ${err.message}` : err);
    process.exit(1);
  });
}
