import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startDesk, type Desk, type Person, type Tab } from './support/desk';

/**
 * An imported State Department cable keeps the history it came with: the auditor's disposition
 * history opens with it, before the events declass recorded.
 */
// Jest reads testTimeout from the global configuration only; browser steps need longer.
jest.setTimeout(120_000);

describe('the imported history on the auditor’s page in Chromium', () => {
  let desk: Desk;
  let chief: Person;
  let auditor: Person;
  const tabs: Tab[] = [];

  beforeAll(async () => {
    desk = await startDesk('browser_imported');
    [chief, auditor] = await Promise.all([
      desk.person('chief', ['supervisor'], 'TOP SECRET', ['EXDIS', 'NODIS']),
      desk.person('auditor', ['auditor'], 'TOP SECRET', ['EXDIS', 'NODIS']),
    ]);
  });

  afterAll(async () => {
    await desk?.close();
  });

  it('shows what the record’s own history said, first, then the events of declass', async () => {
    const cable = readFileSync(
      join(ROOT, 'test', 'fixtures', 'cables', '1976STATE900101.txt'),
      'utf8',
    );
    const res = await fetch(`${desk.baseUrl}/api/documents/import?fileName=1976STATE900101.txt`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${chief.token}` },
      body: cable,
    });
    expect(res.status).toBe(201);
    const { document } = (await res.json()) as { document: { id: string } };

    const tab = await desk.open();
    tabs.push(tab);
    const { page } = tab;
    await desk.signIn(tab, auditor);
    await page.goto(`${desk.baseUrl}/audit/documents/${document.id}`);
    const before = page.getByRole('list', { name: 'Before declass' });
    await before.waitFor();
    const entries = await before.getByRole('listitem').allTextContents();
    expect(entries.some((e) => /^2008-06-16.*oner RELEASED/.test(e))).toBe(true);
    expect(entries.some((e) => /^2008-06-18.*twot APPROVED/.test(e))).toBe(true);
    // The imported history comes first, then the timeline of what declass recorded.
    const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(headings.indexOf('Before declass')).toBeLessThan(headings.indexOf('Timeline'));
    expect(headings.indexOf('Before declass')).toBeGreaterThanOrEqual(0);
    expect(tab.errors).toEqual([]);
  });
});
