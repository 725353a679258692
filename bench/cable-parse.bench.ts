/**
 * Cable parsing throughput on one core. Generates N synthetic cables in memory (default 20,000;
 * `node dist/bench/cable-parse.bench.js 50000`), warms the parser up, then parses all of them in
 * three rounds and prints one JSON line per round and a summary with the median round.
 * No I/O inside the timed loop: this measures the parser, not the disk.
 */
import { parseCable } from '../src/cables/domain/cable.parser';
import { syntheticCable } from '../src/cables/domain/synthetic-cable';

const ROUNDS = 3;

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

function main(): void {
  const requested = Number.parseInt(process.argv[2] ?? '', 10);
  const count = Number.isFinite(requested) && requested > 0 ? requested : 20_000;

  const generating = process.hrtime.bigint();
  const cables: string[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const text = syntheticCable(i + 1);
    cables.push(text);
    bytes += Buffer.byteLength(text, 'utf8');
  }
  console.log(
    JSON.stringify({
      bench: 'cable-parse',
      phase: 'generate',
      cables: count,
      bytes,
      averageBytes: Math.round(bytes / count),
      seconds: round(seconds(generating)),
    }),
  );

  // Warm-up so the rounds measure optimised code, not the JIT.
  for (let i = 0; i < Math.min(count, 2_000); i++) parseCable(cables[i] ?? '');

  const rates: number[] = [];
  for (let r = 1; r <= ROUNDS; r++) {
    let portions = 0;
    let warnings = 0;
    const started = process.hrtime.bigint();
    for (const text of cables) {
      const cable = parseCable(text);
      portions += cable.portions.length;
      warnings += cable.warnings.length;
    }
    const elapsed = seconds(started);
    rates.push(count / elapsed);
    console.log(
      JSON.stringify({
        bench: 'cable-parse',
        phase: 'parse',
        round: r,
        cables: count,
        bytes,
        seconds: round(elapsed),
        cablesPerSecond: Math.round(count / elapsed),
        mbPerSecond: round(bytes / 1e6 / elapsed),
        portions,
        warnings,
      }),
    );
  }

  const median = [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)] ?? 0;
  console.log(
    JSON.stringify({
      bench: 'cable-parse',
      phase: 'summary',
      cables: count,
      medianCablesPerSecond: Math.round(median),
      medianMbPerSecond: round((median * bytes) / count / 1e6),
      node: process.version,
    }),
  );
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

main();
