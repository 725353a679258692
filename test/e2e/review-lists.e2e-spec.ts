import { bearer, startTestApp, type TestApp } from '../support/harness';
import {
  accept,
  openReview,
  person,
  registerDocument,
  type ErrorBody,
  type Person,
  type ReviewBody,
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
    const res = await t
      .http()
      .post(`/api/documents/${late.id}/reviews`)
      .set(bearer(sup.token))
      .send({
        kind: 'FOIA',
        receivedOn: new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10),
      });
    expect(res.status).toBe(201);
    overdueId = (res.body as ReviewBody).id;
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
    expect(seen).toEqual({ items: [], total: 0, next: null });
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
      [{ offset: 100 }, /offset/],
    ];
    for (const [query, message] of cases) {
      const res = await t.http().get('/api/reviews').query(query).set(bearer(sup.token));
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect((res.body as ErrorBody).message).toMatch(message);
    }
  });
});
