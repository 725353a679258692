/**
 * Cable import, end to end, files to committed rows. `npm run bench:import` (20,000 cables) or
 * `npm run bench:import -- 100000 --runs 3`.
 *
 * 1. Generates N synthetic cables (`syntheticCableWithFacts`, consecutive seeds from `--seed`,
 *    seeds whose document number was already drawn skipped) into a temporary folder, 1,000 files
 *    a subfolder, and times `parseCable` on each text as it goes: the parse rate on one core.
 * 2. Each run drops and recreates the database `declass_bench_import` on the DATABASE_URL
 *    server (unset: the local PostgreSQL, 127.0.0.1:5432), migrates it, and runs the real CLI, `node dist/src/cli.js cables:import <folder>`,
 *    as a child process under `/usr/bin/time -v` when present: the import rate is the CLI's own
 *    (first file read to last commit), the wall rate adds the process start; the peak memory is
 *    the child's maximum resident set size.
 * 3. Checks the database holds N documents, then prints one JSON line per run and a summary
 *    (median, min and max over the runs) against the targets: parse ≥ 2,000/s, import ≥
 *    1,000/s, peak memory < 300 MB.
 *
 * Options: `--runs R` (1), `--seed S` (1), `--batch-size B` (the CLI's default), `--keep` (leave
 * the folder). Exit status 0 when the runs completed, targets met or not; 1 on an error.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { parseCable } from '../src/cables/domain/cable.parser';
import { syntheticCableWithFacts } from '../src/cables/domain/synthetic-cable';
import { benchSettings, databaseUrlOf, recreateDatabase } from './support/bench-setup';

const DATABASE_NAME = 'declass_bench_import';
const PER_FOLDER = 1000;
const TARGETS = { parsePerSecond: 2000, importPerSecond: 1000, peakRssMb: 300 };

/** What `cables:import` prints on stdout. */
interface Summary {
  imported?: number;
  failed?: number;
  seconds?: number;
  cablesPerSecond?: number;
  peakRssMb?: number;
  failures?: { file: string; reason: string }[];
}

interface RunResult {
  run: number;
  imported: number;
  failed: number;
  seconds: number;
  cablesPerSecond: number;
  wallSeconds: number;
  wallCablesPerSecond: number;
  peakRssMb: number;
  peakRssSource: string;
  documentsInDatabase: number;
  portionsInDatabase: number;
  historyRowsInDatabase: number;
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function spread(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN,
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

const roundSpread = (s: { median: number; min: number; max: number }) => ({
  median: Math.round(s.median),
  min: Math.round(s.min),
  max: Math.round(s.max),
});

async function generate(
  folder: string,
  count: number,
  firstSeed: number,
): Promise<{
  bytes: number;
  parseSeconds: number;
  chunkRates: number[];
  warnings: number;
  seedsSkipped: number;
}> {
  const numbers = new Set<string>();
  let bytes = 0;
  let parseSeconds = 0;
  let warnings = 0;
  let seed = firstSeed;
  let seedsSkipped = 0;
  // Parse rate per 1,000 cables, for the spread.
  const chunkRates: number[] = [];
  let chunkSeconds = 0;
  // Warm the parser up so the timing measures optimised code, not the JIT.
  for (let i = 0; i < 2000; i++) parseCable(syntheticCableWithFacts(1_000_000 + i).text);
  for (let i = 0; i < count; seed++) {
    const { text, facts } = syntheticCableWithFacts(seed);
    if (numbers.has(facts.documentNumber)) {
      seedsSkipped++;
      continue;
    }
    numbers.add(facts.documentNumber);
    const started = process.hrtime.bigint();
    const cable = parseCable(text);
    const took = seconds(started);
    parseSeconds += took;
    chunkSeconds += took;
    warnings += cable.warnings.length;
    const sub = join(folder, String(Math.floor(i / PER_FOLDER)).padStart(4, '0'));
    if (i % PER_FOLDER === 0) await mkdir(sub, { recursive: true });
    await writeFile(join(sub, `${facts.documentNumber}.txt`), text);
    bytes += Buffer.byteLength(text);
    i++;
    if (i % PER_FOLDER === 0) {
      chunkRates.push(PER_FOLDER / chunkSeconds);
      chunkSeconds = 0;
    }
  }
  return { bytes, parseSeconds, chunkRates, warnings, seedsSkipped };
}

async function counts(databaseUrl: string): Promise<[number, number, number]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ d: number; p: number; h: number }>(
      `SELECT (SELECT count(*)::int FROM documents) AS d, (SELECT count(*)::int FROM portions) AS p,
              (SELECT count(*)::int FROM document_history) AS h`,
    );
    const r = rows[0]!;
    return [r.d, r.p, r.h];
  } finally {
    await client.end();
  }
}

function importOnce(
  folder: string,
  databaseUrl: string,
  batchSize: string | undefined,
): Promise<{ summary: Summary; wallSeconds: number; peakRssKb: number | null }> {
  const cli = resolve(__dirname, '../src/cli.js');
  const args = [cli, 'cables:import', folder, '--collection', 'bench', '--quiet'];
  if (batchSize) args.push('--batch-size', batchSize);
  const timed = existsSync('/usr/bin/time');
  const [command, commandArgs] = timed
    ? ['/usr/bin/time', ['-v', process.execPath, ...args]]
    : [process.execPath, args];
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, commandArgs, {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallSeconds = seconds(started);
      const line = stdout.trim().split('\n').pop() ?? '';
      // Exit code 2: the import ran but some files failed; the summary names them.
      if ((code !== 0 && code !== 2) || !line.startsWith('{')) {
        reject(new Error(`cables:import exited with ${code}:\n${stderr.slice(-4000)}`));
        return;
      }
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      resolvePromise({
        summary: JSON.parse(line) as Summary,
        wallSeconds,
        peakRssKb: rss ? Number(rss[1]) : null,
      });
    });
  });
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: {
      runs: { type: 'string' },
      seed: { type: 'string' },
      'batch-size': { type: 'string' },
      keep: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const count = Number.parseInt(positionals[0] ?? '20000', 10);
  const runs = Number.parseInt(values.runs ?? '1', 10);
  const firstSeed = Number.parseInt(values.seed ?? '1', 10);
  if (!(count > 0) || !(runs > 0)) throw new Error('usage: import.bench.js [N] [--runs R]');

  const databaseUrl = databaseUrlOf(benchSettings().databaseUrl, DATABASE_NAME);

  const folder = await mkdtemp(join(tmpdir(), 'declass-bench-import-'));
  try {
    const generating = process.hrtime.bigint();
    const generated = await generate(folder, count, firstSeed);
    const parsePerSecond = count / generated.parseSeconds;
    console.log(
      JSON.stringify({
        bench: 'import',
        phase: 'generate',
        cables: count,
        folder,
        bytes: generated.bytes,
        averageBytes: Math.round(generated.bytes / count),
        seedsSkippedAsDuplicateNumbers: generated.seedsSkipped,
        seconds: round(seconds(generating), 2),
        parseSeconds: round(generated.parseSeconds, 3),
        parseCablesPerSecond: Math.round(parsePerSecond),
        parseCablesPerSecondPer1000: roundSpread(spread(generated.chunkRates)),
        parseWarnings: generated.warnings,
      }),
    );

    const results: RunResult[] = [];
    for (let run = 1; run <= runs; run++) {
      await recreateDatabase(databaseUrl);
      const { summary, wallSeconds, peakRssKb } = await importOnce(
        folder,
        databaseUrl,
        values['batch-size'],
      );
      const [documents, portions, history] = await counts(databaseUrl);
      const result: RunResult = {
        run,
        imported: summary.imported ?? 0,
        failed: summary.failed ?? 0,
        seconds: summary.seconds ?? Number.NaN,
        cablesPerSecond: summary.cablesPerSecond ?? Number.NaN,
        wallSeconds: round(wallSeconds, 2),
        wallCablesPerSecond: Math.round(count / wallSeconds),
        peakRssMb: Math.round((peakRssKb ?? (summary.peakRssMb ?? 0) * 1024) / 1024),
        peakRssSource: peakRssKb === null ? 'process.resourceUsage().maxRSS' : '/usr/bin/time -v',
        documentsInDatabase: documents,
        portionsInDatabase: portions,
        historyRowsInDatabase: history,
      };
      results.push(result);
      console.log(JSON.stringify({ bench: 'import', phase: 'import', ...result }));
      if (documents !== count || result.failed !== 0) {
        throw new Error(
          `run ${run}: ${documents} documents in the database for ${count} cables, ${result.failed} failed: ${JSON.stringify(summary.failures)}`,
        );
      }
    }

    const importRate = spread(results.map((r) => r.cablesPerSecond));
    const wallRate = spread(results.map((r) => r.wallCablesPerSecond));
    const rss = spread(results.map((r) => r.peakRssMb));
    console.log(
      JSON.stringify({
        bench: 'import',
        phase: 'summary',
        cables: count,
        runs,
        parseCablesPerSecond: Math.round(parsePerSecond),
        parseCablesPerSecondPer1000: roundSpread(spread(generated.chunkRates)),
        importCablesPerSecond: importRate,
        wallCablesPerSecond: wallRate,
        peakRssMb: rss,
        targets: TARGETS,
        met: {
          parse: parsePerSecond >= TARGETS.parsePerSecond,
          import: importRate.min >= TARGETS.importPerSecond,
          memory: rss.max < TARGETS.peakRssMb,
        },
        node: process.version,
      }),
    );
  } finally {
    if (values.keep) console.error(`cables left in ${folder}`);
    else await rm(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
