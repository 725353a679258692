import { startDesk, type Desk, type Person, type Tab } from './support/desk';

/**
 * A reviewer who knows the document types faster than the server answers: the keys act on the
 * portions in order, each event goes with the version the one before got back, and the page
 * follows the answers (the release copy after Approve) without a reload.
 */
// Jest reads testTimeout from the global configuration only; browser steps need longer.
jest.setTimeout(120_000);

interface ReviewBody {
  id: string;
  version: number;
}

describe('typing ahead on the review page in Chromium', () => {
  let desk: Desk;
  let chief: Person;
  let reviewer: Person;
  const tabs: Tab[] = [];
  const PORTIONS = 4;

  beforeAll(async () => {
    desk = await startDesk('browser_typing');
    [chief, reviewer] = await Promise.all([
      desk.person('chief', ['supervisor']),
      desk.person('reviewer', ['reviewer']),
    ]);
  });

  afterAll(async () => {
    await desk?.close();
  });

  it('releases every portion typed ahead, in order, with no false conflict', async () => {
    const doc = await desk.api<{ id: string }>(chief, 'POST', '/documents', {
      documentNumber: '1977STATE300001',
      title: 'ROUTINE ADMINISTRATIVE TRAFFIC',
      documentDate: '1977-06-16',
      originalClassification: 'CONFIDENTIAL',
      portions: Array.from({ length: PORTIONS }, (_, i) => ({
        text: `Paragraph ${i + 1} of routine traffic.`,
        classification: 'CONFIDENTIAL',
      })),
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
    await page.getByRole('heading', { name: /^Portions/ }).waitFor();
    // Every key goes before any answer comes back.
    for (let i = 0; i < PORTIONS; i += 1) await page.keyboard.press('r');
    for (let seq = 1; seq <= PORTIONS; seq += 1) {
      await page
        .locator(`#portion-${seq} .portion-decision`)
        .getByText('Release', { exact: true })
        .waitFor();
    }
    await page.getByText(`${PORTIONS} of ${PORTIONS} portions decided`).waitFor();
    expect(await page.getByText(/Someone else changed this review/).count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    // The current portion and the keyboard focus are one thing: the last one decided.
    await expect(
      page.evaluate(() => document.activeElement?.closest('[id^="portion-"]')?.id),
    ).resolves.toBe(`portion-${PORTIONS}`);
    const review = await desk.api<{ version: number }>(reviewer, 'GET', `/reviews/${opened.id}`);
    expect(review.version).toBe(opened.version + 1 + PORTIONS);
    expect(tab.errors).toEqual([]);
  });
});
