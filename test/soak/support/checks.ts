import { Client } from 'pg';
import { ChainVerifier, type ChainedEvent } from '../../../src/audit/domain/audit-verifier';

/**
 * What must hold in the database after any load or fault, read straight from Postgres:
 * - every hash chain verifies (recomputed here, independently of the API);
 * - every review's version equals the number of events in its chain, and its state is the one
 *   its last event moved it to (a transition is all or nothing);
 * - its portion_decisions rows are the decisions of its snapshot;
 * - it has one outbox row for each event that notifies someone (ASSIGN, REFER, PROPOSE, RETURN
 *   and APPROVE in the review lifecycle);
 * - nobody approved a review they proposed, decided a portion of, referred or answered a
 *   referral in.
 */
export interface CheckReport {
  problems: string[];
  reviews: number;
  finished: number;
  events: number;
  chains: number;
}

const NOTIFYING = ['ASSIGN', 'REFER', 'PROPOSE', 'RETURN', 'APPROVE'];

interface ReviewFacts {
  id: string;
  state: string;
  version: number;
  events: number;
  last_state: string | null;
  notifying: number;
  outbox: number;
  decisions: Record<string, { action: string }>;
  rows: { portion_id: string; action: string }[] | null;
  approver: string | null;
  participants: string[] | null;
}

export async function checkDatabase(databaseUrl: string): Promise<CheckReport> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const problems: string[] = [];
  try {
    const verifier = new ChainVerifier({ partial: false });
    let after = '0';
    for (;;) {
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT * FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT 5000`,
        [after],
      );
      for (const r of rows) verifier.add(toChained(r));
      if (rows.length < 5000) break;
      after = String(rows[rows.length - 1]!.seq);
    }
    const chainReport = verifier.report();
    if (!chainReport.ok)
      problems.push(`audit chain broken: ${JSON.stringify(chainReport.firstBroken)}`);

    const { rows: reviews } = await db.query<ReviewFacts>(
      `SELECT r.id, r.state, r.version, r.snapshot->'context'->'decisions' AS decisions,
              (SELECT count(*)::int FROM audit_events e WHERE e.chain_key = 'review:' || r.id) AS events,
              (SELECT e.to_state FROM audit_events e WHERE e.chain_key = 'review:' || r.id ORDER BY e.seq DESC LIMIT 1) AS last_state,
              (SELECT count(*)::int FROM audit_events e WHERE e.chain_key = 'review:' || r.id AND e.action = ANY($1)) AS notifying,
              (SELECT count(*)::int FROM outbox o WHERE o.payload->>'reviewId' = r.id::text) AS outbox,
              (SELECT json_agg(json_build_object('portion_id', d.portion_id, 'action', d.action))
                 FROM portion_decisions d WHERE d.review_id = r.id) AS rows,
              (SELECT e.actor_id::text FROM audit_events e WHERE e.chain_key = 'review:' || r.id AND e.action = 'APPROVE') AS approver,
              (SELECT array_agg(DISTINCT e.actor_id::text) FROM audit_events e WHERE e.chain_key = 'review:' || r.id
                  AND e.action IN ('DECIDE_PORTION', 'REFER', 'RECORD_REFERRAL_RESPONSE', 'PROPOSE')) AS participants
         FROM reviews r`,
      [NOTIFYING],
    );
    let finished = 0;
    for (const r of reviews) {
      if (r.version !== r.events)
        problems.push(`review ${r.id}: version ${r.version} but ${r.events} audit events`);
      if (r.last_state !== r.state)
        problems.push(
          `review ${r.id}: state ${r.state} but its last event left it ${r.last_state}`,
        );
      if (r.outbox !== r.notifying)
        problems.push(
          `review ${r.id}: ${r.outbox} outbox rows for ${r.notifying} notifying events`,
        );
      const snapshot = Object.entries(r.decisions ?? {})
        .map(([portion, d]) => `${portion}:${d.action}`)
        .sort();
      const stored = (r.rows ?? []).map((d) => `${d.portion_id}:${d.action}`).sort();
      if (JSON.stringify(snapshot) !== JSON.stringify(stored))
        problems.push(
          `review ${r.id}: portion_decisions ${stored.join(',')} ≠ snapshot ${snapshot.join(',')}`,
        );
      if (r.state === 'released' || r.state === 'withheld') {
        finished += 1;
        if (!r.approver) problems.push(`review ${r.id}: ${r.state} without an APPROVE event`);
        else if ((r.participants ?? []).includes(r.approver))
          problems.push(`review ${r.id}: approved by ${r.approver}, who took part in it`);
      }
    }
    return {
      problems,
      reviews: reviews.length,
      finished,
      events: chainReport.checked,
      chains: chainReport.chains,
    };
  } finally {
    await db.end();
  }
}

function toChained(r: Record<string, unknown>): ChainedEvent {
  return {
    seq: String(r.seq),
    chainKey: r.chain_key as string,
    occurredAt: (r.occurred_at as Date).toISOString(),
    actorId: r.actor_id as string | null,
    actorUsername: r.actor_username as string | null,
    actorRoles: r.actor_roles as string[],
    action: r.action as string,
    reviewId: r.review_id as string | null,
    documentId: r.document_id as string | null,
    fromState: r.from_state as string | null,
    toState: r.to_state as string | null,
    payload: r.payload as Record<string, unknown>,
    prevHash: r.prev_hash as string | null,
    hash: r.hash as string,
  };
}
