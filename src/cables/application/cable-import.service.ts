import { Clock } from '../../kernel/clock';
import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { chainOf, type AuditRecord } from '../../audit/domain/audit-hash';
import { DocumentsService, type DocumentView } from '../../documents/application/documents.service';
import { canAccess, PORTION_MARK } from '../../kernel/classification';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { type Actor } from '../../kernel/actor';
import { planCableDocument, type CableDocumentPlan } from '../domain/cable-document';
import { parseCable } from '../domain/cable.parser';
import { checkCableText, decodeCable, sourceHashOf } from './cable-text';
import {
  automaticDeclassificationOf,
  type AutomaticDeclassification,
} from './imported-declassification';
import { CableImportStore, type CableWrite, type CableWriteResult } from './cables.ports';
import { uuidV7 } from './uuid-v7';

/** Who an import is attributed to in the audit trail: a user over HTTP, the operator on the CLI. */
export interface ImportActor {
  id: string | null;
  username: string;
  roles: string[];
}

/** One file to import: its bytes, or why it could not be read. */
export interface CableInput {
  /** The path as given, for reports; the audit keeps the base name. */
  name: string;
  bytes?: Uint8Array;
  error?: string;
}

export interface FileResult {
  name: string;
  status: 'imported' | 'unchanged' | 'failed';
  documentNumber: string | null;
  documentId: string | null;
  reason: string | null;
  warnings: number;
}

export interface ImportProgress {
  done: number;
  imported: number;
  unchanged: number;
  failed: number;
  warnings: number;
}

export interface ImportSummary extends ImportProgress {
  collection: string;
  /** Imported cables with at least one warning. */
  cablesWithWarnings: number;
  seconds: number;
  cablesPerSecond: number;
  /** The first failures, file and reason; every one is also reported as it happens. */
  failures: { file: string; reason: string }[];
  failuresNotListed: number;
}

export interface ImportOptions {
  collection: string;
  actor: ImportActor;
  /** Documents per transaction. */
  batchSize?: number;
  onResult?: (result: FileResult) => void;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportedCable {
  status: 'imported' | 'unchanged';
  document: DocumentView;
  warnings: string[];
}

type Prepared =
  | { kind: 'ready'; name: string; write: CableWrite; warnings: number }
  | { kind: 'failed'; name: string; documentNumber: string | null; reason: string };

type Outcome = CableWriteResult | { status: 'failed'; reason: string };

/** As POST /api/documents accepts a collection name. */
const COLLECTION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Big enough that a statement's cost is spread over many cables, small enough to stay young. */
const DEFAULT_BATCH = 250;
const LISTED_FAILURES = 100;

/**
 * Takes cables in: from files in batches for the CLI, one text at a time for the API. Each cable
 * becomes a document with its portions, legacy history and DOCUMENT_IMPORTED audit event, all in
 * the transaction of its batch; a batch the database refuses is retried one cable at a time, so
 * one bad file fails alone and no document is ever half written.
 */
@Injectable()
export class CableImportService {
  private readonly logger = new Logger(CableImportService.name);

  constructor(
    private readonly store: CableImportStore,
    private readonly documents: DocumentsService,
    private readonly clock: Clock,
  ) {}

  /** Streams files into the collection, one batch in the database while the next is parsed. */
  async run(inputs: AsyncIterable<CableInput>, options: ImportOptions): Promise<ImportSummary> {
    const collection = checkCollection(options.collection);
    const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
    const started = process.hrtime.bigint();
    const tally = { done: 0, imported: 0, unchanged: 0, failed: 0, warnings: 0 };
    let cablesWithWarnings = 0;
    const failures: { file: string; reason: string }[] = [];

    const report = (result: FileResult): void => {
      tally.done++;
      tally[result.status]++;
      if (result.status === 'imported') {
        tally.warnings += result.warnings;
        if (result.warnings > 0) cablesWithWarnings++;
      }
      if (result.status === 'failed') {
        failures.push({ file: result.name, reason: result.reason ?? '' });
        if (failures.length > LISTED_FAILURES) failures.length = LISTED_FAILURES;
      }
      options.onResult?.(result);
    };
    const commit = async (batch: Extract<Prepared, { kind: 'ready' }>[]): Promise<void> => {
      const outcomes = await this.commit(batch.map((b) => b.write));
      batch.forEach((item, i) => report(resultOf(item, outcomes[i])));
      options.onProgress?.({ ...tally });
    };

    let batch: Extract<Prepared, { kind: 'ready' }>[] = [];
    // At most one batch is in the database while the next one is read and parsed.
    let writing: Promise<void> = Promise.resolve();
    let fatal: { error: unknown } | null = null;
    for await (const input of inputs) {
      if (fatal) break;
      const prepared = this.prepareInput(input, collection, options.actor);
      if (prepared.kind === 'failed') {
        report({
          name: prepared.name,
          status: 'failed',
          documentNumber: prepared.documentNumber,
          documentId: null,
          reason: prepared.reason,
          warnings: 0,
        });
        continue;
      }
      batch.push(prepared);
      if (batch.length >= batchSize) {
        await writing;
        if (fatal) break;
        const full = batch;
        batch = [];
        writing = commit(full).catch((error: unknown) => {
          fatal = { error };
        });
      }
    }
    await writing;
    if (!fatal && batch.length > 0) await commit(batch);
    if (fatal) throw (fatal as { error: unknown }).error;
    options.onProgress?.({ ...tally });

    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const handled = tally.imported + tally.unchanged + tally.failed;
    return {
      collection,
      ...tally,
      cablesWithWarnings,
      seconds: Math.round(seconds * 1000) / 1000,
      cablesPerSecond: seconds > 0 ? Math.round(handled / seconds) : handled,
      failures,
      failuresNotListed: Math.max(0, tally.failed - failures.length),
    };
  }

  /**
   * One cable sent over the API by a supervisor or administrator, who must be cleared for the
   * record it becomes: the same rule as registering a document.
   */
  async importOne(
    body: unknown,
    options: { collection?: string; fileName?: string; actor: Actor },
  ): Promise<ImportedCable> {
    const { actor } = options;
    if (!actor.roles.includes('supervisor') && !actor.roles.includes('admin')) {
      throw new DomainError(
        ErrorCode.ROLE_REQUIRED,
        'Only a supervisor or an administrator imports cables',
      );
    }
    const collection = checkCollection(options.collection ?? 'default');
    if (typeof body !== 'string') {
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        'Send the cable as the request body with Content-Type: text/plain',
      );
    }
    const name = options.fileName ?? 'request-body.txt';
    const checked = checkCableText(body);
    if (!checked.ok)
      throw new DomainError(ErrorCode.RULE_VIOLATED, `Nothing imported: ${checked.reason}`);
    const prepared = this.prepareText(name, checked.text, checked.warnings, collection, {
      id: actor.id,
      username: actor.username,
      roles: actor.roles,
    });
    if (prepared.kind === 'failed') {
      throw new DomainError(ErrorCode.RULE_VIOLATED, `Nothing imported: ${prepared.reason}`);
    }
    const { plan } = prepared.write;
    if (
      !canAccess(actor, { classification: plan.currentClassification, captions: plan.captions })
    ) {
      throw new DomainError(
        ErrorCode.CLEARANCE_REQUIRED,
        'You may not import a cable above your clearance or outside your caveats',
      );
    }
    const [outcome] = await this.commit([prepared.write]);
    if (!outcome || outcome.status === 'failed') {
      throw new DomainError(
        ErrorCode.RULE_VIOLATED,
        `Nothing imported: ${outcome?.reason ?? 'the database did not answer'}`,
      );
    }
    if (outcome.status === 'conflict') {
      throw await this.documents.numberTaken(
        collection,
        plan.documentNumber,
        actor,
        'import',
        new DomainError(ErrorCode.ALREADY_EXISTS, outcome.reason),
      );
    }
    const document = await this.documents.get(outcome.id, actor).catch(async (err: unknown) => {
      // The same file imported before, into a record the caller may no longer see.
      if (!(err instanceof DomainError && err.code === ErrorCode.NOT_FOUND)) throw err;
      throw await this.documents.numberTaken(collection, plan.documentNumber, actor, 'import', err);
    });
    this.logger.log({
      msg: 'cable imported',
      status: outcome.status,
      documentId: outcome.id,
      documentNumber: plan.documentNumber,
      actor: actor.username,
    });
    return {
      status: outcome.status,
      document,
      warnings: plan.warnings,
    };
  }

  /** Writes a batch; if the database refuses it, each cable alone, to find the one at fault. */
  private async commit(writes: CableWrite[]): Promise<Outcome[]> {
    try {
      return await this.store.writeBatch(writes);
    } catch (error) {
      if (unavailable(error)) throw error;
      if (writes.length === 1) return [{ status: 'failed', reason: refusal(error) }];
      this.logger.warn({
        msg: 'batch refused; retrying its cables one by one',
        size: writes.length,
      });
      const outcomes: Outcome[] = [];
      for (const write of writes) {
        try {
          outcomes.push(...(await this.store.writeBatch([write])));
        } catch (single) {
          if (unavailable(single)) throw single;
          outcomes.push({ status: 'failed', reason: refusal(single) });
        }
      }
      return outcomes;
    }
  }

  private prepareInput(input: CableInput, collection: string, actor: ImportActor): Prepared {
    if (input.error !== undefined || input.bytes === undefined) {
      return failed(input.name, null, input.error ?? 'could not be read');
    }
    const decoded = decodeCable(input.bytes);
    if (!decoded.ok) return failed(input.name, null, decoded.reason);
    return this.prepareText(input.name, decoded.text, decoded.warnings, collection, actor);
  }

  private prepareText(
    name: string,
    text: string,
    readWarnings: string[],
    collection: string,
    actor: ImportActor,
  ): Prepared {
    try {
      const cable = parseCable(text, name);
      const planned = planCableDocument(cable);
      if (!planned.ok) return failed(name, cable.documentNumber, planned.reason);
      const today = this.clock.today();
      if (planned.plan.documentDate > today) {
        return failed(
          name,
          cable.documentNumber,
          `the cable is dated ${planned.plan.documentDate}, after today (${today}); check its date`,
        );
      }
      const plan: CableDocumentPlan = {
        ...planned.plan,
        warnings: [...readWarnings, ...planned.plan.warnings],
      };
      const id = uuidV7();
      const sourceHash = sourceHashOf(text);
      const contentHash = contentHashOf(plan);
      const automatic = automaticDeclassificationOf(id, plan, this.clock.timeZone);
      if (automatic.note) plan.warnings.push(automatic.note);
      const file = cable.file ?? name;
      const write: CableWrite = {
        id,
        collection,
        sourceHash,
        contentHash,
        plan,
        sourceAttributes: {
          file,
          sourceHash,
          attributes: plan.attributes,
          warnings: plan.warnings,
          originalCaptions: plan.originalCaptions,
          header: plan.header,
        },
        autoDeclassifyOn: automatic.autoDeclassifyOn,
        deadlines: automatic.deadlines,
        audit: importedEvent(
          id,
          collection,
          file,
          sourceHash,
          contentHash,
          plan,
          automatic,
          actor,
          this.clock.now(),
        ),
      };
      return { kind: 'ready', name, write, warnings: plan.warnings.length };
    } catch (error) {
      // The parser never throws; this is a defect of ours, reported against the one file.
      return failed(name, null, `the importer failed on this file: ${message(error)}`);
    }
  }
}

export function checkCollection(collection: string): string {
  if (!COLLECTION.test(collection)) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      `collection "${collection}": 1–64 letters, digits, ".", "_" or "-"`,
    );
  }
  return collection;
}

/** sha256 of the portions' text, exactly as DocumentsService.register computes it. */
function contentHashOf(plan: CableDocumentPlan): string {
  return createHash('sha256')
    .update(plan.portions.map((p) => `(${PORTION_MARK[p.classification]}) ${p.text}`).join('\n\n'))
    .digest('hex');
}

function importedEvent(
  id: string,
  collection: string,
  file: string,
  sourceHash: string,
  contentHash: string,
  plan: CableDocumentPlan,
  automatic: AutomaticDeclassification,
  actor: ImportActor,
  at: Date,
): AuditRecord {
  return {
    chainKey: chainOf.document(id),
    occurredAt: at.toISOString(),
    actorId: actor.id,
    actorUsername: actor.username,
    actorRoles: actor.roles,
    action: 'DOCUMENT_IMPORTED',
    reviewId: null,
    documentId: id,
    fromState: null,
    toState: null,
    // Never text: not even the subject, which a classified cable may classify.
    payload: {
      file,
      sourceHash,
      contentHash,
      warnings: plan.warnings.length,
      documentNumber: plan.documentNumber,
      collection,
      classification: plan.originalClassification,
      currentClassification: plan.currentClassification,
      captions: plan.captions,
      portions: plan.portions.length,
      historyEntries: plan.history.length,
      autoDeclassifyOn: automatic.autoDeclassifyOn,
      autoDeclassifyRule: automatic.rule,
      autoDeclassifyScheduled: automatic.deadlines.length > 0,
    },
  };
}

function resultOf(
  item: Extract<Prepared, { kind: 'ready' }>,
  outcome: Outcome | undefined,
): FileResult {
  const documentNumber = item.write.plan.documentNumber;
  const base = { name: item.name, documentNumber, warnings: item.warnings };
  if (!outcome) {
    return { ...base, status: 'failed', documentId: null, reason: 'no answer from the database' };
  }
  switch (outcome.status) {
    case 'imported':
    case 'unchanged':
      return { ...base, status: outcome.status, documentId: outcome.id, reason: null };
    case 'conflict':
      return { ...base, status: 'failed', documentId: outcome.id, reason: outcome.reason };
    case 'failed':
      return { ...base, status: 'failed', documentId: null, reason: outcome.reason };
  }
}

function failed(name: string, documentNumber: string | null, reason: string): Prepared {
  return { kind: 'failed', name, documentNumber, reason };
}

function unavailable(error: unknown): boolean {
  return error instanceof DomainError && error.code === ErrorCode.UNAVAILABLE;
}

function refusal(error: unknown): string {
  return `the database refused this cable: ${message(error)}`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
