/**
 * What refusing a hostile JSON body costs the API's one thread: the body parser alone, on the
 * bodies an attacker would send (the 100,000 keys of 1.1 MB that the large-body route admits, a
 * 250 KB body of keys for the small routes, as many keys as pass the cap, deep nesting), against
 * an ordinary review event.
 * Each body is parsed ROUNDS times after a warm-up; prints one JSON line per body with the median
 * and the worst round in milliseconds (target: every refusal under 50 ms).
 * `node dist/bench/hostile-body.bench.js`
 */
import { parseJsonBody } from '../src/common/http/body-parsers';

const ROUNDS = 15;

function keys(n: number): string {
  return JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 1])));
}

const BODIES: [string, string][] = [
  ['100,000 keys, 1.1 MB (large-body route)', keys(100_000)],
  [
    '250 KB of keys (small routes)',
    `${keys(100_000)
      .slice(0, 250 * 1024)
      .replace(/,[^,]*$/, '')}}`,
  ],
  [
    'portions of 200 keys each, 1.1 MB (passes the parser)',
    JSON.stringify({
      portions: Array.from({ length: 450 }, () => JSON.parse(keys(200)) as object),
    }),
  ],
  [
    '100,000 nested arrays',
    `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
  ],
  [
    'a review event (accepted)',
    JSON.stringify({
      type: 'DECIDE_PORTION',
      portionId: 'p',
      action: 'RELEASE',
      expectedVersion: 4,
    }),
  ],
];

function once(body: string): { ms: number; refused: boolean } {
  const start = process.hrtime.bigint();
  let refused = false;
  try {
    parseJsonBody(body);
  } catch {
    refused = true;
  }
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, refused };
}

for (const [label, body] of BODIES) {
  for (let i = 0; i < 3; i++) once(body);
  const rounds = Array.from({ length: ROUNDS }, () => once(body));
  const times = rounds.map((r) => r.ms).sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      bench: 'hostile-body',
      body: label,
      bytes: Buffer.byteLength(body),
      refused: rounds[0]!.refused,
      medianMs: Math.round(times[Math.floor(ROUNDS / 2)]! * 100) / 100,
      worstMs: Math.round(times[ROUNDS - 1]! * 100) / 100,
    }),
  );
}
