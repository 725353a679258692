import { startDesk, unnamedControls, type Desk, type Person, type Tab } from './support/desk';

/**
 * The desk's review lists on more reviews than one page holds: every page reachable, the true
 * total shown, titles and names on every row, and search answered by the server.
 */
// Jest reads testTimeout from the global configuration only; browser steps need longer.
jest.setTimeout(180_000);

interface ReviewBody {
  id: string;
  version: number;
  portions: { id: string }[];
}

describe('review lists past one page in Chromium', () => {
  let desk: Desk;
  let chief: Person;
  let approver: Person;
  let reviewer: Person;
  let auditor: Person;
  const tabs: Tab[] = [];
  const MANY = 63;
  const ASSIGNED = 56;
  const titleOf = (i: number) => `CRUISE MISSILE TALKS ROUND ${String(i).padStart(3, '0')}`;
  let releasedId = '';

  const open = async () => {
    const tab = await desk.open();
    tabs.push(tab);
    return tab;
  };
  const event = (who: Person, review: ReviewBody, body: Record<string, unknown>) =>
    desk.api<ReviewBody>(who, 'POST', `/reviews/${review.id}/events`, {
      ...body,
      expectedVersion: review.version,
    });

  beforeAll(async () => {
    desk = await startDesk('browser_lists');
    [chief, approver, reviewer, auditor] = await Promise.all([
      desk.person('chief', ['supervisor']),
      desk.person('approver', ['supervisor']),
      desk.person('reviewer', ['reviewer']),
      desk.person('auditor', ['auditor']),
    ]);
    const reviews: ReviewBody[] = [];
    for (let i = 0; i < MANY; i += 1) {
      const document = await desk.api<{ id: string }>(chief, 'POST', '/documents', {
        documentNumber: `1977STATE${String(200_000 + i)}`,
        title: titleOf(i),
        documentDate: '1977-06-16',
        originalClassification: 'CONFIDENTIAL',
        portions: [{ text: `Round ${i} of the talks.`, classification: 'CONFIDENTIAL' }],
      });
      const review = await desk.api<ReviewBody>(
        chief,
        'POST',
        `/documents/${document.id}/reviews`,
        {
          kind: 'SYSTEMATIC',
        },
      );
      reviews.push(
        i < ASSIGNED
          ? await event(chief, review, { type: 'ASSIGN', assigneeId: reviewer.id })
          : review,
      );
    }
    // One goes all the way to release, decided and proposed by the reviewer, approved by another.
    let done = reviews[0]!;
    done = await event(reviewer, done, {
      type: 'DECIDE_PORTION',
      portionId: done.portions[0]!.id,
      action: 'RELEASE',
    });
    done = await event(reviewer, done, { type: 'PROPOSE', determination: 'RELEASE_IN_FULL' });
    done = await event(approver, done, { type: 'APPROVE' });
    releasedId = done.id;
  });

  afterAll(async () => {
    await desk?.close();
  });

  it('pages the open reviews on the server, with the true total and every title', async () => {
    const tab = await open();
    const { page } = tab;
    await desk.signIn(tab, chief);
    await page.getByRole('link', { name: 'Open reviews' }).click();
    await page.getByRole('heading', { level: 1, name: 'Open reviews' }).waitFor();
    const openCount = MANY - 1; // one was released
    await page.getByText(`1–50 of ${openCount}`).waitFor();
    const table = page.getByRole('table', { name: 'Open reviews' });
    const titles = () => table.locator('td[data-label="Title"]').allTextContents();
    const first = await titles();
    expect(first).toHaveLength(50);
    expect(first.every((t) => /^CRUISE MISSILE TALKS ROUND \d{3}$/.test(t))).toBe(true);
    // Moments read in the agency's time zone (Washington by default), not in UTC.
    const updated = await table.locator('td[data-label="Updated"]').first().textContent();
    expect(updated).toMatch(/^\d{1,2} \w{3} \d{4} \d{2}:\d{2} E[SD]T$/);

    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText(`51–${openCount} of ${openCount}`).waitFor();
    const second = await titles();
    expect(second).toHaveLength(openCount - 50);
    expect(second.filter((t) => first.includes(t))).toEqual([]);
    expect(new Set([...first, ...second]).size).toBe(openCount);
    await expect(page.getByRole('button', { name: 'Next page' }).isDisabled()).resolves.toBe(true);

    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText(`1–50 of ${openCount}`).waitFor();
    expect(await titles()).toEqual(first);

    // Sorting by document number asks the server for that order, over all the pages.
    await page.getByRole('button', { name: 'Sort by Document' }).click();
    await page.getByText(`1–50 of ${openCount}`).waitFor();
    await table.getByRole('link', { name: '1977STATE200001' }).waitFor();
    const numbers = await table.locator('td[data-label="Document"]').allTextContents();
    expect(numbers).toEqual([...numbers].sort());
    expect(await unnamedControls(page)).toEqual([]);
    expect(tab.errors).toEqual([]);
  });

  it('shows the reviewer their whole queue and finds a review by its title words', async () => {
    const tab = await open();
    const { page } = tab;
    await desk.signIn(tab, reviewer);
    await page.getByRole('heading', { level: 1, name: 'My queue' }).waitFor();
    const queued = ASSIGNED - 1;
    await page.getByText(`1–50 of ${queued}`).waitFor();
    const table = page.getByRole('table', { name: 'My queue' });
    const assignees = await table.locator('td[data-label="Assignee"]').allTextContents();
    expect(new Set(assignees)).toEqual(new Set([reviewer.username]));

    await page.getByLabel('Find').fill('round 054');
    await page.getByText('1–1 of 1').waitFor();
    await expect(table.locator('td[data-label="Title"]').allTextContents()).resolves.toEqual([
      titleOf(54),
    ]);
    await page.getByLabel('Find').fill('no such subject');
    await page.getByText('No review matches these filters.').waitFor();
    expect(tab.errors).toEqual([]);
  });

  it('names who proposed and who approved to a user who may not list the users', async () => {
    const tab = await open();
    const { page } = tab;
    await desk.signIn(tab, auditor);
    await page.goto(`${desk.baseUrl}/reviews/${releasedId}`);
    await page
      .locator('.summary')
      .filter({
        hasText: `assigned to ${reviewer.username} · proposed by ${reviewer.username} · approved by ${approver.username}`,
      })
      .waitFor();
    expect(await page.getByText(/user [0-9a-f]{8}/).count()).toBe(0);
    expect(tab.errors).toEqual([]);
  });
});
