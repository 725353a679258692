import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { Actor } from '../../kernel/actor';
import { Clock } from '../../kernel/clock';
import type { Transaction } from '../../kernel/unit-of-work';
import type { LetterKind } from '../domain/letters';
import { letterContextOf, requestAudit } from './request-acts';
import { RequestStore, type RequestRow } from './request.ports';

type Recorded = Pick<RequestRow, 'id' | 'number'>;

/**
 * What a request leaves behind: its audit events on the request's chain, and the letters it
 * sends, each stored as sent with an event holding its digest. Always inside the act's transaction.
 */
@Injectable()
export class RequestLedger {
  constructor(
    private readonly requests: RequestStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'officeName' | 'publicLiaison'>,
  ) {}

  async record(
    tx: Transaction,
    request: Recorded,
    actor: Actor,
    action: string,
    from: string | null,
    to: string | null,
    payload: Record<string, unknown>,
  ): Promise<void> {
    const event = requestAudit(request, actor, this.clock.now(), action, { from, to }, payload);
    await this.requests.audit(event, tx);
  }

  async issue(
    tx: Transaction,
    request: Recorded,
    actor: Actor,
    kind: LetterKind,
    text: string,
  ): Promise<void> {
    const letter = {
      id: randomUUID(),
      requestId: request.id,
      kind,
      text,
      createdAt: this.clock.now(),
    };
    await this.requests.addLetter(letter, tx);
    await this.record(tx, request, actor, 'LETTER_ISSUED', null, null, {
      letterId: letter.id,
      kind,
      sha256: createHash('sha256').update(text).digest('hex'),
    });
  }

  /** What a letter says of its request and of the office that signs it, dated today. */
  letterContext(
    r: Parameters<typeof letterContextOf>[1],
    appealOf: Pick<RequestRow, 'number'> | null,
  ) {
    const office = { name: this.config.officeName, publicLiaison: this.config.publicLiaison };
    return letterContextOf(office, r, appealOf, this.clock.today());
  }
}
