import { bearer, openDataSource, startTestApp, type TestApp } from '../support/harness';
import {
  accept,
  openReview,
  person,
  registerDocument,
  type ErrorBody,
  type Person,
  type ReviewBody,
  openRequestOf,
} from '../support/review-api';

interface ListItem extends ReviewBody {
  documentTitle: string;
  assigneeName: string | null;
  overdue: boolean;
  dueAt: string | null;
  clock: { dueOn: string | null } | null;
  updatedAt: string;
}
interface ListPage {
  items: ListItem[];
  total: number;
  totalExact: boolean;
  next: string | null;
}

// The shared 2-core machine can be busy; the project-level testTimeout is not applied by Jest.
jest.setTimeout(120_000);

/**
 * The review lists a desk pages through: more reviews than one page holds, every one reachable
 * once, in the order asked, with the true total and the names the list shows.
 */
describe('review lists past one page', () => {
  let t: TestApp;
  let sup: Person;
  let reviewer: Person;
  let low: Person;
  const MANY = 112;
  const reviewIds: string[] = [];
  let assignedIds: string[] = [];
  let overdueId = '';

  const page = async (who: Person, query: Record<string, unknown>) => {
    const res = await t.http().get('/api/reviews').query(query).set(bearer(who.token));
    expect(res.status).toBe(200);
    return res.body as ListPage;
  };
  /** Every page of a list, following `next` until it is null. */
  const walk = async (who: Person, query: Record<string, unknown>) => {
    const pages: ListPage[] = [];
    let after: string | undefined;
    do {
      const p = await page(who, { ...query, ...(after ? { after } : {}) });
      pages.push(p);
      after = p.next ?? undefined;
    } while (after && pages.length < 20);
    return pages;
  };

  beforeAll(async () => {
    t = await startTestApp('review_lists');
    [sup, reviewer, low] = await Promise.all([
      person(t, 'sup', ['supervisor'], 'SECRET'),
      person(t, 'reviewer', ['reviewer'], 'SECRET'),
      person(t, 'low', ['reviewer'], 'CONFIDENTIAL'),
    ]);
    for (let i = 0; i < MANY; i += 1) {
      const document = await registerDocument(t, sup, {
        title: `CRUISE MISSILE TALKS ROUND ${String(i).padStart(3, '0')}`,
      });
      reviewIds.push((await openReview(t, sup, document.id)).id);
    }
    // A few are assigned, so the reviewer's queue and the names have something to show.
    assignedIds = reviewIds.slice(0, 7);
    for (const id of assignedIds) {
      await accept(t, sup, id, { type: 'ASSIGN', assigneeId: reviewer.id });
    }
    // A FOIA request received a year ago is long past its 20 working days.
    const late = await registerDocument(t, sup, { title: 'LATE FOIA REQUEST SUBJECT' });
    const request = await openRequestOf(t, sup, [late.id], {
      receivedOn: new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10),
    });
    overdueId = request.reviews[0]!.id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('reaches every review once across pages, with the true total on each page', async () => {
    const pages = await walk(sup, { limit: 50 });
    expect(pages.map((p) => p.items.length)).toEqual([50, 50, MANY + 1 - 100]);
    expect(pages.every((p) => p.total === MANY + 1)).toBe(true);
    expect(pages.at(-1)!.next).toBeNull();
    const ids = pages.flatMap((p) => p.items.map((r) => r.id));
    expect(new Set(ids).size).toBe(MANY + 1);
    expect(ids.sort()).toEqual([...reviewIds, overdueId].sort());
  });

  it('pages in the order asked, both ways, each page carrying on from the last', async () => {
    for (const order of ['asc', 'desc'] as const) {
      const numbers = (await walk(sup, { limit: 40, sort: 'document', order })).flatMap((p) =>
        p.items.map((r) => r.documentNumber),
      );
      expect(numbers).toHaveLength(MANY + 1);
      const sorted = [...numbers].sort();
      expect(numbers).toEqual(order === 'asc' ? sorted : sorted.reverse());
    }
    // By due date: the overdue FOIA request first, the undated reviews after every dated one.
    const byDue = (await walk(sup, { limit: 30, sort: 'due' })).flatMap((p) => p.items);
    expect(byDue).toHaveLength(MANY + 1);
    expect(byDue[0]!.id).toBe(overdueId);
    const dues = byDue.map((r) => r.dueAt ?? '\uffff');
    expect(dues).toEqual([...dues].sort());
  });

  it('gives each row the document title and the assignee’s name', async () => {
    const queue = await page(reviewer, { assigneeId: reviewer.id, limit: 5 });
    expect(queue.total).toBe(assignedIds.length);
    expect(queue.items).toHaveLength(5);
    expect(queue.next).not.toBeNull();
    for (const item of queue.items) {
      expect(item.assigneeName).toBe(reviewer.username);
      expect(item.documentTitle).toMatch(/^CRUISE MISSILE TALKS ROUND \d{3}$/);
    }
    const unassigned = await page(sup, { state: 'queued', limit: 1 });
    expect(unassigned.total).toBe(MANY + 1 - assignedIds.length);
    expect(unassigned.items[0]!.assigneeName).toBeNull();
  });

  it('filters on the server: words of the title, number, open and overdue', async () => {
    const byTitle = await page(sup, { q: 'round 10', limit: 50 });
    expect(byTitle.items.map((r) => r.documentTitle).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `CRUISE MISSILE TALKS ROUND 10${i}`),
    );
    expect(byTitle.total).toBe(10);
    // A pattern character in the words is taken literally.
    expect((await page(sup, { q: 'ROUND_1' })).total).toBe(0);

    const one = (await page(sup, { sort: 'document', limit: 1 })).items[0]!;
    const byNumber = await page(sup, { q: one.documentNumber.toLowerCase() });
    expect(byNumber.items.map((r) => r.id)).toEqual([one.id]);

    const overdue = await page(sup, { overdue: true });
    expect(overdue.items.map((r) => r.id)).toEqual([overdueId]);
    expect(overdue.items[0]!.overdue).toBe(true);

    // Due dates by agency day: the day it is due is in, the day before is out.
    const dueOn = overdue.items[0]!.clock!.dueOn!;
    const nextDay = new Date(Date.parse(dueOn) + 86_400_000).toISOString().slice(0, 10);
    const onTheDay = await page(sup, { dueFrom: dueOn, dueBefore: nextDay });
    expect(onTheDay.items.map((r) => r.id)).toEqual([overdueId]);
    expect((await page(sup, { dueBefore: dueOn })).items.map((r) => r.id)).not.toContain(overdueId);
    expect((await page(sup, { dueFrom: nextDay })).items.map((r) => r.id)).not.toContain(overdueId);

    await accept(t, sup, reviewIds[MANY - 1]!, { type: 'CLOSE', reason: 'Registered twice.' });
    expect((await page(sup, { open: true })).total).toBe(MANY);
    expect((await page(sup, { open: false })).total).toBe(MANY + 1);
  });

  it('counts only what the reader may see', async () => {
    const seen = await page(low, { limit: 500 });
    expect(seen).toEqual({ items: [], total: 0, totalExact: true, next: null });
  });

  it('names colleagues to a reviewer, who may not list the users', async () => {
    const ids = [sup.id, reviewer.id, low.id, '00000000-0000-4000-8000-000000000000'];
    const res = await t
      .http()
      .get('/api/users/names')
      .query({ ids: ids.join(',') })
      .set(bearer(reviewer.token))
      .expect(200);
    expect(res.body).toEqual(
      [sup, reviewer, low]
        .map(({ id, username }) => ({ id, username }))
        .sort((a, b) => a.username.localeCompare(b.username)),
    );
    await t.http().get('/api/users').set(bearer(reviewer.token)).expect(403);
    const many = Array.from(
      { length: 101 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    for (const [query, message] of [
      [{ ids: 'eb8cbdd5' }, /ids: each must be a user id/],
      [{ ids: many.join(',') }, /ids: at most 100 user ids/],
      [{}, /ids/],
    ] as const) {
      const refused = await t.http().get('/api/users/names').query(query).set(bearer(sup.token));
      expect(refused.status).toBe(400);
      expect((refused.body as ErrorBody).message).toMatch(message);
    }
  });

  it('follows a change of the document at once: its title, level and captions', async () => {
    const [target] = (await page(sup, { sort: 'document', limit: 1 })).items;
    const ds = await openDataSource(t.env);
    try {
      // However a document changes (a release lowers its level; a correction fixes its title),
      // the lists read the document as it is now.
      await ds.query(
        `UPDATE documents SET title = 'CRUISE MISSILE TALKS RENAMED', classification_rank = 1,
           current_classification = 'CONFIDENTIAL' WHERE id = $1`,
        [target!.documentId],
      );
      const seen = await page(low, { limit: 500 });
      expect(seen.items.map((r) => [r.id, r.documentTitle])).toEqual([
        [target!.id, 'CRUISE MISSILE TALKS RENAMED'],
      ]);
      expect((await page(sup, { q: 'renamed' })).items.map((r) => r.id)).toEqual([target!.id]);
      await ds.query(`UPDATE documents SET captions = '{NODIS}' WHERE id = $1`, [
        target!.documentId,
      ]);
      expect((await page(low, {})).total).toBe(0);
      expect((await page(sup, { q: 'renamed' })).total).toBe(0);
    } finally {
      await ds.destroy();
    }
  });

  it('keeps its totals exact under concurrent steps, each equal to a count of the reviews', async () => {
    // Twenty assignments at once, all moving reviews between the same two counters.
    const queued = await page(sup, { state: 'queued', limit: 20 });
    const before = await page(sup, { state: 'queued', limit: 1 });
    const answers = await Promise.all(
      queued.items.map((r) =>
        t
          .http()
          .post(`/api/reviews/${r.id}/events`)
          .set(bearer(sup.token))
          .send({ type: 'ASSIGN', assigneeId: reviewer.id, expectedVersion: r.version }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(queued.items.map(() => 200));
    expect((await page(sup, { state: 'queued', limit: 1 })).total).toBe(before.total - 20);
    const ds = await openDataSource(t.env);
    try {
      const key = 'state, assignee_id, kind, document_rank, document_captions';
      const kept = `SELECT ${key}, sum(n)::int FROM review_counts GROUP BY ${key} HAVING sum(n) <> 0`;
      const actual = `SELECT ${key}, count(*)::int FROM reviews GROUP BY ${key}`;
      const drift = await ds.query<unknown[]>(
        `(${kept} EXCEPT ${actual}) UNION ALL (${actual} EXCEPT ${kept})`,
      );
      expect(drift).toEqual([]);
      // What the supervisor may see: SECRET and below, no caption (an earlier test gives one
      // document NODIS, and its review may be one of the reviewer's).
      const counted = await ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM reviews r JOIN documents d ON d.id = r.document_id
          WHERE r.assignee_id = $1 AND d.classification_rank <= 2 AND d.captions = '{}'`,
        [reviewer.id],
      );
      expect((await page(sup, { assigneeId: reviewer.id })).total).toBe(counted[0]!.n);
    } finally {
      await ds.destroy();
    }
  });

  it('refuses a cursor it did not give out, or one given for another order', async () => {
    const first = await page(sup, { limit: 10, sort: 'document' });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ after: 'not-a-cursor' }, /after must be the "next" value of a page of this list/],
      [
        { after: Buffer.from('["due",false,"x","1"]').toString('base64url') },
        /after must be the "next" value/,
      ],
      [
        { sort: 'updated', after: first.next },
        /given out for the list sorted by document ascending, not by updated ascending/,
      ],
      [{ sort: 'document', order: 'desc', after: first.next }, /not by document descending/],
      [{ overdue: 'yes' }, /overdue must be a boolean/],
      [{ dueFrom: '2027-02-30' }, /dueFrom/],
      [{ sort: 'title' }, /sort must be one of/],
      [{ sort: 'state' }, /sort must be one of the following values: due, updated, document/],
      [{ offset: 100 }, /offset/],
    ];
    for (const [query, message] of cases) {
      const res = await t.http().get('/api/reviews').query(query).set(bearer(sup.token));
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect((res.body as ErrorBody).message).toMatch(message);
    }
  });

  it('counts a broad search only so far and says so, yet pages through every match', async () => {
    const ds = await openDataSource(t.env);
    try {
      await ds.query(
        `INSERT INTO documents (id, collection, document_number, title, document_date,
           original_classification, current_classification, classification_rank, content_hash)
         SELECT gen_random_uuid(), 'bulk', 'BULK' || lpad(i::text, 5, '0'), 'GRAIN SALES ' || i,
           '1977-01-01', 'SECRET', 'SECRET', 2, md5(i::text)
         FROM generate_series(1, 1005) AS i`,
      );
      await ds.query(
        `INSERT INTO reviews (id, document_id, kind, state, snapshot, machine_version, version)
         SELECT gen_random_uuid(), d.id, r.kind, r.state, r.snapshot, r.machine_version, 1
           FROM documents d, reviews r WHERE d.collection = 'bulk' AND r.id = $1`,
        [reviewIds[MANY - 2]],
      );
    } finally {
      await ds.destroy();
    }
    const broad = await page(sup, { q: 'grain sales', limit: 50 });
    expect(broad).toMatchObject({ total: 1_000, totalExact: false });
    expect(broad.items).toHaveLength(50);
    const every = (await walk(sup, { q: 'grain sales', limit: 500 })).flatMap((p) => p.items);
    expect(new Set(every.map((r) => r.id)).size).toBe(1_005);
    expect(await page(sup, { q: 'GRAIN SALES 1004' })).toMatchObject({
      total: 1,
      totalExact: true,
    });
    // A list that is not a search counts exactly, however long.
    expect(await page(sup, { state: 'queued', limit: 1 })).toMatchObject({ totalExact: true });
    // (Less the one whose document took a caption the supervisor lacks, above.)
    expect((await page(sup, { limit: 1 })).total).toBe(MANY + 1 + 1_005 - 1);
  });
});
