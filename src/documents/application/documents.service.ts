import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { chainOf } from '../../audit/domain/audit-hash';
import { Clock } from '../../kernel/clock';
import {
  autoDeclassifyDeadline,
  documentDates,
  readDeclassifyOn,
} from '../../deadlines/domain/document-dates';
import {
  canAccess,
  highest,
  PORTION_MARK,
  rankOf,
  type Caption,
  type Classification,
} from '../../kernel/classification';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { type Actor } from '../../kernel/actor';
import { DocumentStore, type DocumentListFilter, type DocumentRecord } from './document.ports';

export interface RegisterDocument {
  documentNumber: string;
  collection?: string;
  title: string;
  documentDate: string;
  originalClassification: Classification;
  captions?: Caption[];
  tags?: string[];
  originator?: string;
  format?: string;
  classificationAuthority?: string;
  declassifyOn?: string;
  equities?: string[];
  /** The record holds Restricted Data or Formerly Restricted Data (atomic energy). */
  restrictedData?: boolean;
  portions: { text: string; classification: Classification }[];
}

export type DocumentView = Omit<DocumentRecord, 'createdAt' | 'updatedAt' | 'contentHash'> & {
  createdAt: string;
  updatedAt: string;
};

const notFound = (id: string) =>
  new DomainError(ErrorCode.NOT_FOUND, `No document ${id} that you may see`);

@Injectable()
export class DocumentsService {
  constructor(
    private readonly store: DocumentStore,
    private readonly clock: Clock,
  ) {}

  /** Registers a record with its portions; supervisors and administrators only. */
  async register(input: RegisterDocument, actor: Actor): Promise<DocumentView> {
    if (!actor.roles.includes('supervisor') && !actor.roles.includes('admin')) {
      throw new DomainError(
        ErrorCode.ROLE_REQUIRED,
        'Only a supervisor or an administrator registers documents',
      );
    }
    const levels = input.portions.map((p) => p.classification);
    const top = highest(levels);
    if (rankOf(top) !== rankOf(input.originalClassification)) {
      const seq = levels.findIndex((l) => rankOf(l) === rankOf(top)) + 1;
      throw new DomainError(
        ErrorCode.RULE_VIOLATED,
        rankOf(top) > rankOf(input.originalClassification)
          ? `Portion #${seq} is ${top}, above the document's ${input.originalClassification}: a document is classified at the level of its highest portion`
          : `The document is marked ${input.originalClassification} but its highest portion is ${top}: a document is classified at the level of its highest portion`,
      );
    }
    if (
      !canAccess(actor, {
        classification: input.originalClassification,
        captions: input.captions ?? [],
      })
    ) {
      throw new DomainError(
        ErrorCode.CLEARANCE_REQUIRED,
        'You may not register a document above your clearance or outside your caveats',
      );
    }
    const today = this.clock.today();
    if (input.documentDate > today) {
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        `documentDate ${input.documentDate} is in the future; a record is registered on or after the day it was made (today is ${today})`,
      );
    }
    const declassifyOn = input.declassifyOn
      ? readDeclassifyOn(input.declassifyOn, input.documentDate)
      : null;
    if (declassifyOn && !declassifyOn.ok) {
      throw new DomainError(ErrorCode.RULE_VIOLATED, declassifyOn.message);
    }
    const id = randomUUID();
    const portions = input.portions.map((p, i) => ({
      id: randomUUID(),
      seq: i + 1,
      classification: p.classification,
      text: p.text,
    }));
    const contentHash = createHash('sha256')
      .update(portions.map((p) => `(${PORTION_MARK[p.classification]}) ${p.text}`).join('\n\n'))
      .digest('hex');
    const collection = input.collection ?? 'default';
    const at = this.clock.now().toISOString();
    const restrictedData = input.restrictedData ?? false;
    const dates = documentDates({
      documentDate: input.documentDate,
      originalClassification: input.originalClassification,
      restrictedData,
      declassifyOn: declassifyOn?.value ?? null,
    });
    const autoDeclassify = autoDeclassifyDeadline(id, dates, this.clock.timeZone);
    try {
      await this.store.register(
        {
          id,
          collection,
          documentNumber: input.documentNumber,
          title: input.title,
          originator: input.originator ?? null,
          documentDate: input.documentDate,
          format: input.format ?? 'TEL',
          tags: input.tags ?? [],
          captions: input.captions ?? [],
          originalClassification: input.originalClassification,
          currentClassification: input.originalClassification,
          classificationRank: rankOf(input.originalClassification),
          classificationAuthority: input.classificationAuthority ?? null,
          declassifyOn: input.declassifyOn ?? null,
          equities: input.equities ?? [],
          restrictedData,
          autoDeclassifyOn: dates.autoDeclassifyOn,
          contentHash,
          sourceAttributes: null,
          portions,
          deadlines: autoDeclassify ? [autoDeclassify] : [],
        },
        {
          chainKey: chainOf.document(id),
          occurredAt: at,
          actorId: actor.id,
          actorUsername: actor.username,
          actorRoles: actor.roles,
          action: 'DOCUMENT_REGISTERED',
          reviewId: null,
          documentId: id,
          fromState: null,
          toState: null,
          payload: {
            documentNumber: input.documentNumber,
            collection,
            classification: input.originalClassification,
            captions: input.captions ?? [],
            portions: portions.length,
            contentHash,
            restrictedData,
            autoDeclassifyOn: dates.autoDeclassifyOn,
            autoDeclassifyRule: dates.rule,
          },
        },
      );
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.ALREADY_EXISTS) {
        throw await this.numberTaken(collection, input.documentNumber, actor, 'register', err);
      }
      throw err;
    }
    return this.get(id, actor);
  }

  /**
   * The refusal of a number already taken in a collection. A caller who may see the record that
   * holds it gets `refusal` as it is; anyone else learns only that the number is not available,
   * the same answer whatever the hidden record is, and the attempt is recorded in the caller's
   * audit chain as a possible probe.
   */
  async numberTaken(
    collection: string,
    documentNumber: string,
    actor: Actor,
    attempt: 'register' | 'import',
    refusal: DomainError,
  ): Promise<DomainError> {
    const holder = await this.store.holderOf(collection, documentNumber);
    if (holder && canAccess(actor, holder.access)) return refusal;
    await this.store.recordRefusal({
      chainKey: chainOf.user(actor.id),
      occurredAt: this.clock.now().toISOString(),
      actorId: actor.id,
      actorUsername: actor.username,
      actorRoles: actor.roles,
      action: 'DOCUMENT_NUMBER_REFUSED',
      reviewId: null,
      documentId: null,
      fromState: null,
      toState: null,
      payload: { collection, documentNumber, attempt },
    });
    return new DomainError(
      ErrorCode.ALREADY_EXISTS,
      `Document number ${documentNumber} is not available in collection ${collection}; nothing was written`,
    );
  }

  async get(id: string, actor: Actor): Promise<DocumentView> {
    const doc = await this.store.findById(id, actor);
    if (!doc) throw notFound(id);
    return toView(doc);
  }

  async list(
    filter: Omit<DocumentListFilter, 'clearanceRank' | 'caveats'>,
    actor: Actor,
  ): Promise<{ items: DocumentView[]; total: number }> {
    const { items, total } = await this.store.list({
      ...filter,
      clearanceRank: rankOf(actor.clearance),
      caveats: actor.caveats,
    });
    return { items: items.map(toView), total };
  }

  /** The portions' text; reading classified text is itself an audit event. */
  async readText(id: string, actor: Actor) {
    const doc = await this.store.findById(id, actor);
    if (!doc) throw notFound(id);
    const portions = await this.store.readText(id, {
      chainKey: chainOf.document(id),
      occurredAt: this.clock.now().toISOString(),
      actorId: actor.id,
      actorUsername: actor.username,
      actorRoles: actor.roles,
      action: 'DOCUMENT_READ',
      reviewId: null,
      documentId: id,
      fromState: null,
      toState: null,
      payload: { documentNumber: doc.documentNumber, classification: doc.currentClassification },
    });
    return {
      documentId: id,
      documentNumber: doc.documentNumber,
      classification: doc.currentClassification,
      portions: portions.map((p) =>
        p.withheldUnder.length === 0 || mayReadWithheld(actor, p.classification, doc.captions)
          ? p
          : { ...p, text: null },
      ),
    };
  }
}

/**
 * Who reads a withheld portion: a reviewer or supervisor cleared for the level the portion was
 * marked with. The record's own level may have dropped (withheld under FOIA codes alone, which do
 * not classify, or declassified since), but what was withheld stays out of everyone else's reach;
 * they get the release copy.
 */
function mayReadWithheld(actor: Actor, marked: Classification, captions: string[]): boolean {
  return (
    (actor.roles.includes('reviewer') || actor.roles.includes('supervisor')) &&
    canAccess(actor, { classification: marked, captions })
  );
}

function toView(doc: DocumentRecord): DocumentView {
  const { contentHash: _hash, ...rest } = doc;
  return {
    ...rest,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}
