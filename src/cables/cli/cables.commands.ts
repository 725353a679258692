import { once } from 'node:events';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import type { INestApplicationContext } from '@nestjs/common';
import { DomainError, ErrorCode } from '../../kernel/errors';
import {
  CableImportService,
  checkCollection,
  type ImportActor,
} from '../application/cable-import.service';
import { decodeCable } from '../application/cable-text';
import type { DispositionSelector } from '../application/cables.ports';
import { DispositionService } from '../application/disposition.service';
import { parseCable } from '../domain/cable.parser';
import type { ParsedCable } from '../domain/cable.types';
import {
  csvHeader,
  dispositionBlock,
  dispositionCsvRow,
  dispositionJson,
} from '../domain/disposition';
import { countCableFiles, readCableFiles, walkCableFiles, type WalkStats } from './cable-files';
import { ImportProgressBar } from './progress';

/** Runs work inside the CLI's Nest context (src/cli.ts `withContext`). */
export type WithContext = <T>(work: (ctx: INestApplicationContext) => Promise<T>) => Promise<T>;

export const CABLES_USAGE = `  cables:import <files or folders…> [--collection NAME] [--batch-size N] [--quiet]
                             import State Department cable exports (folders: every *.txt, walked
                             lazily); progress on stderr, a JSON summary on stdout; exit code 2
                             when some files failed (each is named with its reason)
  cables:parse <files or folders…>
                             print what the parser reads from each file, one JSON object a line
  disposition:export (--document NUMBER|ID [--collection NAME] | --collection NAME)
                     [--format attributes|csv|ndjson]
                             disposition histories in the State Department's vocabulary, streamed`;

/** `declass cables:import`: files and folders into a collection, in batches. */
export async function cablesImport(args: string[], withContext: WithContext): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      collection: { type: 'string' },
      'batch-size': { type: 'string' },
      quiet: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      'cables:import needs files or folders: declass cables:import <files or folders…> [--collection NAME]',
    );
  }
  const collection = checkCollection(values.collection ?? 'default');
  const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
  if (
    batchSize !== undefined &&
    (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000)
  ) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      '--batch-size: a whole number from 1 to 5000',
    );
  }

  // An import allocates fast and keeps little: let the heap grow to twice what is live (V8's
  // default lets it reach four times), so memory stays flat at about 230 MB however many files.
  setFlagsFromString('--heap-growing-percent=100');
  const bar = new ImportProgressBar(process.stderr, { quiet: values.quiet });
  countCableFiles(positionals).then(
    (total) => bar.setTotal(total),
    () => undefined,
  );
  const stats: WalkStats = { skipped: 0 };
  const summary = await withContext((ctx) =>
    ctx.get(CableImportService).run(readCableFiles(walkCableFiles(positionals, stats)), {
      collection,
      actor: operator(),
      batchSize,
      onResult: (result) => {
        bar.tick(result);
        if (result.status === 'failed') bar.log(`failed: ${result.name}: ${result.reason ?? ''}`);
      },
    }),
  );
  bar.finish();
  const { maxRSS } = process.resourceUsage();
  process.stderr.write(
    `imported ${summary.imported}, unchanged ${summary.unchanged}, failed ${summary.failed}, warnings ${summary.warnings} (in ${summary.cablesWithWarnings} cables); ${summary.seconds} s, ${summary.cablesPerSecond} cables/s\n`,
  );
  process.stdout.write(
    `${JSON.stringify({ ...summary, skipped: stats.skipped, peakRssMb: Math.round(maxRSS / 1024) })}\n`,
  );
  if (summary.failed > 0) process.exitCode = 2;
}

/** `declass cables:parse`: the parser's reading of each file, NDJSON, no database. */
export async function cablesParse(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  if (positionals.length === 0) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'cables:parse needs files or folders');
  }
  const out = new LineWriter(process.stdout);
  let unreadable = 0;
  for await (const input of readCableFiles(walkCableFiles(positionals))) {
    const decoded =
      input.bytes === undefined
        ? ({ ok: false, reason: input.error ?? 'could not be read' } as const)
        : decodeCable(input.bytes);
    if (!decoded.ok) {
      unreadable++;
      await out.line(JSON.stringify({ file: input.name, error: decoded.reason }));
      continue;
    }
    const cable = parseCable(decoded.text, input.name);
    cable.warnings.unshift(...decoded.warnings);
    await out.line(JSON.stringify(parsedJson(input.name, cable)));
  }
  await out.end();
  if (unreadable > 0) process.exitCode = 2;
}

/** `declass disposition:export`: dispositions streamed from the database. */
export async function dispositionExport(args: string[], withContext: WithContext): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      document: { type: 'string' },
      collection: { type: 'string' },
      format: { type: 'string' },
    },
    strict: true,
  });
  const format = values.format ?? 'ndjson';
  if (format !== 'attributes' && format !== 'csv' && format !== 'ndjson') {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, '--format: attributes, csv or ndjson');
  }
  let selector: DispositionSelector;
  if (values.document !== undefined) {
    selector = UUID.test(values.document)
      ? { documentId: values.document }
      : { documentNumber: values.document, collection: values.collection };
  } else if (values.collection !== undefined) {
    selector = { collection: values.collection };
  } else {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      'disposition:export needs --document NUMBER|ID or --collection NAME',
    );
  }
  const out = new LineWriter(process.stdout);
  const count = await withContext(async (ctx) => {
    let n = 0;
    for await (const record of ctx.get(DispositionService).export(selector)) {
      if (n === 0 && format === 'csv') await out.line(csvHeader());
      if (format === 'csv') await out.line(dispositionCsvRow(record));
      else if (format === 'ndjson') await out.line(JSON.stringify(dispositionJson(record)));
      else await out.line(`${n === 0 ? '' : '\n'}${dispositionBlock(record).trimEnd()}`);
      n++;
    }
    return n;
  });
  await out.end();
  if (count === 0) {
    throw new DomainError(ErrorCode.NOT_FOUND, 'No document matches; nothing exported');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The CLI acts with the database's authority; the audit trail names the operating system user. */
function operator(): ImportActor {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // No user database entry (a container running with a bare uid): keep "unknown".
  }
  return { id: null, username: `cli:${name}`, roles: [] };
}

/** `cables:parse` output: the fields a reviewer looks at first, then the rest of what was read. */
function parsedJson(file: string, c: ParsedCable): Record<string, unknown> {
  return {
    file,
    documentNumber: c.documentNumber,
    originalClassification: c.originalClassification,
    currentClassification: c.currentClassification,
    captions: c.captions,
    tags: c.tags,
    executiveOrder: c.executiveOrder,
    subject: c.subject,
    sentAt: c.sentAt,
    from: c.from,
    to: c.to,
    dispositionAction: c.dispositionAction,
    reviewHistory: c.reviewHistory,
    exemptions: c.exemptions,
    hasText: c.hasText,
    portions: c.portions.map((p) => ({
      classification: p.classification,
      marking: p.marking,
      label: p.label,
      text: p.text,
    })),
    warnings: c.warnings,
    documentDate: c.documentDate,
    info: c.info,
    precedence: c.precedence,
    references: c.references,
    section: c.section,
    tosec: c.tosec,
    office: c.office,
    drafter: c.drafter,
    approver: c.approver,
    clearances: c.clearances,
    signature: c.signature,
    handlingInstructions: c.handlingInstructions,
    entireTextClassification: c.entireTextClassification,
    originalHandlingRestrictions: c.originalHandlingRestrictions,
    handlingRestrictions: c.handlingRestrictions,
    reviewAction: c.reviewAction,
    reviewDate: c.reviewDate,
    dispositionDate: c.dispositionDate,
    dispositionApprovedOn: c.dispositionApprovedOn,
    dispositionAuthority: c.dispositionAuthority,
    dispositionCaseNumber: c.dispositionCaseNumber,
    dispositionReason: c.dispositionReason,
    dispositionComment: c.dispositionComment,
    dispositionHistory: c.dispositionHistory,
    markings: c.markings,
    hasAttributeBlock: c.hasAttributeBlock,
    complete: c.complete,
    attributes: c.attributes,
  };
}

/** Lines to a stream, buffered, waiting for `drain` so a slow reader never grows our memory. */
class LineWriter {
  private buffer: string[] = [];
  private size = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {}

  async line(text: string): Promise<void> {
    this.buffer.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= 65_536) await this.flush();
  }

  async end(): Promise<void> {
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.size === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
}
