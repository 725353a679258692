import { startDesk, type Desk, type Person, type Tab } from './support/desk';

/**
 * A reviewer keeps a paragraph withheld but at a lower level and without the record's caption:
 * the review page records both, shows them again when reopened, and the approved marking says so.
 */
// Jest reads testTimeout from the global configuration only; browser steps need longer.
jest.setTimeout(120_000);

interface ReviewBody {
  id: string;
  version: number;
  downgradeTo: string | null;
  decaptions: string[];
  portions: { id: string; seq: number }[];
}

describe('downgrading and decaptioning on the review page in Chromium', () => {
  let desk: Desk;
  let chief: Person;
  let second: Person;
  let reviewer: Person;
  const tabs: Tab[] = [];

  beforeAll(async () => {
    desk = await startDesk('browser_downgrade');
    [chief, second, reviewer] = await Promise.all([
      desk.person('chief', ['supervisor'], 'SECRET', ['EXDIS']),
      desk.person('second', ['supervisor'], 'SECRET', ['EXDIS']),
      desk.person('reviewer', ['reviewer'], 'SECRET', ['EXDIS']),
    ]);
  });

  afterAll(async () => {
    await desk?.close();
  });

  it('records a lower level and the captions to remove, which the approved marking names', async () => {
    const doc = await desk.api<{ id: string }>(chief, 'POST', '/documents', {
      documentNumber: '1977STATE300002',
      title: 'CONSULTATIONS ON BASE RIGHTS',
      documentDate: '1977-06-16',
      originalClassification: 'SECRET',
      captions: ['EXDIS'],
      portions: [
        { text: 'The negotiating position on base rights.', classification: 'SECRET' },
        { text: 'The meeting lasted two hours.', classification: 'UNCLASSIFIED' },
      ],
    });
    const opened = await desk.api<ReviewBody>(chief, 'POST', `/documents/${doc.id}/reviews`, {
      kind: 'SYSTEMATIC',
    });
    await desk.api(chief, 'POST', `/reviews/${opened.id}/events`, {
      type: 'ASSIGN',
      assigneeId: reviewer.id,
      expectedVersion: opened.version,
    });

    const tab = await desk.open();
    tabs.push(tab);
    const { page } = tab;
    await desk.signIn(tab, reviewer);
    await page.goto(`${desk.baseUrl}/reviews/${opened.id}`);
    const panel = page.getByRole('region', { name: 'Level and captions' });
    await panel.getByLabel('Downgrade to').selectOption('CONFIDENTIAL');
    await panel.getByRole('button', { name: 'Record the level' }).click();
    await panel
      .getByRole('button', { name: 'Record the level' })
      .and(page.locator(':disabled'))
      .waitFor();
    await panel.getByLabel('EXDIS').check();
    await panel.getByRole('button', { name: 'Record the captions' }).click();
    await panel
      .getByRole('button', { name: 'Record the captions' })
      .and(page.locator(':disabled'))
      .waitFor();

    let review = await desk.api<ReviewBody>(reviewer, 'GET', `/reviews/${opened.id}`);
    expect([review.downgradeTo, review.decaptions]).toEqual(['CONFIDENTIAL', ['EXDIS']]);
    // Opened again, the page shows what is recorded.
    await page.reload();
    await expect(panel.getByLabel('Downgrade to').inputValue()).resolves.toBe('CONFIDENTIAL');
    await expect(panel.getByLabel('EXDIS').isChecked()).resolves.toBe(true);

    const [first, last] = review.portions;
    for (const event of [
      {
        type: 'DECIDE_PORTION',
        portionId: first!.id,
        action: 'EXEMPT',
        exemptions: ['25X6, 20271231'],
        justification: 'Negotiating position still shared with the other government',
      },
      { type: 'DECIDE_PORTION', portionId: last!.id, action: 'RELEASE' },
      { type: 'PROPOSE', determination: 'RELEASE_IN_PART' },
    ]) {
      review = await desk.api<ReviewBody>(reviewer, 'POST', `/reviews/${opened.id}/events`, {
        ...event,
        expectedVersion: review.version,
      });
    }
    await desk.api(second, 'POST', `/reviews/${opened.id}/events`, {
      type: 'APPROVE',
      expectedVersion: review.version,
    });
    await page.reload();
    const marking = page.getByTestId('release-copy').locator('.marking-line');
    await marking.waitFor();
    expect(await marking.textContent()).toMatch(
      /downgraded to CONFIDENTIAL, formerly .*decaptioned, formerly/,
    );
    expect(await page.getByRole('region', { name: 'Level and captions' }).count()).toBe(0);
    expect(tab.errors).toEqual([]);
  });
});
