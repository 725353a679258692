import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Response } from 'supertest';
import type { DataSource } from 'typeorm';
import { WorkerModule } from '../../src/worker.module';
import { bearer, openDataSource, startTestApp, type TestApp } from '../support/harness';
import {
  accept,
  eventually,
  openReview,
  person,
  registerDocument,
  type DocumentBody,
  type Person,
  type ReviewBody,
} from '../support/review-api';

/**
 * Walks every route of the OpenAPI document as users who may not see a TOP SECRET NODIS cable —
 * by clearance, by caveat, by role, and one who lost the caveat after being told about it — and
 * checks that no answer carries the cable's number, title or text, and that every answer about
 * it is the answer about a record that does not exist. The same walk as cleared users finds the
 * cable, so the search has teeth. New routes are walked without changes here.
 */

jest.setTimeout(300_000);

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: { type?: string; enum?: string[]; format?: string; example?: unknown };
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, unknown> };
}

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** One request of the walk; `twin` is the same request about a record that does not exist. */
interface Probe {
  label: string;
  method: Method;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  contentType?: string;
  /** The hidden id the request names, and the random one its twin names instead. */
  hidden?: { id: string; random: string };
}

const hex = randomBytes(4).toString('hex');
const NUMBER = `1978STATE${hex.toUpperCase()}`;
const PHRASE = `KESTREL-${hex}`;
const TITLE = `Back channel ${PHRASE}: the Secretary's private message to Dobrynin`;
const COLLECTION = `nodis-${hex}`;
const TAG = `KSTRL${hex.slice(0, 4).toUpperCase()}`;
const TEXTS = [
  `Under code name ${PHRASE} the Secretary proposed a summit before the Vienna talks.`,
  `The Ambassador reported that ${PHRASE} must not be discussed with the allies.`,
  'Routine distribution note.',
];
/** What must never reach a reader without access, in any answer. */
const NEEDLES = [NUMBER, PHRASE, TITLE];

const leaks = (text: string) => NEEDLES.filter((n) => text.toLowerCase().includes(n.toLowerCase()));

describe('need-to-know on every route', () => {
  let t: TestApp;
  let ds: DataSource;
  let worker: INestApplicationContext | undefined;
  let registrar: Person;
  let approver: Person;
  let reviewer: Person;
  let nodisAuditor: Person;
  let admin: Person;
  let bystander: Person;
  /** Those who may not see the cable, each for a reason of their own. */
  let outsiders: { why: string; who: Person }[];
  let doc: DocumentBody;
  /** Released in part (the TOP SECRET portion withheld): the cable stays TOP SECRET NODIS. */
  let released: ReviewBody;
  /** A second review, open and in progress. */
  let open: ReviewBody;
  let operations: { method: Method; path: string; op: Operation }[];

  /** The text of an answer, whatever its type. */
  const textOf = (res: Response) =>
    typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');

  function send(who: Person, probe: Probe, id?: string): Promise<Response> {
    const path = id && probe.hidden ? probe.path.replaceAll(probe.hidden.id, id) : probe.path;
    const query = Object.fromEntries(
      Object.entries(probe.query).map(([k, v]) => [
        k,
        id && probe.hidden ? v.replaceAll(probe.hidden.id, id) : v,
      ]),
    );
    let req = t.http()[probe.method](path).query(query).set(bearer(who.token));
    if (probe.body !== undefined) {
      if (probe.contentType) req = req.set('content-type', probe.contentType);
      req = req.send(probe.body as object);
    }
    return req.buffer(true).parse((r, done) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => (text += chunk));
      r.on('end', () => done(null, text));
    });
  }

  /** An answer with the ids and correlation id taken out, for comparing hidden and unknown. */
  function shape(res: Response, id: string) {
    const text = textOf(res).replaceAll(id, '<id>');
    let body: unknown = text;
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      if (parsed && typeof parsed === 'object') delete parsed.correlationId;
      body = parsed;
    } catch {
      // not JSON: compare the text
    }
    return { status: res.status, type: String(res.headers['content-type'] ?? ''), body };
  }

  /** Values that aim a parameter at the cable, with a twin aimed at nothing, when one exists. */
  function targets(name: string, schema: Parameter['schema']): { value: string; twin?: string }[] {
    switch (name) {
      case 'documentId':
        return [{ value: doc.id, twin: randomUUID() }];
      case 'reviewId':
        return [released.id, open.id].map((value) => ({ value, twin: randomUUID() }));
      case 'q':
        return [
          { value: NUMBER, twin: `1978STATE${randomBytes(4).toString('hex').toUpperCase()}` },
          { value: PHRASE, twin: `KESTREL-${randomBytes(4).toString('hex')}` },
        ];
      case 'tag':
        return [{ value: TAG, twin: `ZZ${randomBytes(3).toString('hex').toUpperCase()}` }];
      case 'collection':
        return [{ value: COLLECTION, twin: `nodis-${randomBytes(4).toString('hex')}` }];
      case 'caption':
        return [{ value: 'NODIS' }];
      case 'classification':
        return [{ value: 'TOP SECRET' }];
      case 'actorId':
      case 'assigneeId':
        return [{ value: reviewer.id }];
      default:
        return (schema?.enum ?? []).map((value) => ({ value }));
    }
  }

  /** A value for a required parameter that the walk does not aim at anything. */
  function filler(p: Parameter): string {
    if (p.schema?.enum?.length) return p.schema.enum[0]!;
    if (typeof p.schema?.example === 'string' || typeof p.schema?.example === 'number')
      return String(p.schema.example);
    if (/date|from|to|on$/i.test(p.name)) return '2026-11-02';
    return p.schema?.type === 'integer' || p.schema?.type === 'number' ? '10' : 'x';
  }

  /** Bodies for the routes that take one; anything else gets `{}`. */
  function bodies(method: Method, path: string): { body: unknown; contentType?: string }[] {
    const key = `${method.toUpperCase()} ${path}`;
    const p = doc.portions;
    switch (key) {
      case 'POST /api/reviews/{id}/events':
        return [
          { type: 'CLOSE', reason: 'out of scope' },
          { type: 'APPROVE' },
          { type: 'RETURN', comment: 'cite 25X1' },
          { type: 'ASSIGN', assigneeId: reviewer.id },
          { type: 'DECIDE_PORTION', portionId: p[2]!.id, action: 'RELEASE' },
          { type: 'REFER', agency: 'CIA', portionIds: [p[2]!.id] },
          { type: 'PROPOSE', determination: 'RELEASE_IN_PART' },
          { type: 'EXTEND', reason: 'consultation' },
        ].map((body) => ({ body }));
      case 'POST /api/documents/{id}/reviews':
        return [{ body: { kind: 'SYSTEMATIC' } }];
      case 'POST /api/documents':
        return [
          {
            body: {
              documentNumber: `1978STATE${randomBytes(4).toString('hex').toUpperCase()}`,
              title: 'Unrelated routine cable',
              documentDate: '1978-02-01',
              originalClassification: 'CONFIDENTIAL',
              portions: [{ text: 'Routine.', classification: 'CONFIDENTIAL' }],
            },
          },
        ];
      case 'POST /api/documents/import':
        return [{ body: 'Not a cable at all.', contentType: 'text/plain' }];
      case 'POST /api/users/{id}/password':
        return [{ body: { password: `bystander-${randomUUID()}` } }];
      case 'POST /api/auth/refresh':
        return [{ body: { refreshToken: 'not-a-refresh-token' } }];
      default:
        return [{ body: {} }];
    }
  }

  /** Every request the walk makes for one operation. */
  function probes(method: Method, path: string, op: Operation): Probe[] {
    const params = op.parameters ?? [];
    const segment = path.split('/')[2];
    const ids: { id: string; hidden: boolean }[] = !path.includes('{')
      ? [{ id: '', hidden: false }]
      : segment === 'users'
        ? [{ id: bystander.id, hidden: false }]
        : segment === 'reviews'
          ? [released.id, open.id].map((id) => ({ id, hidden: true }))
          : segment === 'documents'
            ? [{ id: doc.id, hidden: true }]
            : [doc.id, released.id, open.id].map((id) => ({ id, hidden: true }));
    const base: Record<string, string> = {};
    for (const q of params.filter((x) => x.in === 'query' && x.required)) base[q.name] = filler(q);
    const queries: { query: Record<string, string>; twin?: [string, string] }[] = [{ query: base }];
    for (const q of params.filter((x) => x.in === 'query')) {
      for (const { value, twin } of targets(q.name, q.schema)) {
        queries.push({
          query: { ...base, [q.name]: value },
          twin: twin ? [value, twin] : undefined,
        });
      }
    }
    const withBody = method !== 'get' && method !== 'delete';
    const out: Probe[] = [];
    for (const { id, hidden } of ids) {
      const concrete = path.replace(/\{[^}]+\}/g, id);
      for (const { query, twin } of queries) {
        for (const b of withBody ? bodies(method, path) : [{ body: undefined }]) {
          const probe: Probe = {
            label: `${method.toUpperCase()} ${concrete}?${new URLSearchParams(query).toString()} ${b.body === undefined ? '' : JSON.stringify(b.body).slice(0, 60)}`,
            method,
            path: concrete,
            query,
            body: b.body,
            contentType: b.contentType,
          };
          if (hidden) probe.hidden = { id, random: randomUUID() };
          else if (twin) probe.hidden = { id: twin[0], random: twin[1] };
          out.push(probe);
        }
      }
    }
    return out;
  }

  beforeAll(async () => {
    t = await startTestApp('need_to_know');
    ds = await openDataSource(t.env);
    [registrar, approver, reviewer, nodisAuditor, admin, bystander] = await Promise.all([
      person(t, 'registrar', ['supervisor'], 'TOP SECRET', ['NODIS']),
      person(t, 'approver', ['supervisor'], 'TOP SECRET', ['NODIS']),
      person(t, 'cleared-reviewer', ['reviewer'], 'TOP SECRET', ['NODIS']),
      person(t, 'nodis-auditor', ['auditor'], 'TOP SECRET', ['NODIS']),
      person(t, 'admin', ['admin'], 'TOP SECRET', ['NODIS']),
      person(t, 'bystander', ['reviewer'], 'SECRET'),
    ]);
    const [secretSupervisor, tsReviewer, tsAuditor, tsAdmin, formerlyCleared] = await Promise.all([
      person(t, 'secret-supervisor', ['supervisor', 'reviewer'], 'SECRET', ['NODIS']),
      person(t, 'ts-reviewer-without-nodis', ['reviewer'], 'TOP SECRET', ['EXDIS']),
      person(t, 'auditor-without-nodis', ['auditor'], 'TOP SECRET'),
      person(t, 'admin-without-nodis', ['admin', 'supervisor'], 'TOP SECRET', ['EXDIS']),
      person(t, 'formerly-cleared', ['supervisor'], 'TOP SECRET', ['NODIS']),
    ]);
    outsiders = [
      { why: 'a SECRET supervisor (with NODIS, below the level)', who: secretSupervisor },
      { why: 'a TOP SECRET reviewer without the NODIS caveat', who: tsReviewer },
      { why: 'a TOP SECRET auditor without the NODIS caveat', who: tsAuditor },
      { why: 'a TOP SECRET administrator and supervisor without NODIS', who: tsAdmin },
      { why: 'a supervisor who lost NODIS after being notified', who: formerlyCleared },
    ];

    doc = await registerDocument(t, registrar, {
      documentNumber: NUMBER,
      collection: COLLECTION,
      title: TITLE,
      documentDate: '1978-01-20',
      originalClassification: 'TOP SECRET',
      captions: ['NODIS'],
      tags: [TAG, 'PFOR'],
      portions: [
        { text: TEXTS[0], classification: 'TOP SECRET' },
        { text: TEXTS[1], classification: 'SECRET' },
        { text: TEXTS[2], classification: 'UNCLASSIFIED' },
      ],
    });
    await t.http().get(`/api/documents/${doc.id}/text`).set(bearer(reviewer.token)).expect(200);
    const [ts, s, u] = doc.portions;
    let review = await openReview(t, registrar, doc.id);
    review = await accept(t, registrar, review.id, { type: 'ASSIGN', assigneeId: reviewer.id });
    review = await accept(t, reviewer, review.id, {
      type: 'REFER',
      agency: 'CIA',
      portionIds: [s!.id],
    });
    review = await accept(t, reviewer, review.id, {
      type: 'RECORD_REFERRAL_RESPONSE',
      referralId: review.referrals[0]!.id,
      decision: 'RELEASE',
    });
    review = await accept(t, reviewer, review.id, {
      type: 'DECIDE_PORTION',
      portionId: ts!.id,
      action: 'EXEMPT',
      exemptions: ['25X6, 20281231'],
      justification: `Reveals ${PHRASE}, still a live channel.`,
    });
    review = await accept(t, reviewer, review.id, {
      type: 'DECIDE_PORTION',
      portionId: u!.id,
      action: 'RELEASE',
    });
    review = await accept(t, reviewer, review.id, {
      type: 'PROPOSE',
      determination: 'RELEASE_IN_PART',
    });
    review = await accept(t, approver, review.id, {
      type: 'RETURN',
      comment: `Say why ${PHRASE} matters today.`,
    });
    review = await accept(t, reviewer, review.id, {
      type: 'PROPOSE',
      determination: 'RELEASE_IN_PART',
    });
    released = await accept(t, approver, review.id, { type: 'APPROVE' });
    expect(released.state).toBe('released');

    open = await openReview(t, registrar, doc.id, 'MDR');
    open = await accept(t, registrar, open.id, { type: 'ASSIGN', assigneeId: reviewer.id });
    open = await accept(t, reviewer, open.id, {
      type: 'DECIDE_PORTION',
      portionId: ts!.id,
      action: 'EXEMPT',
      exemptions: ['25X6, 20281231'],
      justification: `Still ${PHRASE}.`,
    });

    // Notifications go out while the formerly cleared supervisor still holds NODIS.
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(t.env.config), {
      logger: false,
    });
    await eventually(
      'the proposal notified to the formerly cleared supervisor',
      async () =>
        (
          await ds.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND document_id = $2`,
            [formerlyCleared.id, doc.id],
          )
        )[0]!.n > 0,
      20_000,
    );
    await eventually(
      'every outbox row relayed and delivered',
      async () =>
        (
          await ds.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL`,
          )
        )[0]!.n === 0,
      20_000,
    );
    await worker.close();
    worker = undefined;
    await t
      .http()
      .patch(`/api/users/${formerlyCleared.id}`)
      .set(bearer(admin.token))
      .send({ caveats: [] })
      .expect(200);

    const spec = (await t.http().get('/api/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, Operation>>;
    };
    operations = Object.entries(spec.paths)
      .flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => ({ method: method as Method, path, op })),
      )
      // Logging out ends the walker's own session; it is walked last.
      .sort(
        (a, b) => Number(a.path === '/api/auth/logout') - Number(b.path === '/api/auth/logout'),
      );
  });

  afterAll(async () => {
    await worker?.close();
    await ds?.destroy();
    await t?.close();
  });

  it('walks a non-trivial API', () => {
    const keys = operations.map((o) => `${o.method.toUpperCase()} ${o.path}`);
    for (const route of [
      'GET /api/documents',
      'GET /api/documents/{id}',
      'GET /api/documents/{id}/text',
      'POST /api/documents/{id}/reviews',
      'GET /api/reviews',
      'GET /api/reviews/{id}',
      'POST /api/reviews/{id}/events',
      'GET /api/reviews/{id}/release',
      'GET /api/audit/events',
      'GET /api/notifications',
    ])
      expect(keys).toContain(route);
  });

  it('finds the cable everywhere a cleared user looks, so the search below has teeth', async () => {
    const found = new Map<string, string[]>();
    for (const who of [reviewer, nodisAuditor]) {
      for (const { method, path, op } of operations.filter((o) => o.method === 'get')) {
        for (const probe of probes(method, path, op)) {
          const res = await send(who, probe);
          const hits = leaks(textOf(res));
          if (hits.length) found.set(`${who.username} ${method.toUpperCase()} ${path}`, hits);
        }
      }
    }
    for (const route of [
      'cleared-reviewer GET /api/documents',
      'cleared-reviewer GET /api/documents/{id}',
      'cleared-reviewer GET /api/documents/{id}/text',
      'cleared-reviewer GET /api/reviews',
      'cleared-reviewer GET /api/reviews/{id}',
      'cleared-reviewer GET /api/reviews/{id}/release',
      'cleared-reviewer GET /api/notifications',
      'nodis-auditor GET /api/audit/events',
    ])
      expect([...found.keys()]).toContain(route);
    expect(found.get('nodis-auditor GET /api/audit/events')).toEqual(
      expect.arrayContaining([NUMBER, PHRASE]),
    );
    expect(new Set([...found.values()].flat())).toEqual(new Set(NEEDLES));
  });

  it('answers an outsider 404 on the cable, its reviews and its release copy, as for an unknown id', async () => {
    const [outsider] = outsiders;
    for (const path of [
      `/api/documents/${doc.id}`,
      `/api/documents/${doc.id}/text`,
      `/api/reviews/${released.id}`,
      `/api/reviews/${released.id}/release`,
      `/api/reviews/${open.id}/exemption-codes`,
    ]) {
      const res = await t.http().get(path).set(bearer(outsider!.who.token));
      expect({ path, status: res.status, error: (res.body as { error: string }).error }).toEqual({
        path,
        status: 404,
        error: 'NOT_FOUND',
      });
    }
  });

  it('leaves the cable’s events out of a CONFIDENTIAL auditor’s export, says how many, and still verifies', async () => {
    const auditor = await person(t, 'confidential-auditor', ['auditor'], 'CONFIDENTIAL');
    const ofCable = await ds.query<{ seq: string; hash: string }[]>(
      `SELECT seq, hash FROM audit_events WHERE document_id = $1`,
      [doc.id],
    );
    expect(ofCable.length).toBeGreaterThan(8);
    const res = await t
      .http()
      .get('/api/audit/events')
      .query({ format: 'ndjson' })
      .set(bearer(auditor.token))
      .expect(200);
    const shown = res.text.trim().split('\n');
    expect(shown.length).toBeGreaterThan(0);
    expect(leaks(res.text)).toEqual([]);
    for (const needle of [doc.id, ...ofCable.map((e) => e.hash)])
      expect(res.text).not.toContain(needle);
    const hiddenNow = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_events e JOIN documents d ON d.id = e.document_id
        WHERE d.current_classification IN ('SECRET', 'TOP SECRET') OR cardinality(d.captions) > 0`,
    );
    expect(res.headers['audit-notice']).toBe(
      `${hiddenNow[0]!.n} events of records outside your clearance are not shown`,
    );
    const csv = await t
      .http()
      .get('/api/audit/events')
      .query({ format: 'csv', documentId: doc.id })
      .set(bearer(auditor.token))
      .expect(200);
    expect(csv.text.trim().split('\n')).toHaveLength(1);
    expect(csv.headers['audit-hidden-events']).toBe(String(ofCable.length));
    const verify = await t.http().get('/api/audit/verify').set(bearer(auditor.token)).expect(200);
    expect(verify.body).toMatchObject({ ok: true, firstBroken: null });
  });

  it('keeps the notifications of a user who lost the caveat out of their list, though they are stored', async () => {
    const formerly = outsiders.find((o) => o.who.username === 'formerly-cleared')!.who;
    const stored = await ds.query<{ message: string }[]>(
      `SELECT message FROM notifications WHERE user_id = $1`,
      [formerly.id],
    );
    expect(stored.some((n) => n.message.includes(NUMBER))).toBe(true);
    const res = await t.http().get('/api/notifications').set(bearer(formerly.token)).expect(200);
    expect(leaks(JSON.stringify(res.body))).toEqual([]);
  });

  // Last: the walk logs each outsider out at its end.
  it('tells each outsider nothing about the cable on any route, and answers as if it did not exist', async () => {
    const problems: string[] = [];
    const statuses = new Map<string, number>();
    let requests = 0;
    for (const { why, who } of outsiders) {
      for (const { method, path, op } of operations) {
        for (const probe of probes(method, path, op)) {
          const res = await send(who, probe);
          requests += 1;
          const tally = `${probe.hidden ? 'about the cable' : 'other'} ${res.status}`;
          statuses.set(tally, (statuses.get(tally) ?? 0) + 1);
          const leaked = leaks(textOf(res));
          if (leaked.length)
            problems.push(`${why}: ${probe.label} → ${res.status} leaks ${leaked.join(', ')}`);
          if (res.status >= 500) problems.push(`${why}: ${probe.label} → ${res.status}`);
          // An audit export is a list, not a record: only the leak check applies.
          if (!probe.hidden || path.startsWith('/api/audit/')) continue;
          const twin = await send(who, probe, probe.hidden.random);
          requests += 1;
          const a = shape(res, probe.hidden.id);
          const b = shape(twin, probe.hidden.random);
          if (JSON.stringify(a) !== JSON.stringify(b))
            problems.push(
              `${why}: ${probe.label} differs from a record that does not exist: ${JSON.stringify(a).slice(0, 200)} vs ${JSON.stringify(b).slice(0, 200)}`,
            );
        }
      }
    }
    expect(problems).toEqual([]);
    expect(requests).toBeGreaterThan(300);
    // The walk reached the records (404s about the cable) and got real answers elsewhere.
    expect(statuses.get('about the cable 404')).toBeGreaterThan(100);
    expect(statuses.get('about the cable 200')).toBeGreaterThan(10);
    expect(statuses.get('other 200')).toBeGreaterThan(20);
  });
});
