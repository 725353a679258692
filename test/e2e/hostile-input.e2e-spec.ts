import { createHmac, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import type { DataSource } from 'typeorm';
import { REFRESH_GRACE_SECONDS } from '../../src/auth/application/auth-policy';
import { Clock } from '../../src/kernel/clock';
import { bearer, openDataSource, startTestApp, type TestApp } from '../support/harness';
import { storedJobs } from '../support/queue-space';
import {
  accept,
  cable,
  exportAudit,
  getReview,
  openReview,
  person,
  registerDocument,
  reviewToDecided,
  send,
  type DocumentBody,
  type ErrorBody,
  type Person,
  type ReviewBody,
} from '../support/review-api';

/**
 * What a hostile client can send, beyond the refusals of refusals.e2e-spec.ts (which this suite
 * does not repeat): for each, the answer (status, error code, a message that says what to fix)
 * and a database left exactly as it was.
 */

jest.setTimeout(120_000);

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
  'users',
  'sessions',
] as const;

/** Everything a refused request must leave as it was: row counts, every review's version and
 * state, every session's state, every user's access, and the jobs in Redis. */
interface World {
  counts: Record<string, number>;
  reviews: string | null;
  sessions: string | null;
  users: string | null;
  jobs: number;
}

/** A JWT built by hand, to try what a forger would. */
function jwt(header: Record<string, unknown>, claims: Record<string, unknown>, secret?: string) {
  const part = (o: Record<string, unknown>) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const signed = `${part(header)}.${part(claims)}`;
  const alg = header.alg === 'HS512' ? 'sha512' : 'sha256';
  const signature = secret ? createHmac(alg, secret).update(signed).digest('base64url') : '';
  return `${signed}.${signature}`;
}

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
    sub: string;
    sid: string;
  };

const now = () => Math.floor(Date.now() / 1000);

/** Text that a careless system would execute somewhere: SQL, HTML, templates, paths. */
const INJECTIONS = [
  `'; DROP TABLE documents; --`,
  `' OR '1'='1`,
  `1); DELETE FROM audit_events; SELECT pg_sleep(5); --`,
  `\\'; TRUNCATE users CASCADE; --`,
  `%' OR 1=1 --`,
  `_%_`,
  `<script>alert("xss")</script>`,
  `<img src=x onerror="alert(1)">`,
  `{{constructor.constructor('return process')()}}`,
  '${process.exit(1)}',
  `../../../etc/passwd`,
  `$where: function() { return true }`,
];

/** Well-formed Unicode that must come back exactly as it went in. */
const UNICODE = {
  emoji: 'Cable 🛰️ from 🇺🇸 to 🇷🇺 — 𝔗𝔒𝔓 𝔖𝔈ℭℜ𝔈𝔗 𝟙𝟡𝟟𝟟',
  rtl: 'Report \u202Egnp.exe\u202C by \u05D0\u05D1\u05D2 and \u0627\u0644\u0633\u0641\u064A\u0631',
  combining: 'Cafe\u0301 Zu\u0308rich n\u0303 \u0041\u030A',
  zwj: 'Team 👩‍👩‍👧‍👦 and 🏳️‍🌈 with a\u200Bzero-width space and a \uFEFF BOM',
  astral: '𠜎𠜱𠝹𠱓 𝄞 🀄 \u{10FFFD}',
};

describe('hostile input', () => {
  let t: TestApp;
  let ds: DataSource;
  let sup: Person;
  let sup2: Person;
  let reviewer: Person;
  let low: Person;
  let auditor: Person;
  let admin: Person;
  /** Proposed, waiting for sup2's approval. */
  let pending: { document: DocumentBody; review: ReviewBody };
  /** Every portion decided, still inReview. */
  let decided: { document: DocumentBody; review: ReviewBody };

  async function world(): Promise<World> {
    const [counts] = await ds.query<Record<string, number>[]>(
      `SELECT ${TABLES.map((x) => `(SELECT count(*)::int FROM ${x}) AS ${x}`).join(', ')}`,
    );
    const [row] = await ds.query<{ reviews: string; sessions: string; users: string }[]>(`
      SELECT (SELECT string_agg(id || ':' || version || ':' || state || ':' || md5(snapshot::text), ',' ORDER BY id) FROM reviews) AS reviews,
             (SELECT string_agg(id || ':' || rotations || ':' || refresh_token_hash || ':' || coalesce(revoked_reason, '-'), ',' ORDER BY id) FROM sessions) AS sessions,
             (SELECT string_agg(id || ':' || roles::text || clearance || caveats::text || active || md5(password_hash), ',' ORDER BY id) FROM users) AS users`);
    return {
      counts: counts!,
      reviews: row!.reviews,
      sessions: row!.sessions,
      users: row!.users,
      jobs: (await storedJobs(t.env.config)).length,
    };
  }

  /** Runs a request that must be refused; checks that the database and Redis are as before. */
  async function refused(act: () => PromiseLike<Response>) {
    const before = await world();
    const res = await act();
    expect(await world()).toEqual(before);
    return res;
  }

  /** The answer is an error of the usual shape, JSON, with this status, code and message. */
  function expectError(res: Response, status: number, error: string, message: RegExp | string) {
    expect({ status: res.status, error: (res.body as ErrorBody).error }).toEqual({ status, error });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.body as ErrorBody;
    expect(Object.keys(body).sort()).toEqual(
      expect.arrayContaining(['correlationId', 'error', 'message', 'statusCode']),
    );
    expect(body.statusCode).toBe(status);
    if (typeof message === 'string') expect(body.message).toContain(message);
    else expect(body.message).toMatch(message);
    expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|node_modules|QueryFailedError|stack/);
  }

  const postRaw = (
    path: string,
    who: Person | null,
    contentType: string,
    body: string | Buffer,
  ) => {
    // Sent as given: superagent would otherwise JSON-encode a Buffer.
    const req = t
      .http()
      .post(path)
      .set('content-type', contentType)
      .serialize((raw: unknown) => raw as string);
    if (who) void req.set(bearer(who.token));
    return req.send(body);
  };

  beforeAll(async () => {
    t = await startTestApp('hostile');
    ds = await openDataSource(t.env);
    [sup, sup2, reviewer, low, auditor, admin] = await Promise.all([
      person(t, 'sup', ['supervisor']),
      person(t, 'sup2', ['supervisor']),
      person(t, 'reviewer', ['reviewer']),
      person(t, 'low', ['reviewer', 'supervisor'], 'CONFIDENTIAL'),
      person(t, 'auditor', ['auditor'], 'TOP SECRET', ['NODIS']),
      person(t, 'admin', ['admin'], 'TOP SECRET'),
    ]);
    pending = await reviewToDecided(t, { supervisor: sup, reviewer }, { propose: true });
    decided = await reviewToDecided(t, { supervisor: sup, reviewer });
  });

  afterAll(async () => {
    await ds?.destroy();
    await t?.close();
  });

  describe('malformed JSON', () => {
    const bodies: [string, string | Buffer, RegExp | string][] = [
      ['JSON null', 'null', /not valid JSON/],
      ['a bare string', '"APPROVE"', /not valid JSON/],
      ['a bare number', '42', /not valid JSON/],
      ['trailing garbage', '{"type":"APPROVE"} and then some', /after JSON at position/],
      ['single quotes', "{'type':'APPROVE'}", /JSON/],
      ['a trailing comma', '{"type":"APPROVE",}', /JSON/],
      ['NaN', '{"type":"APPROVE","expectedVersion":NaN}', /JSON/],
      ['an array of events', '[{"type":"APPROVE"}]', /type must be one of ASSIGN, DECIDE_PORTION/],
      ['an empty body', '', /type must be one of/],
      [
        'bytes that are not UTF-8',
        Buffer.concat([
          Buffer.from('{"type":"RETURN","comment":"'),
          Buffer.from([0xc3, 0x28, 0xff]),
          Buffer.from('"}'),
        ]),
        'The body is not valid UTF-8; send the text encoded as UTF-8',
      ],
      [
        'JSON nested 5,000 deep',
        `{"type":"APPROVE","x":${'['.repeat(5000)}${']'.repeat(5000)}}`,
        /^The body is nested more than 32 levels deep \(at character 54\); no request needs more$/,
      ],
    ];

    it.each(bodies)(
      'refuses %s sent as an event: 400, nothing written',
      async (_label, body, message) => {
        const res = await refused(() =>
          postRaw(`/api/reviews/${pending.review.id}/events`, sup2, 'application/json', body),
        );
        expectError(res, 400, 'VALIDATION_FAILED', message);
      },
    );

    it.each(bodies)(
      'refuses %s sent as a login: 400, no login attempt recorded',
      async (_label, body) => {
        const res = await refused(() => postRaw('/api/auth/login', null, 'application/json', body));
        expect(res.status).toBe(400);
        expect((res.body as ErrorBody).error).toBe('VALIDATION_FAILED');
      },
    );

    it('refuses a __proto__ field rather than merging it, and pollutes nothing', async () => {
      const res = await refused(() =>
        postRaw(
          `/api/reviews/${pending.review.id}/events`,
          sup2,
          'application/json',
          '{"type":"APPROVE","__proto__":{"roles":["admin"],"polluted":true}}',
        ),
      );
      expectError(
        res,
        400,
        'VALIDATION_FAILED',
        'has a field named __proto__, which is not accepted',
      );
      const login = await refused(() =>
        postRaw(
          '/api/auth/login',
          null,
          'application/json',
          '{"username":"sup","password":"xxxxxxxx","__proto__":{"polluted":true}}',
        ),
      );
      expect(login.status).toBe(400);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).roles).toBeUndefined();
    });

    it.each([
      ['text/plain', 'APPROVE', /type must be one of/],
      ['application/x-www-form-urlencoded', 'type=APPROVE', /type must be one of/],
      ['application/xml', '<event type="APPROVE"/>', /type must be one of/],
    ])('refuses an event sent as %s', async (contentType, body, message) => {
      const res = await refused(() =>
        postRaw(`/api/reviews/${pending.review.id}/events`, sup2, contentType, body),
      );
      expectError(res, 400, 'VALIDATION_FAILED', message);
    });

    it('refuses a login sent as a form, naming the missing fields', async () => {
      const res = await refused(() =>
        postRaw(
          '/api/auth/login',
          null,
          'application/x-www-form-urlencoded',
          'username=sup&password=x',
        ),
      );
      expectError(res, 400, 'VALIDATION_FAILED', /username must be a string/);
    });
  });

  describe('wrong types', () => {
    const logins: [string, unknown][] = [
      ['a number', 42],
      ['a list', ['sup']],
      ['an operator object', { $ne: null }],
      ['null', null],
    ];
    it.each(logins)(
      'refuses a login whose username is %s, recording no attempt',
      async (_label, username) => {
        const res = await refused(() =>
          t.http().post('/api/auth/login').send({ username, password: 'whatever1' }),
        );
        expectError(res, 400, 'VALIDATION_FAILED', /username must be a string/);
      },
    );

    it.each([42, {}, null, ['a.b']])('refuses a refresh token that is %j', async (refreshToken) => {
      const res = await refused(() => t.http().post('/api/auth/refresh').send({ refreshToken }));
      expectError(res, 400, 'VALIDATION_FAILED', /refreshToken must be a string/);
    });

    const userBodies: [string, Record<string, unknown>, RegExp][] = [
      [
        'roles as a string',
        { roles: 'admin' },
        /roles: a list of reviewer, supervisor, auditor, admin/,
      ],
      [
        'a numeric clearance',
        { clearance: 3 },
        /clearance: one of UNCLASSIFIED, CONFIDENTIAL, SECRET, TOP SECRET/,
      ],
      ['caveats as a string', { caveats: 'NODIS' }, /caveats: a list of NODIS/],
      ['active as a string', { active: 'false' }, /active: true or false/],
    ];
    it.each(userBodies)('refuses a user change with %s', async (_label, body, message) => {
      const res = await refused(() =>
        t.http().patch(`/api/users/${reviewer.id}`).set(bearer(admin.token)).send(body),
      );
      expectError(res, 400, 'VALIDATION_FAILED', message);
    });

    const queries: [string, string, Record<string, string>, () => Person, RegExp][] = [
      [
        'a limit that is not a number',
        '/api/documents',
        { limit: 'all' },
        () => sup,
        /limit must be an integer/,
      ],
      [
        'a limit of 0',
        '/api/documents',
        { limit: '0' },
        () => sup,
        /limit must not be less than 1/,
      ],
      [
        'a limit above 500',
        '/api/documents',
        { limit: '100000' },
        () => sup,
        /limit must not be greater than 500/,
      ],
      [
        'a negative offset',
        '/api/documents',
        { offset: '-1' },
        () => sup,
        /offset must not be less than 0/,
      ],
      [
        'a date that is not one',
        '/api/documents',
        { dateFrom: 'yesterday' },
        () => sup,
        /dateFrom/,
      ],
      [
        'a day that does not exist',
        '/api/documents',
        { dateFrom: '1977-02-30' },
        () => sup,
        /dateFrom: a date written YYYY-MM-DD/,
      ],
      [
        'an ISO week date the database does not read',
        '/api/documents',
        { dateTo: '1977-W24' },
        () => sup,
        /dateTo: a date written YYYY-MM-DD/,
      ],
      [
        'an audit time on a day that does not exist',
        '/api/audit/events',
        { from: '2026-02-30T00:00:00Z' },
        () => auditor,
        /from: a date written YYYY-MM-DD or a time/,
      ],
      [
        'an audit verification up to a time without separators',
        '/api/audit/verify',
        { to: '20261231' },
        () => auditor,
        /to: a date written YYYY-MM-DD or a time/,
      ],
      [
        'a document id that is not a uuid',
        '/api/audit/events',
        { documentId: '1 OR 1=1' },
        () => auditor,
        /documentId must be a UUID/,
      ],
      [
        'an export format it does not make',
        '/api/audit/events',
        { format: 'xml' },
        () => auditor,
        /format must be one of/,
      ],
      [
        'a time that is not one',
        '/api/audit/verify',
        { from: 'the beginning' },
        () => auditor,
        /from: a date written YYYY-MM-DD or a time/,
      ],
      [
        'a notification limit of 0',
        '/api/notifications',
        { limit: '0' },
        () => sup,
        /limit must not be less than 1/,
      ],
      [
        'a review kind it does not know',
        '/api/reviews',
        { kind: 'SHRED' },
        () => sup,
        /kind must be one of/,
      ],
    ];
    it.each(queries)('refuses %s', async (_label, path, query, who, message) => {
      const res = await refused(() => t.http().get(path).query(query).set(bearer(who().token)));
      expectError(res, 400, 'VALIDATION_FAILED', message);
    });

    it('refuses an id in the path that is not a uuid', async () => {
      const res = await refused(() =>
        t.http().get(`/api/reviews/1%20OR%201=1`).set(bearer(sup.token)),
      );
      expectError(res, 400, 'VALIDATION_FAILED', /uuid is expected/);
    });

    const events: [
      string,
      'decided' | 'pending',
      (p: string) => Record<string, unknown>,
      RegExp,
    ][] = [
      [
        'expectedVersion 0',
        'pending',
        () => ({ type: 'APPROVE', expectedVersion: 0 }),
        /expectedVersion must not be less than 1/,
      ],
      [
        'a fractional expectedVersion',
        'pending',
        () => ({ type: 'APPROVE', expectedVersion: 6.5 }),
        /expectedVersion must be an integer/,
      ],
      [
        'an expectedVersion no review can reach',
        'pending',
        () => ({ type: 'APPROVE', expectedVersion: 1e300 }),
        /expectedVersion must not be greater than 2147483647/,
      ],
      [
        'a boolean expectedVersion',
        'pending',
        () => ({ type: 'APPROVE', expectedVersion: true }),
        /expectedVersion must be an integer/,
      ],
      [
        'a numeric portion id',
        'decided',
        () => ({ type: 'DECIDE_PORTION', portionId: 7, action: 'RELEASE' }),
        /portionId must be a UUID/,
      ],
      [
        'exemption codes that are numbers',
        'decided',
        (p) => ({
          type: 'DECIDE_PORTION',
          portionId: p,
          action: 'EXEMPT',
          exemptions: [25, 6],
          justification: 'x',
        }),
        /each value in exemptions must be a string/,
      ],
      [
        'eleven exemption codes',
        'decided',
        (p) => ({
          type: 'DECIDE_PORTION',
          portionId: p,
          action: 'EXEMPT',
          exemptions: Array<string>(11).fill('25X6, 20271231'),
          justification: 'x',
        }),
        /exemptions must contain no more than 10 elements/,
      ],
      [
        'a comment that is an object',
        'pending',
        () => ({ type: 'RETURN', comment: { text: 'x' } }),
        /comment must be a string/,
      ],
    ];
    it.each(events)('refuses an event with %s', async (_label, which, build, message) => {
      const target = which === 'decided' ? decided : pending;
      const who = which === 'decided' ? reviewer : sup2;
      const res = await refused(() =>
        send(t, who, target.review.id, build(target.document.portions[1]!.id)),
      );
      expectError(res, 400, 'VALIDATION_FAILED', message);
    });
  });

  describe('oversized input', () => {
    const elevenMegabytes = 'x'.repeat(11 * 1024 * 1024);

    it('refuses an event over 10 MB with 413 and leaves the review as it was', async () => {
      const res = await refused(() =>
        send(t, sup2, pending.review.id, { type: 'RETURN', comment: elevenMegabytes }),
      );
      expectError(res, 413, 'PAYLOAD_TOO_LARGE', /too large/i);
    });

    it('refuses a login over 256 KB with 413: only registering a document takes more', async () => {
      const res = await refused(() =>
        t
          .http()
          .post('/api/auth/login')
          .send({ username: 'sup', password: 'x'.repeat(300 * 1024) }),
      );
      expectError(res, 413, 'PAYLOAD_TOO_LARGE', /too large for this route/);
    });

    it('refuses a body of 100,000 keys at once, and answers health meanwhile', async () => {
      const keys = Object.fromEntries(
        Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 1]),
      ) as Record<string, number>;
      const body = JSON.stringify({ type: 'APPROVE', ...keys }).slice(0, 250 * 1024);
      const hostile = `${body.slice(0, body.lastIndexOf(','))}}`;
      const [res, health] = await Promise.all([
        refused(() =>
          postRaw(`/api/reviews/${pending.review.id}/events`, sup2, 'application/json', hostile),
        ),
        t.http().get('/api/health'),
      ]);
      expectError(
        res,
        400,
        'VALIDATION_FAILED',
        /has more than 200 keys \(its key 201 is at character \d+\); no request needs more than 200/,
      );
      expect(health.status).toBe(200);
    });

    it('refuses portions full of undeclared fields before transforming them, naming the first, and answers health meanwhile', async () => {
      const extra = Object.fromEntries(
        Array.from({ length: 198 }, (_, i) => [`k${i}`, i]),
      ) as Record<string, number>;
      // As many as the body's cap on keys and array elements lets through to the pipes.
      const portions = Array.from({ length: 240 }, () => ({
        text: 'Paragraph.',
        classification: 'SECRET',
        ...extra,
      }));
      const [res, health] = await Promise.all([
        refused(() =>
          t.http().post('/api/documents').set(bearer(sup.token)).send(cable({ portions })),
        ),
        t.http().get('/api/health'),
      ]);
      expectError(
        res,
        400,
        'VALIDATION_FAILED',
        /^property portions\.\d+\.k\d+ should not exist; /,
      );
      const message = (res.body as ErrorBody).message;
      expect(message.split('; ')).toHaveLength(21);
      expect(message).toMatch(
        /more than 20 fields that are not accepted: send only the fields this route documents$/,
      );
      expect(health.status).toBe(200);
    });

    it('refuses a body of more than 50,000 keys and array elements before parsing it', async () => {
      const padding = Object.fromEntries(Array.from({ length: 198 }, (_, i) => [`k${i}`, i]));
      const portions = Array.from({ length: 4_966 }, () => ({ text: 'P.', ...padding }));
      const res = await refused(() =>
        t.http().post('/api/documents').set(bearer(sup.token)).send(cable({ portions })),
      );
      expectError(res, 400, 'VALIDATION_FAILED', /more than 50000 keys and array elements/);
    });

    it('refuses an event with more than 20 undeclared fields, naming them as fields of its type', async () => {
      const extra = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, i]));
      const res = await refused(() =>
        send(t, sup2, pending.review.id, { type: 'APPROVE', ...extra }),
      );
      expectError(res, 400, 'VALIDATION_FAILED', 'k0 is not a field of APPROVE');
      expect((res.body as ErrorBody).message).toContain(
        'more than 20 fields that are not accepted',
      );
    });

    it('still registers a document whose text is over 256 KB', async () => {
      const portions = Array.from({ length: 60 }, (_, i) => ({
        text: `Paragraph ${i}: ${'lorem ipsum '.repeat(500)}`,
        classification: 'SECRET',
      }));
      const res = await t
        .http()
        .post('/api/documents')
        .set(bearer(sup.token))
        .send(cable({ portions }));
      expect(JSON.stringify(portions).length).toBeGreaterThan(256 * 1024);
      expect(res.status).toBe(201);
    });

    it('refuses a login over 10 MB with 413 and records no attempt', async () => {
      const res = await refused(() =>
        t.http().post('/api/auth/login').send({ username: 'sup', password: elevenMegabytes }),
      );
      expectError(res, 413, 'PAYLOAD_TOO_LARGE', /too large/i);
    });

    it.each([
      [
        'a justification of 4,001 characters',
        'justification',
        4001,
        /justification must be shorter than or equal to 4000 characters/,
      ],
      [
        'an agency of 101 characters',
        'agency',
        101,
        /agency must be shorter than or equal to 100 characters/,
      ],
    ])('refuses %s', async (_label, field, length, message) => {
      const portion = decided.document.portions[1]!.id;
      const res = await refused(() =>
        send(t, reviewer, decided.review.id, {
          type: 'DECIDE_PORTION',
          portionId: portion,
          action: field === 'agency' ? 'REFER' : 'EXEMPT',
          ...(field === 'agency' ? {} : { exemptions: ['25X6, 20271231'] }),
          [field]: 'y'.repeat(length),
        }),
      );
      expectError(res, 400, 'VALIDATION_FAILED', message);
    });

    it('refuses a title of 501 characters, 51 tags and a 201-character username', async () => {
      const title = await refused(() =>
        t
          .http()
          .post('/api/documents')
          .set(bearer(sup.token))
          .send(cable({ title: 't'.repeat(501) })),
      );
      expectError(
        title,
        400,
        'VALIDATION_FAILED',
        /title must be shorter than or equal to 500 characters/,
      );
      const tags = await refused(() =>
        t
          .http()
          .post('/api/documents')
          .set(bearer(sup.token))
          .send(cable({ tags: Array<string>(51).fill('PFOR') })),
      );
      expectError(tags, 400, 'VALIDATION_FAILED', /tags must contain no more than 50 elements/);
      const username = await refused(() =>
        t
          .http()
          .post('/api/auth/login')
          .send({ username: 'u'.repeat(201), password: 'whatever1' }),
      );
      expectError(
        username,
        400,
        'VALIDATION_FAILED',
        /username must be shorter than or equal to 200 characters/,
      );
    });
  });

  describe('unicode edge cases', () => {
    const unstorable: [string, string, string][] = [
      [
        'a NUL character',
        'before\u0000after',
        'contains a NUL character (U+0000), which cannot be stored; remove it',
      ],
      [
        'a lone high surrogate',
        'emoji cut in half: \uD83D',
        'contains an unpaired UTF-16 surrogate',
      ],
      ['a lone low surrogate', '\uDE00 trailing half', 'contains an unpaired UTF-16 surrogate'],
    ];

    describe.each(unstorable)('text with %s', (_label, text, problem) => {
      it('is refused in every free-text field of a document, naming the field', async () => {
        const fields: [string, Record<string, unknown>][] = [
          ['title', { title: text }],
          ['originator', { originator: text }],
          ['tags[1]', { tags: ['PFOR', text] }],
          [
            'portions[2].text',
            {
              portions: [
                ...(cable().portions as object[]).slice(0, 2),
                { text, classification: 'UNCLASSIFIED' },
              ],
            },
          ],
        ];
        for (const [name, overrides] of fields) {
          const res = await refused(() =>
            t.http().post('/api/documents').set(bearer(sup.token)).send(cable(overrides)),
          );
          expectError(res, 400, 'VALIDATION_FAILED', `${name} ${problem}`);
        }
      });

      it('is refused in every free-text field of an event', async () => {
        const portion = decided.document.portions[1]!.id;
        const cases: [Person, string, Record<string, unknown>, string][] = [
          [
            reviewer,
            decided.review.id,
            {
              type: 'DECIDE_PORTION',
              portionId: portion,
              action: 'EXEMPT',
              exemptions: ['25X6, 20271231'],
              justification: text,
            },
            'justification',
          ],
          [
            reviewer,
            decided.review.id,
            {
              type: 'DECIDE_PORTION',
              portionId: portion,
              action: 'EXEMPT',
              exemptions: [text],
              justification: 'ok',
            },
            'exemptions[0]',
          ],
          [
            reviewer,
            decided.review.id,
            { type: 'REFER', agency: text, portionIds: [portion] },
            'agency',
          ],
          [sup2, pending.review.id, { type: 'RETURN', comment: text }, 'comment'],
          [sup, pending.review.id, { type: 'CLOSE', reason: text }, 'reason'],
        ];
        for (const [who, id, event, name] of cases) {
          const res = await refused(() => send(t, who, id, event));
          expectError(res, 400, 'VALIDATION_FAILED', `${name} ${problem}`);
        }
      });

      it('is refused in a login, recording no attempt, and in a search', async () => {
        for (const body of [
          { username: text, password: 'whatever1' },
          { username: 'sup', password: text },
        ]) {
          const res = await refused(() => t.http().post('/api/auth/login').send(body));
          expectError(res, 400, 'VALIDATION_FAILED', problem);
        }
        if (text.includes('\u0000')) {
          const search = await refused(() =>
            t.http().get('/api/documents').query({ q: text }).set(bearer(sup.token)),
          );
          expectError(search, 400, 'VALIDATION_FAILED', `q ${problem}`);
        } else {
          // A URL cannot carry half a character: its UTF-8 bytes do not decode, and stay literal.
          const search = await refused(() =>
            t.http().get('/api/documents?q=%ED%A0%BD').set(bearer(sup.token)),
          );
          expect(search.status).toBe(200);
          expect(search.body).toEqual({ items: [], total: 0 });
        }
      });
    });

    it('stores and returns emoji, right-to-left overrides, combining marks and astral characters exactly', async () => {
      const texts = Object.values(UNICODE);
      const document = await registerDocument(t, sup, {
        title: texts.join(' | '),
        originator: UNICODE.rtl,
        tags: ['🇺🇸🇷🇺', '🛰️', 'PARM‮'],
        portions: texts.map((text) => ({ text, classification: 'SECRET' })),
      });
      const doc = (
        await t.http().get(`/api/documents/${document.id}`).set(bearer(sup.token)).expect(200)
      ).body as Record<string, unknown>;
      expect(doc.title).toBe(texts.join(' | '));
      expect(doc.originator).toBe(UNICODE.rtl);
      expect(doc.tags).toEqual(['🇺🇸🇷🇺', '🛰️', 'PARM‮']);
      const text = (
        await t.http().get(`/api/documents/${document.id}/text`).set(bearer(sup.token)).expect(200)
      ).body as {
        portions: { text: string }[];
      };
      expect(text.portions.map((p) => p.text)).toEqual(texts);

      let review = await openReview(t, sup, document.id);
      review = await accept(t, sup, review.id, { type: 'ASSIGN', assigneeId: reviewer.id });
      for (const [i, p] of document.portions.entries()) {
        review = await accept(t, reviewer, review.id, {
          type: 'DECIDE_PORTION',
          portionId: p.id,
          action: 'EXEMPT',
          exemptions: ['25X6, 20271231'],
          justification: texts[i],
        });
      }
      review = await accept(t, reviewer, review.id, {
        type: 'PROPOSE',
        determination: 'DENY_IN_FULL',
      });
      review = await accept(t, sup2, review.id, { type: 'RETURN', comment: UNICODE.zwj });
      expect(review.returnComment).toBe(UNICODE.zwj);
      expect(review.portions.map((p) => p.decision?.justification)).toEqual(texts);
      const again = await getReview(t, sup, review.id);
      expect(again.portions.map((p) => p.decision?.justification)).toEqual(texts);

      const events = await exportAudit(t, auditor, { reviewId: review.id });
      expect(
        events.filter((e) => e.action === 'DECIDE_PORTION').map((e) => e.payload.justification),
      ).toEqual(texts);
      expect(events.find((e) => e.action === 'RETURN')?.payload.comment).toBe(UNICODE.zwj);
      const verify = await t.http().get('/api/audit/verify').set(bearer(auditor.token)).expect(200);
      expect(verify.body).toMatchObject({ ok: true, firstBroken: null });
    });

    it('records a login by an emoji username as a failure under that very name', async () => {
      const name = '🕵️‍♀️ agent \u202Enimda';
      const res = await t
        .http()
        .post('/api/auth/login')
        .send({ username: name, password: 'whatever1' });
      expectError(res, 401, 'UNAUTHENTICATED', 'Wrong username or password');
      const [row] = await ds.query<{ actor_username: string }[]>(
        `SELECT actor_username FROM audit_events WHERE action = 'LOGIN_FAILED' ORDER BY seq DESC LIMIT 1`,
      );
      expect(row!.actor_username).toBe(name);
    });
  });

  describe('SQL and script injection', () => {
    let injected: DocumentBody;

    it('stores every injection string as data in every free-text field of a document', async () => {
      const before = await world();
      injected = await registerDocument(t, sup, {
        title: INJECTIONS.join(' '),
        originator: INJECTIONS[0],
        tags: INJECTIONS.map((s) => s.slice(0, 40)),
        classificationAuthority: INJECTIONS[1],
        declassifyOn: `Event: ${INJECTIONS[6]}`,
        portions: INJECTIONS.map((text) => ({ text, classification: 'SECRET' })),
      });
      const doc = (
        await t.http().get(`/api/documents/${injected.id}`).set(bearer(sup.token)).expect(200)
      ).body as Record<string, unknown>;
      expect(doc).toMatchObject({
        title: INJECTIONS.join(' '),
        originator: INJECTIONS[0],
        tags: INJECTIONS.map((s) => s.slice(0, 40)),
        classificationAuthority: INJECTIONS[1],
        declassifyOn: `Event: ${INJECTIONS[6]}`,
      });
      const text = (
        await t.http().get(`/api/documents/${injected.id}/text`).set(bearer(sup.token)).expect(200)
      ).body as {
        portions: { text: string }[];
      };
      expect(text.portions.map((p) => p.text)).toEqual(INJECTIONS);
      // One document and its portions more, audited; nothing dropped, deleted or truncated.
      const after = await world();
      expect(after.counts.documents).toBe(before.counts.documents! + 1);
      expect(after.counts.portions).toBe(before.counts.portions! + INJECTIONS.length);
      expect(after.counts.audit_events).toBeGreaterThanOrEqual(before.counts.audit_events! + 2);
      for (const table of TABLES)
        expect(after.counts[table]).toBeGreaterThanOrEqual(before.counts[table]!);
      expect(after.users).toBe(before.users);
    });

    it('stores injection strings in every free-text field of an event, and the audit trail keeps them', async () => {
      let review = await openReview(t, sup, injected.id);
      review = await accept(t, sup, review.id, { type: 'ASSIGN', assigneeId: reviewer.id });
      const [first, second, ...rest] = injected.portions;
      review = await accept(t, reviewer, review.id, {
        type: 'REFER',
        agency: INJECTIONS[0],
        portionIds: [first!.id],
      });
      review = await accept(t, sup, review.id, {
        type: 'RECORD_REFERRAL_RESPONSE',
        referralId: review.referrals[0]!.id,
        decision: 'EXEMPT',
        exemptions: ['25X1, 20271231'],
        justification: INJECTIONS[2],
      });
      review = await accept(t, reviewer, review.id, {
        type: 'DECIDE_PORTION',
        portionId: second!.id,
        action: 'EXEMPT',
        exemptions: ['25X6, 20271231'],
        justification: INJECTIONS[6],
      });
      for (const p of rest)
        review = await accept(t, reviewer, review.id, {
          type: 'DECIDE_PORTION',
          portionId: p.id,
          action: 'RELEASE',
        });
      review = await accept(t, reviewer, review.id, {
        type: 'PROPOSE',
        determination: 'RELEASE_IN_PART',
      });
      review = await accept(t, sup2, review.id, { type: 'RETURN', comment: INJECTIONS[7] });
      review = await accept(t, sup, review.id, { type: 'CLOSE', reason: INJECTIONS[3] });
      expect(review).toMatchObject({
        state: 'closed',
        returnComment: INJECTIONS[7],
        closedReason: INJECTIONS[3],
      });
      expect(review.referrals[0]).toMatchObject({ agency: INJECTIONS[0] });
      expect(review.portions[1]!.decision?.justification).toBe(INJECTIONS[6]);

      const events = await exportAudit(t, auditor, { reviewId: review.id });
      const payloads = JSON.stringify(events.map((e) => e.payload));
      for (const s of [INJECTIONS[0], INJECTIONS[2], INJECTIONS[3], INJECTIONS[6], INJECTIONS[7]])
        expect(payloads).toContain(JSON.stringify(s).slice(1, -1));
      const verify = await t.http().get('/api/audit/verify').set(bearer(auditor.token)).expect(200);
      expect(verify.body).toMatchObject({ ok: true });
    });

    it.each(INJECTIONS)('searches for %j literally, still filtered by need-to-know', async (q) => {
      const all = (
        await t
          .http()
          .get('/api/documents')
          .query({ limit: 500 })
          .set(bearer(sup.token))
          .expect(200)
      ).body as {
        items: DocumentBody[];
      };
      const literal = all.items.filter(
        (d) =>
          d.documentNumber.toLowerCase().includes(q.toLowerCase()) ||
          (d as unknown as { title: string }).title.toLowerCase().includes(q.toLowerCase()),
      );
      const res = await refused(() =>
        t.http().get('/api/documents').query({ q }).set(bearer(sup.token)),
      );
      expect(res.status).toBe(200);
      const found = (res.body as { items: DocumentBody[]; total: number }).items.map((d) => d.id);
      expect(found.sort()).toEqual(literal.map((d) => d.id).sort());
      expect(found).toContain(injected.id);
      // The CONFIDENTIAL user finds nothing: every document here is SECRET.
      const lowRes = await refused(() =>
        t.http().get('/api/documents').query({ q }).set(bearer(low.token)),
      );
      expect(lowRes.body).toEqual({ items: [], total: 0 });
    });

    it('matches a tag or a collection only literally', async () => {
      const tag = await t
        .http()
        .get('/api/documents')
        .query({ tag: INJECTIONS[1] })
        .set(bearer(sup.token))
        .expect(200);
      expect((tag.body as { items: DocumentBody[] }).items.map((d) => d.id)).toEqual([injected.id]);
      const noTag = await t
        .http()
        .get('/api/documents')
        .query({ tag: `x' OR '1'='1` })
        .set(bearer(sup.token))
        .expect(200);
      expect(noTag.body).toEqual({ items: [], total: 0 });
      const collection = await t
        .http()
        .get('/api/documents')
        .query({ collection: `default' OR '1'='1` })
        .set(bearer(sup.token))
        .expect(200);
      expect(collection.body).toEqual({ items: [], total: 0 });
    });

    it.each([
      ['state', `pendingApproval' OR '1'='1`],
      ['assigneeId', `${randomUUID()}' OR '1'='1`],
      ['documentId', `1; DROP TABLE reviews`],
    ])('refuses an injected %s filter on the review list', async (field, value) => {
      const res = await refused(() =>
        t
          .http()
          .get('/api/reviews')
          .query({ [field]: value })
          .set(bearer(sup.token)),
      );
      expect(res.status).toBe(400);
    });

    it.each(["sup' --", "' OR '1'='1' --", 'sup"; DROP TABLE users; --'])(
      'answers a login as %j with 401 and records the name as given',
      async (username) => {
        const res = await t
          .http()
          .post('/api/auth/login')
          .send({ username, password: "' OR '1'='1" });
        expectError(res, 401, 'UNAUTHENTICATED', 'Wrong username or password');
        const [row] = await ds.query<{ actor_username: string }[]>(
          `SELECT actor_username FROM audit_events WHERE action = 'LOGIN_FAILED' ORDER BY seq DESC LIMIT 1`,
        );
        expect(row!.actor_username).toBe(username);
      },
    );

    it('answers an unknown route named like a script with a JSON 404, not HTML', async () => {
      const res = await refused(() =>
        t.http().get('/api/%3Cscript%3Ealert(1)%3C%2Fscript%3E').set(bearer(sup.token)),
      );
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    });

    it('leaves every table in place and every chain intact', async () => {
      const tables = await ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ANY($1)`,
        [[...TABLES]],
      );
      expect(tables[0]!.n).toBe(TABLES.length);
      const verify = await t.http().get('/api/audit/verify').set(bearer(auditor.token)).expect(200);
      expect(verify.body).toMatchObject({ ok: true, firstBroken: null });
    });
  });

  describe('unknown event types', () => {
    it.each([
      [
        'the worker’s own DEADLINE_ELAPSED',
        { type: 'DEADLINE_ELAPSED', deadlineId: randomUUID(), kind: 'REVIEW_DUE' },
      ],
      ['a lower-case approve', { type: 'approve' }],
      ['__proto__', { type: '__proto__' }],
      ['constructor', { type: 'constructor' }],
      ['toString', { type: 'toString' }],
      ['a list of types', { type: ['APPROVE'] }],
      ['no type at all', { expectedVersion: 6 }],
      ['a null type', { type: null }],
    ])('refuses %s, naming the types it knows', async (_label, event) => {
      const res = await refused(() => send(t, sup2, pending.review.id, event));
      expectError(
        res,
        400,
        'VALIDATION_FAILED',
        'type must be one of ASSIGN, DECIDE_PORTION, REFER, RECORD_REFERRAL_RESPONSE, DOWNGRADE, DECAPTION, PROPOSE, APPROVE, RETURN, CLOSE',
      );
      expect(res.body.message).not.toContain('DEADLINE_ELAPSED');
    });
  });

  describe('versions', () => {
    it('refuses an expectedVersion from the future', async () => {
      const current = await getReview(t, sup, pending.review.id);
      const res = await refused(() =>
        send(t, sup2, pending.review.id, { type: 'APPROVE', expectedVersion: current.version + 1 }),
      );
      expectError(
        res,
        409,
        'STALE_VERSION',
        `you have version ${current.version + 1}, it is at ${current.version}`,
      );
    });

    it('lets one of two identical events sent at once through, and records it once', async () => {
      const flow = await reviewToDecided(t, { supervisor: sup, reviewer });
      const event = {
        type: 'PROPOSE',
        determination: 'RELEASE_IN_PART',
        expectedVersion: flow.review.version,
      };
      const answers = await Promise.all([
        send(t, reviewer, flow.review.id, event),
        send(t, reviewer, flow.review.id, event),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      const loser = answers.find((r) => r.status === 409)!;
      expect((loser.body as ErrorBody).error).toBe('STALE_VERSION');
      const [{ n }] = await ds.query<[{ n: number }]>(
        `SELECT count(*)::int AS n FROM audit_events WHERE review_id = $1 AND action = 'PROPOSE'`,
        [flow.review.id],
      );
      expect(n).toBe(1);
      expect((await getReview(t, sup, flow.review.id)).version).toBe(flow.review.version + 1);
    });
  });

  describe('tokens', () => {
    const approve = (token: string) =>
      t
        .http()
        .post(`/api/reviews/${pending.review.id}/events`)
        .set('authorization', `Bearer ${token}`)
        .send({ type: 'APPROVE' });

    /** A second session of sup2, from a login of its own. */
    async function freshLogin(username: string, roles: string[], clearance = 'SECRET') {
      const password = `pw-${randomUUID()}`;
      const created = await t
        .http()
        .post('/api/users')
        .set(bearer(admin.token))
        .send({ username, password, roles, clearance });
      expect(created.status).toBe(201);
      const res = await t.http().post('/api/auth/login').send({ username, password }).expect(200);
      return {
        id: (created.body as { id: string }).id,
        password,
        ...(res.body as { accessToken: string; refreshToken: string }),
      };
    }

    it('accepts a token it signed itself (the forgeries below fail for their flaw alone)', async () => {
      const { sid } = claimsOf(sup2.token);
      const token = jwt(
        { alg: 'HS256', typ: 'JWT' },
        { sub: sup2.id, sid, iat: now(), exp: now() + 600 },
        t.env.config.jwtSecret,
      );
      await t.http().get('/api/auth/me').set(bearer(token)).expect(200);
    });

    const forged: [string, () => string, RegExp][] = [
      [
        'signed with the right secret under HS512',
        () =>
          jwt(
            { alg: 'HS512', typ: 'JWT' },
            { sub: sup2.id, sid: claimsOf(sup2.token).sid, exp: now() + 600 },
            t.env.config.jwtSecret,
          ),
        /invalid or expired; log in again/,
      ],
      ...['None', 'NONE', 'nOnE'].map((alg): [string, () => string, RegExp] => [
        `with alg ${alg}`,
        () =>
          jwt(
            { alg, typ: 'JWT' },
            { sub: sup2.id, sid: claimsOf(sup2.token).sid, exp: now() + 600 },
          ),
        /invalid or expired; log in again/,
      ]),
      [
        'with alg none and the real signature kept',
        () => {
          const [, claims, signature] = sup2.token.split('.');
          return `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${claims}.${signature}`;
        },
        /invalid or expired; log in again/,
      ],
      [
        'with its claims changed under the original signature',
        () => {
          const [header, , signature] = sup2.token.split('.');
          const claims = Buffer.from(
            JSON.stringify({ ...claimsOf(sup2.token), sub: admin.id }),
          ).toString('base64url');
          return `${header}.${claims}.${signature}`;
        },
        /invalid or expired; log in again/,
      ],
      [
        'naming one user and another user’s session',
        () =>
          jwt(
            { alg: 'HS256', typ: 'JWT' },
            { sub: sup2.id, sid: claimsOf(admin.token).sid, exp: now() + 600 },
            t.env.config.jwtSecret,
          ),
        /session has ended/,
      ],
      [
        'without a session (as tokens were before sessions)',
        () =>
          jwt(
            { alg: 'HS256', typ: 'JWT' },
            { sub: sup2.id, iat: now(), exp: now() + 600 },
            t.env.config.jwtSecret,
          ),
        /invalid or expired; log in again/,
      ],
      [
        'with ids that are not uuids',
        () =>
          jwt(
            { alg: 'HS256', typ: 'JWT' },
            { sub: "1' OR '1'='1", sid: 'x', exp: now() + 600 },
            t.env.config.jwtSecret,
          ),
        /invalid or expired; log in again/,
      ],
      [
        'not valid before an hour from now',
        () =>
          jwt(
            { alg: 'HS256', typ: 'JWT' },
            { sub: sup2.id, sid: claimsOf(sup2.token).sid, nbf: now() + 3600, exp: now() + 7200 },
            t.env.config.jwtSecret,
          ),
        /invalid or expired; log in again/,
      ],
      [
        'that expired a second ago, for a live session',
        () =>
          jwt(
            { alg: 'HS256', typ: 'JWT' },
            { sub: sup2.id, sid: claimsOf(sup2.token).sid, iat: now() - 901, exp: now() - 1 },
            t.env.config.jwtSecret,
          ),
        /invalid or expired; log in again/,
      ],
    ];

    it.each(forged)('refuses a token %s, approving nothing', async (_label, token, message) => {
      const res = await refused(() => approve(token()));
      expectError(res, 401, 'UNAUTHENTICATED', message);
    });

    it.each([
      ['a lower-case scheme', (tok: string) => `bearer ${tok}`],
      ['two tokens', (tok: string) => `Bearer ${tok} ${tok}`],
      ['Basic credentials', () => `Basic ${Buffer.from('sup2:password').toString('base64')}`],
      ['a 5,000-character token', () => `Bearer ${'a'.repeat(5000)}`],
    ])('refuses an Authorization header with %s', async (_label, header) => {
      const res = await refused(() =>
        t
          .http()
          .post(`/api/reviews/${pending.review.id}/events`)
          .set('authorization', header(sup2.token))
          .send({ type: 'APPROVE' }),
      );
      expectError(res, 401, 'UNAUTHENTICATED', 'Send "Authorization: Bearer <token>"');
    });

    it('refuses a refresh token as a bearer token, and an access token as a refresh token', async () => {
      const u = await freshLogin('swapper', ['supervisor']);
      const asBearer = await refused(() => approve(u.refreshToken));
      expectError(asBearer, 401, 'UNAUTHENTICATED', /invalid or expired/);
      const asRefresh = await refused(() =>
        t.http().post('/api/auth/refresh').send({ refreshToken: u.accessToken }),
      );
      expectError(
        asRefresh,
        401,
        'UNAUTHENTICATED',
        /refresh token is invalid, expired or already used/,
      );
    });

    it('refuses the token of a session that expired, and of one that logged out', async () => {
      const expiring = await freshLogin('expiring', ['supervisor']);
      await ds.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        claimsOf(expiring.accessToken).sid,
      ]);
      expectError(
        await refused(() => approve(expiring.accessToken)),
        401,
        'UNAUTHENTICATED',
        /session has ended/,
      );
      const leaving = await freshLogin('leaving', ['supervisor']);
      await t.http().post('/api/auth/logout').set(bearer(leaving.accessToken)).expect(204);
      expectError(
        await refused(() => approve(leaving.accessToken)),
        401,
        'UNAUTHENTICATED',
        /session has ended/,
      );
    });

    it('refuses the token of a deactivated user and of a deleted one', async () => {
      const gone = await freshLogin('gone', ['supervisor']);
      const off = await freshLogin('off', ['supervisor']);
      await t
        .http()
        .patch(`/api/users/${off.id}`)
        .set(bearer(admin.token))
        .send({ active: false })
        .expect(200);
      expectError(
        await refused(() => approve(off.accessToken)),
        401,
        'UNAUTHENTICATED',
        /unknown or deactivated/,
      );
      await ds.query(`DELETE FROM users WHERE id = $1`, [gone.id]);
      expectError(
        await refused(() => approve(gone.accessToken)),
        401,
        'UNAUTHENTICATED',
        /unknown or deactivated/,
      );
      expectError(
        await refused(() =>
          t.http().post('/api/auth/refresh').send({ refreshToken: gone.refreshToken }),
        ),
        401,
        'UNAUTHENTICATED',
        /refresh token is invalid/,
      );
    });

    it('answers a refresh token reused after rotation by ending the session, and writes nothing else', async () => {
      const u = await freshLogin('reuser', ['supervisor']);
      const rotated = await t
        .http()
        .post('/api/auth/refresh')
        .send({ refreshToken: u.refreshToken })
        .expect(200);
      const before = await world();
      // Past the few seconds in which a retired token still answers a refresh sent alongside.
      const clock = jest
        .spyOn(t.app.get(Clock), 'now')
        .mockImplementation(() => new Date(Date.now() + (REFRESH_GRACE_SECONDS + 1) * 1000));
      const res = await t.http().post('/api/auth/refresh').send({ refreshToken: u.refreshToken });
      clock.mockRestore();
      expectError(res, 401, 'UNAUTHENTICATED', /already used; log in again/);
      const after = await world();
      // The one change by design: the session revoked, and that recorded in the user's chain.
      expect(after.counts).toEqual({
        ...before.counts,
        audit_events: before.counts.audit_events! + 1,
      });
      expect({ ...after, counts: null, sessions: null }).toEqual({
        ...before,
        counts: null,
        sessions: null,
      });
      const [event] = await ds.query<{ action: string; chain_key: string }[]>(
        `SELECT action, chain_key FROM audit_events ORDER BY seq DESC LIMIT 1`,
      );
      expect(event).toEqual({ action: 'REFRESH_TOKEN_REUSED', chain_key: `user:${u.id}` });
      const next = (rotated.body as { accessToken: string }).accessToken;
      expectError(await refused(() => approve(next)), 401, 'UNAUTHENTICATED', /session has ended/);
    });
  });
});
