import { Injectable } from '@nestjs/common';
import { DocumentsService } from '../../documents/application/documents.service';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { type Actor } from '../../kernel/actor';
import { dispositionOf, type DispositionRecord } from '../domain/disposition';
import { DispositionStore, type DispositionSelector } from './cables.ports';

const PAGE = 500;

/**
 * Disposition histories: the imported legacy entries of a record and every review completed in
 * declass, in the State Department's attribute vocabulary (domain/disposition.ts).
 */
@Injectable()
export class DispositionService {
  constructor(
    private readonly store: DispositionStore,
    private readonly documents: DocumentsService,
  ) {}

  /** One document's disposition, for a user: need-to-know applies (404 like any invisible record). */
  async forDocument(id: string, actor: Actor): Promise<DispositionRecord> {
    await this.documents.get(id, actor);
    for await (const page of this.store.pages({ documentId: id }, 1)) {
      const source = page[0];
      if (source) return dispositionOf(source.document, source.imported, source.reviews);
    }
    throw new DomainError(ErrorCode.NOT_FOUND, `No document ${id} that you may see`);
  }

  /**
   * Every selected document's disposition, streamed page by page from the database (constant
   * memory): for the operator's CLI export, which runs with the database's own authority.
   */
  async *export(selector: DispositionSelector, pageSize = PAGE): AsyncGenerator<DispositionRecord> {
    for await (const page of this.store.pages(selector, pageSize)) {
      for (const s of page) yield dispositionOf(s.document, s.imported, s.reviews);
    }
  }
}
