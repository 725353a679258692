/**
 * What refusing a hostile JSON body costs the API's one thread: the body parser, then for the
 * bodies sent to the document route the request pipes (text scan, undeclared fields, validation)
 * as the API runs them, on the bodies an attacker would send (the 100,000 keys of 1.1 MB that the
 * large-body route admits, a 250 KB body of keys for the small routes, portions padded with as
 * many undeclared fields as pass the key cap, deep nesting), against ordinary bodies.
 * Each body is handled ROUNDS times after a warm-up; prints one JSON line per body with the median
 * and the worst round in milliseconds (target: every refusal under 50 ms).
 * `node dist/bench/hostile-body.bench.js`
 */
import 'reflect-metadata';
import type { ArgumentMetadata } from '@nestjs/common';
import { parseJsonBody } from '../src/common/http/body-parsers';
import { RegisterDocumentDto } from '../src/documents/http/document.dto';
import { requestPipes } from '../src/http-app';

const ROUNDS = 15;

function keys(n: number): string {
  return JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 1])));
}

/** A document of `portions` SECRET paragraphs, each padded with `padding` undeclared fields. */
function documentBody(portions: number, padding: number): string {
  const extra = JSON.parse(keys(padding)) as object;
  return JSON.stringify({
    documentNumber: '1975STATE000001',
    title: 'A cable',
    documentDate: '1975-01-02',
    originalClassification: 'SECRET',
    portions: Array.from({ length: portions }, (_, i) => ({
      text: `Paragraph ${i}.`,
      classification: 'SECRET',
      ...extra,
    })),
  });
}

/** [label, body, whether it goes through the document route's pipes after parsing] */
const BODIES: [string, string, boolean][] = [
  ['100,000 keys, 1.1 MB (large-body route)', keys(100_000), false],
  [
    '250 KB of keys (small routes)',
    `${keys(100_000)
      .slice(0, 250 * 1024)
      .replace(/,[^,]*$/, '')}}`,
    false,
  ],
  [
    '240 portions of 198 undeclared fields each, 0.4 MB (document route, under the entries cap)',
    documentBody(240, 198),
    true,
  ],
  [
    '450 portions of 198 undeclared fields each, 0.8 MB (document route)',
    documentBody(450, 198),
    true,
  ],
  [
    '4,966 portions of 198 undeclared fields each, 8.6 MB (document route)',
    documentBody(4_966, 198),
    true,
  ],
  ['100,000 nested arrays', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, false],
  ['a document of 5,000 portions (accepted)', documentBody(5_000, 0), true],
  [
    'a review event (accepted)',
    JSON.stringify({
      type: 'DECIDE_PORTION',
      portionId: 'p',
      action: 'RELEASE',
      expectedVersion: 4,
    }),
    false,
  ],
];

const PIPES = requestPipes();
const DOCUMENT_BODY: ArgumentMetadata = { type: 'body', metatype: RegisterDocumentDto };

async function once(
  body: string,
  throughPipes: boolean,
): Promise<{ ms: number; refused: boolean }> {
  const start = process.hrtime.bigint();
  let refused = false;
  try {
    let value = parseJsonBody(body);
    if (throughPipes) for (const pipe of PIPES) value = await pipe.transform(value, DOCUMENT_BODY);
  } catch {
    refused = true;
  }
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, refused };
}

async function main(): Promise<void> {
  for (const [label, body, throughPipes] of BODIES) {
    for (let i = 0; i < 3; i++) await once(body, throughPipes);
    const rounds: { ms: number; refused: boolean }[] = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push(await once(body, throughPipes));
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
}

void main();
