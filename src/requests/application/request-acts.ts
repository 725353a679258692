import { chainOf, type AuditRecord } from '../../audit/domain/audit-hash';
import { formatExemption } from '../../review/domain';
import type { Actor } from '../../kernel/actor';
import { DomainError, ErrorCode } from '../../kernel/errors';
import type { LetterContext } from '../domain/letters';
import type { RecordOutcome } from '../domain/request.types';
import type { RequestRecordRow, RequestRow } from './request.ports';

/** What a letter says of its request and of the office that signs it. */
export function letterContextOf(
  office: LetterContext['office'],
  r: Pick<
    RequestRow,
    'number' | 'kind' | 'requester' | 'receivedOn' | 'description' | 'track' | 'clock'
  >,
  appealOf: Pick<RequestRow, 'number'> | null,
  date: string,
): LetterContext {
  return {
    office,
    number: r.number,
    kind: r.kind,
    requester: r.requester,
    receivedOn: r.receivedOn,
    description: r.description,
    track: r.track,
    dueOn: r.clock?.dueOn ?? null,
    ...(appealOf ? { appealOf: { number: appealOf.number } } : {}),
    date,
  };
}

/** An act on a request as its audit chain records it. */
export function requestAudit(
  request: Pick<RequestRow, 'id' | 'number'>,
  actor: Actor,
  at: Date,
  action: string,
  states: { from: string | null; to: string | null },
  payload: Record<string, unknown>,
): AuditRecord {
  return {
    chainKey: chainOf.request(request.id),
    occurredAt: at.toISOString(),
    actorId: actor.id,
    actorUsername: actor.username,
    actorRoles: actor.roles,
    action,
    reviewId: null,
    documentId: null,
    fromState: states.from,
    toState: states.to,
    payload: { requestId: request.id, requestNumber: request.number, ...payload },
  };
}

export function requireSupervisor(actor: Actor, what: string) {
  if (!actor.roles.includes('supervisor') && !actor.roles.includes('admin')) {
    throw new DomainError(ErrorCode.ROLE_REQUIRED, `Only a supervisor or an administrator ${what}`);
  }
}

export function refuseDuplicates(documentIds: string[]) {
  const twice = documentIds.filter((id, i) => documentIds.indexOf(id) !== i);
  if (twice.length > 0) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      `documentIds names ${[...new Set(twice)].join(', ')} more than once; list each record once`,
    );
  }
}

/** A record's ending as the final response cites it: each exemption once, in order. */
export function recordOutcome(r: RequestRecordRow): RecordOutcome {
  return {
    reviewId: r.reviewId,
    documentId: r.documentId,
    documentNumber: r.documentNumber,
    determination: r.state === 'closed' ? null : r.determination,
    exemptions: [...new Set(r.exemptions.map(formatExemption))],
  };
}

/** How many times each value occurs: `{RELEASE_IN_FULL: 2, DENY_IN_FULL: 1}`. */
export function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
