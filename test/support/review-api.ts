import { Clock } from '../../src/kernel/clock';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashAuditRecord } from '../../src/audit/domain/audit-hash';
import { bearer, type TestApp } from './harness';

/**
 * Small HTTP helpers for the integration and end-to-end suites: the requests a supervisor,
 * reviewer or auditor makes, and what the database holds before and after them.
 */

export interface Person {
  id: string;
  token: string;
  username: string;
}

export interface DocumentBody {
  id: string;
  documentNumber: string;
  originalClassification: string;
  currentClassification: string;
  captions: string[];
  portions: { id: string; seq: number; classification: string }[];
}

export interface DecisionBody {
  action: string;
  exemptions: string[];
  justification: string | null;
  agency: string | null;
  decidedBy: string;
}

export interface ReviewBody {
  id: string;
  documentId: string;
  documentNumber: string;
  kind: string;
  state: string;
  version: number;
  assigneeId: string | null;
  proposerId: string | null;
  approverId: string | null;
  determination: string | null;
  releaseMarking: string | null;
  returnComment: string | null;
  closedReason: string | null;
  nextEvents: string[];
  portions: { id: string; seq: number; classification: string; decision: DecisionBody | null }[];
  referrals: {
    id: string;
    agency: string;
    portionIds: string[];
    response: null | { decision: string; exemptions: string[]; recordedBy: string };
  }[];
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: Record<string, unknown>;
  correlationId?: string;
}

export interface AuditLine {
  seq: string;
  chainKey: string;
  occurredAt: string;
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  reviewId: string | null;
  documentId: string | null;
  fromState: string | null;
  toState: string | null;
  payload: Record<string, unknown>;
  prevHash: string | null;
  hash: string;
}

/**
 * The cables of these suites are 49 years old: past their 25th year (so 25X codes apply and 1.4
 * and b(5) do not) and within 25X's 50-year limit. Counted from today so the suites do not expire;
 * in 2026 that is a 1977 cable withheld under `25X6, 20271231`, as in the brief.
 */
export const CABLE_YEAR = new Date().getUTCFullYear() - 49;
export const CABLE_DATE = `${CABLE_YEAR}-06-16`;
/** The latest date a 25X code may carry for these cables: 31 December of the 50th year. */
export const EXPIRY_ISO = `${CABLE_YEAR + 50}-12-31`;
export const EXPIRY = EXPIRY_ISO.replace(/-/g, '');

/** A unique document number that still reads like a State cable number. */
export function cableNumber(prefix = `${CABLE_YEAR}STATE`): string {
  return `${prefix}${randomBytes(4).toString('hex').toUpperCase()}`;
}

export async function person(
  t: TestApp,
  username: string,
  roles: string[],
  clearance = 'SECRET',
  caveats: string[] = [],
): Promise<Person> {
  const u = await t.user({ username, roles, clearance, caveats });
  return { ...u, username };
}

/** The SECRET cable of the brief (1977 in 2026): three portions, SECRET, CONFIDENTIAL and UNCLASSIFIED. */
export const PORTION_TEXTS = [
  'The Foreign Minister said privately that Moscow would accept the cruise missile limits.',
  'He named the liaison officer who carried the message: Colonel Ivanov of the embassy.',
  'The meeting took place at the Ministry on 15 June and lasted two hours.',
] as const;

export function cable(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    documentNumber: cableNumber(),
    title: 'SALT TWO: Soviet position on cruise missiles',
    documentDate: CABLE_DATE,
    originalClassification: 'SECRET',
    tags: ['PARM', 'UR'],
    originator: 'STATE/EUR/SOV',
    portions: [
      { text: PORTION_TEXTS[0], classification: 'SECRET' },
      { text: PORTION_TEXTS[1], classification: 'CONFIDENTIAL' },
      { text: PORTION_TEXTS[2], classification: 'UNCLASSIFIED' },
    ],
    ...overrides,
  };
}

export async function registerDocument(
  t: TestApp,
  who: Person,
  overrides: Record<string, unknown> = {},
): Promise<DocumentBody> {
  const res = await t.http().post('/api/documents').set(bearer(who.token)).send(cable(overrides));
  if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as DocumentBody;
}

export async function openReview(
  t: TestApp,
  who: Person,
  documentId: string,
  kind = 'SYSTEMATIC',
): Promise<ReviewBody> {
  if (kind === 'FOIA' || kind === 'MDR') {
    const opened = await openRequestOf(t, who, [documentId], { kind });
    return getReview(t, who, opened.reviews[0]!.id);
  }
  const res = await t
    .http()
    .post(`/api/documents/${documentId}/reviews`)
    .set(bearer(who.token))
    .send({ kind });
  if (res.status !== 201) throw new Error(`open: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ReviewBody;
}

/** The body of a request as POST /api/requests takes it, received today (the app's today) by default. */
export function requestOf(
  t: TestApp,
  documentIds: string[],
  overrides: Record<string, unknown> = {},
) {
  return {
    kind: 'FOIA',
    requester: { name: 'Jane Doe', organization: 'National Security Archive' },
    receivedOn: t.app.get(Clock, { strict: false }).today(),
    description: 'Cables on the Soviet position on cruise missiles',
    documentIds,
    ...overrides,
  };
}

/** Opens a FOIA (or, with `kind`, MDR) request of the records; one review each. */
export async function openRequestOf(
  t: TestApp,
  who: Person,
  documentIds: string[],
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; number: string; dueOn: string | null; reviews: { id: string }[] }> {
  const res = await t
    .http()
    .post('/api/requests')
    .set(bearer(who.token))
    .send(requestOf(t, documentIds, overrides));
  if (res.status !== 201) throw new Error(`request: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as {
    id: string;
    number: string;
    dueOn: string | null;
    reviews: { id: string }[];
  };
}

/** Sends one event; the caller asserts the answer. */
export function send(t: TestApp, who: Person, reviewId: string, event: Record<string, unknown>) {
  return t.http().post(`/api/reviews/${reviewId}/events`).set(bearer(who.token)).send(event);
}

/** Sends one event that must be accepted, and returns the review after it. */
export async function accept(
  t: TestApp,
  who: Person,
  reviewId: string,
  event: Record<string, unknown>,
): Promise<ReviewBody> {
  const res = await send(t, who, reviewId, event);
  if (res.status !== 200) {
    throw new Error(
      `${String(event.type)} by ${who.username}: ${res.status} ${JSON.stringify(res.body)}`,
    );
  }
  return res.body as ReviewBody;
}

export async function getReview(t: TestApp, who: Person, reviewId: string): Promise<ReviewBody> {
  const res = await t.http().get(`/api/reviews/${reviewId}`).set(bearer(who.token)).expect(200);
  return res.body as ReviewBody;
}

export const WITHHOLD_25X6 = {
  action: 'EXEMPT',
  exemptions: [`25X6, ${EXPIRY}`],
  justification: 'Names a liaison officer whose identity is still protected by agreement.',
};

/**
 * Registers the standard cable, opens a SYSTEMATIC review, assigns it and decides portion 2
 * EXEMPT (25X6) and the others RELEASE; stops in `inReview`, or in `pendingApproval` with
 * `propose`.
 */
export async function reviewToDecided(
  t: TestApp,
  people: { supervisor: Person; reviewer: Person },
  opts: { propose?: boolean; kind?: string; document?: Record<string, unknown> } = {},
): Promise<{ document: DocumentBody; review: ReviewBody }> {
  const document = await registerDocument(t, people.supervisor, opts.document);
  let review = await openReview(t, people.supervisor, document.id, opts.kind);
  review = await accept(t, people.supervisor, review.id, {
    type: 'ASSIGN',
    assigneeId: people.reviewer.id,
  });
  for (const p of document.portions) {
    review = await accept(t, people.reviewer, review.id, {
      type: 'DECIDE_PORTION',
      portionId: p.id,
      ...(p.seq === 2 ? WITHHOLD_25X6 : { action: 'RELEASE' }),
    });
  }
  if (opts.propose) {
    review = await accept(t, people.reviewer, review.id, {
      type: 'PROPOSE',
      determination: 'RELEASE_IN_PART',
    });
  }
  return { document, review };
}

/** The auditor's NDJSON export, parsed. */
export async function exportAudit(
  t: TestApp,
  auditor: Person,
  query: Record<string, string>,
): Promise<AuditLine[]> {
  const res = await t
    .http()
    .get('/api/audit/events')
    .query({ ...query, format: 'ndjson' })
    .set(bearer(auditor.token))
    .buffer(true)
    .parse((r, done) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => (text += chunk));
      r.on('end', () => done(null, text));
    })
    .expect(200);
  if (!/^application\/x-ndjson/.test(String(res.headers['content-type']))) {
    throw new Error(`audit export: content-type ${String(res.headers['content-type'])}`);
  }
  const text = res.body as string;
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as AuditLine);
}

/** RFC 4180 CSV, enough for the audit export: quoted cells may hold commas, quotes and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell.length > 0 || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** Everything a refused request must leave untouched. */
export interface Footprint {
  counts: Record<string, number>;
  review: { version: number; state: string; snapshot: unknown } | null;
}

const TABLES = [
  'audit_events',
  'outbox',
  'documents',
  'portions',
  'reviews',
  'portion_decisions',
  'referrals',
  'deadlines',
  'notifications',
  'requests',
  'request_numbers',
  'request_letters',
] as const;

export async function footprint(ds: DataSource, reviewId?: string): Promise<Footprint> {
  const [counts] = await ds.query<Record<string, number>[]>(
    `SELECT ${TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}`,
  );
  let review: Footprint['review'] = null;
  if (reviewId) {
    const [row] = await ds.query<{ version: number; state: string; snapshot: unknown }[]>(
      `SELECT version, state, snapshot FROM reviews WHERE id = $1`,
      [reviewId],
    );
    review = row ?? null;
  }
  return { counts: counts!, review };
}

interface ChainRow {
  seq: string;
  chain_key: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_username: string | null;
  actor_roles: string[];
  action: string;
  review_id: string | null;
  document_id: string | null;
  from_state: string | null;
  to_state: string | null;
  payload: Record<string, unknown>;
  prev_hash: string | null;
  hash: string;
}

/**
 * The events of one hash chain in seq order, with what an auditor's `verify` would find wrong:
 * a link whose prev_hash is not the previous event's hash (a fork or a gap), or a hash that does
 * not match the event's content.
 */
export async function chainProblems(
  ds: DataSource,
  chainKey: string,
): Promise<{ rows: ChainRow[]; problems: string[] }> {
  const rows = await ds.query<ChainRow[]>(
    `SELECT * FROM audit_events WHERE chain_key = $1 ORDER BY seq`,
    [chainKey],
  );
  const problems: string[] = [];
  rows.forEach((row, i) => {
    const expectedPrev = i === 0 ? null : rows[i - 1]!.hash;
    if (row.prev_hash !== expectedPrev) {
      problems.push(`seq ${row.seq}: prev_hash ${row.prev_hash} is not ${expectedPrev}`);
    }
    const recomputed = hashAuditRecord(
      {
        chainKey: row.chain_key,
        occurredAt: row.occurred_at.toISOString(),
        actorId: row.actor_id,
        actorUsername: row.actor_username,
        actorRoles: row.actor_roles,
        action: row.action,
        reviewId: row.review_id,
        documentId: row.document_id,
        fromState: row.from_state,
        toState: row.to_state,
        payload: row.payload,
      },
      row.prev_hash,
    );
    if (recomputed !== row.hash) problems.push(`seq ${row.seq}: hash does not match its content`);
  });
  return { rows, problems };
}

/** Polls until `probe` returns a value, or fails after `timeoutMs` saying what it waited for. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 4_000,
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
