import { startDesk, type Desk, type Person, type Tab } from './support/desk';

/**
 * A FOIA office in the desk: a new request of two records named by their numbers, its page with
 * the clock and the acknowledgment letter, an extension, the final response once the reviews
 * ended, an appeal; and the request queue past its first page.
 */
// Jest reads testTimeout from the global configuration only; browser steps need longer.
jest.setTimeout(180_000);

interface ReviewBody {
  id: string;
  version: number;
  portions: { id: string; seq: number }[];
}

interface RequestBody {
  id: string;
  number: string;
  dueOn: string;
  reviews: { id: string; documentId: string }[];
}

describe('requests in the desk in Chromium', () => {
  let desk: Desk;
  let officer: Person;
  let approver: Person;
  let reviewer: Person;
  let today: string;
  const tabs: Tab[] = [];

  beforeAll(async () => {
    desk = await startDesk('browser_requests');
    [officer, approver, reviewer] = await Promise.all([
      desk.person('officer', ['supervisor'], 'SECRET'),
      desk.person('approver', ['supervisor'], 'SECRET'),
      desk.person('reviewer', ['reviewer'], 'SECRET'),
    ]);
    today = (await desk.api<{ agency: { today: string } }>(officer, 'GET', '/auth/me')).agency
      .today;
  });

  afterAll(async () => {
    await desk?.close();
  });

  const cable = (n: number) =>
    desk.api<{ id: string; documentNumber: string }>(officer, 'POST', '/documents', {
      documentNumber: `1977STATE40000${n}`,
      title: `CABLE ${n} ON BASE RIGHTS`,
      documentDate: '1977-06-16',
      originalClassification: 'SECRET',
      portions: [
        { text: 'The negotiating position on base rights.', classification: 'SECRET' },
        { text: 'The meeting lasted two hours.', classification: 'UNCLASSIFIED' },
      ],
    });

  /** Decides the review through the API: all released, or the first portion withheld. */
  const finish = async (reviewId: string, withhold: boolean) => {
    const review = await desk.api<ReviewBody>(officer, 'POST', `/reviews/${reviewId}/events`, {
      type: 'ASSIGN',
      assigneeId: reviewer.id,
    });
    for (const p of review.portions) {
      await desk.api<ReviewBody>(reviewer, 'POST', `/reviews/${reviewId}/events`, {
        type: 'DECIDE_PORTION',
        portionId: p.id,
        ...(withhold && p.seq === 1
          ? {
              action: 'EXEMPT',
              exemptions: ['25X6, 20271231'],
              justification: 'A negotiating position still shared with the other government.',
            }
          : { action: 'RELEASE' }),
      });
    }
    await desk.api(reviewer, 'POST', `/reviews/${reviewId}/events`, {
      type: 'PROPOSE',
      determination: withhold ? 'RELEASE_IN_PART' : 'RELEASE_IN_FULL',
    });
    await desk.api(approver, 'POST', `/reviews/${reviewId}/events`, { type: 'APPROVE' });
  };

  it('opens a request from the form, extends it, answers it and records an appeal', async () => {
    const [a, b] = [await cable(1), await cable(2)];
    const tab = await desk.open();
    tabs.push(tab);
    const { page } = tab;
    await desk.signIn(tab, officer);
    await page.goto(`${desk.baseUrl}/requests`);
    const form = page.getByRole('form', { name: 'New request' });
    await form.getByLabel('Requester').fill('Jane Doe');
    await form.getByLabel('Organisation').fill('National Security Archive');
    await form.getByLabel('Received on').fill(today);
    await form.getByLabel('Description').fill('Cables on base rights');
    await form.getByLabel(/^Records/).fill(`${a.documentNumber}\n${b.documentNumber}`);
    await form.getByRole('button', { name: 'Open request' }).click();

    const heading = page.getByRole('heading', { level: 1 });
    await heading.filter({ hasText: /^F-\d{4}-\d{5}/ }).waitFor();
    const id = page.url().split('/').pop()!;
    let request = await desk.api<RequestBody>(officer, 'GET', `/requests/${id}`);
    expect(await heading.textContent()).toContain(request.number);
    const records = page.getByRole('link', { name: /^1977STATE40000/ });
    expect((await records.allTextContents()).sort()).toEqual(
      [a.documentNumber, b.documentNumber].sort(),
    );
    await page
      .getByRole('list', { name: 'How the due date was computed' })
      .getByText(/20 working days/)
      .waitFor();

    await page.getByRole('button', { name: 'Read' }).first().click();
    await page
      .getByLabel('Acknowledgment letter')
      .getByText(`assigned number ${request.number}`)
      .waitFor();

    const extend = page.getByRole('form', { name: 'Extend' });
    await extend.getByLabel(/unusual circumstances/).fill('Records held in a field office');
    await extend.getByRole('button', { name: 'Extend' }).click();
    await page.getByText(/^Extension/).waitFor();
    const extended = await desk.api<RequestBody>(officer, 'GET', `/requests/${id}`);
    expect(extended.dueOn > request.dueOn).toBe(true);

    request = extended;
    await finish(request.reviews.find((r) => r.documentId === a.id)!.id, false);
    await finish(request.reviews.find((r) => r.documentId === b.id)!.id, true);
    await page.reload();
    await page.getByRole('button', { name: 'Send the final response' }).click();
    await page.getByText(/^Granted in part on/).waitFor();
    await page.getByRole('button', { name: 'Read' }).last().click();
    await page
      .getByLabel('Final response letter')
      .getByText(`${b.documentNumber}: released in part, withheld under 25X6`)
      .waitFor();

    const appeal = page.getByRole('form', { name: 'Record an appeal' });
    await appeal.getByLabel('Received on').fill(today);
    await appeal.getByLabel('Grounds').fill('The paragraph is older than 25 years');
    await appeal.getByRole('button', { name: 'Record the appeal' }).click();
    await heading.filter({ hasText: /^A-\d{4}-\d{5}/ }).waitFor();
    await page.getByRole('link', { name: request.number }).waitFor();
    expect(await records.allTextContents()).toEqual([b.documentNumber]);
  });

  it('pages the request queue past its first page', async () => {
    for (let i = 0; i < 51; i++) {
      await desk.api<RequestBody>(officer, 'POST', '/requests', {
        kind: 'FOIA',
        requester: { name: `Requester ${i}` },
        receivedOn: today,
        description: 'Anything on base rights',
        documentIds: [],
      });
    }
    const { total } = await desk.api<{ total: number }>(
      officer,
      'GET',
      '/requests?state=open&limit=1',
    );
    const tab = await desk.open();
    tabs.push(tab);
    const { page } = tab;
    await desk.signIn(tab, reviewer);
    await page.goto(`${desk.baseUrl}/requests`);
    await page.getByText(`1–50 of ${total}`).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(50);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText(`51–${total} of ${total}`).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(total - 50);
    // A reviewer reads requests but does not open them.
    expect(await page.getByRole('form', { name: 'New request' }).count()).toBe(0);
  });
});
