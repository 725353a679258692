import { startDesk, type Desk, type Person, type Tab } from './support/desk';

/**
 * The annual report in the desk: an expedite ask decided on the request page, then the report's
 * tables and chart counting it and a closed request, and the CSV downloaded.
 */
jest.setTimeout(180_000);

describe('the annual FOIA report in the desk in Chromium', () => {
  let desk: Desk;
  let officer: Person;
  let today: string;
  const tabs: Tab[] = [];

  beforeAll(async () => {
    desk = await startDesk('browser_annual_report');
    officer = await desk.person('officer', ['supervisor'], 'SECRET');
    today = (await desk.api<{ agency: { today: string } }>(officer, 'GET', '/auth/me')).agency
      .today;
  });

  afterAll(async () => {
    await desk?.close();
  });

  const open = (body: Record<string, unknown>) =>
    desk.api<{ id: string; number: string }>(officer, 'POST', '/requests', {
      kind: 'FOIA',
      requester: { name: 'Jane Doe' },
      receivedOn: today,
      description: 'Cables on base rights',
      documentIds: [],
      ...body,
    });

  it('decides an expedite ask on the request page, and the report counts it, draws it and exports it', async () => {
    const expedited = await open({ track: 'expedited', feeWaiverRequested: true });
    const empty = await open({});
    await desk.api(officer, 'POST', `/requests/${empty.id}/events`, {
      type: 'CLOSE',
      reason: 'NO_RECORDS',
    });

    const tab = await desk.open();
    tabs.push(tab);
    const { page } = tab;
    await desk.signIn(tab, officer);
    await page.goto(`${desk.baseUrl}/requests/${expedited.id}`);
    const decide = page.getByRole('form', { name: 'Decide: Expedited processing' });
    await decide.getByLabel('Why').fill('An imminent threat to life');
    await decide.getByRole('button', { name: 'Grant' }).click();
    await page
      .getByRole('list', { name: 'Asks' })
      .getByText(/Expedited processing, asked .*: granted/)
      .waitFor();
    await page
      .getByRole('list', { name: 'Asks' })
      .getByText(/Fee waiver, asked .*: not decided/)
      .waitFor();

    await page.getByRole('link', { name: 'Annual report' }).click();
    const flow = page.getByRole('table', { name: 'Requests received, processed and pending' });
    await flow.waitFor();
    expect(
      await flow
        .getByRole('row', { name: /^Received/ })
        .getByRole('cell')
        .textContent(),
    ).toBe('2');
    expect(
      await flow
        .getByRole('row', { name: /^Processed/ })
        .getByRole('cell')
        .textContent(),
    ).toBe('1');
    const dispositions = page.getByRole('table', { name: 'Dispositions' });
    expect(
      await dispositions
        .getByRole('row', { name: /^No records/ })
        .getByRole('cell')
        .textContent(),
    ).toBe('1');
    const chart = page.getByRole('img', { name: 'Dispositions of the requests processed' });
    expect(await chart.locator('rect').count()).toBeGreaterThan(3);
    const expedite = page.getByRole('table', { name: 'Expedited processing' });
    expect(
      await expedite
        .getByRole('row', { name: /^Granted/ })
        .getByRole('cell')
        .textContent(),
    ).toBe('1');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^foia-annual-\d{4}\.csv$/);
  });
});
