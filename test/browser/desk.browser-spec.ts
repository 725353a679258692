import { readFileSync } from 'node:fs';
import {
  screenshot,
  startDesk,
  unexpected,
  unnamedControls,
  type Desk,
  type Person,
  type Tab,
} from './support/desk';

/**
 * The reviewer's desk in a real browser: each role signs in, a document goes through its whole
 * lifecycle by clicks and keys alone, the auditor reads and exports its history, and what a
 * person may not do or see stays out of reach.
 */
// Jest reads testTimeout from the global configuration only; browser steps need longer.
jest.setTimeout(120_000);

describe('the reviewer’s desk in Chromium', () => {
  let desk: Desk;
  let chief: Person; // supervisor who registers and assigns
  let approver: Person; // a second supervisor, who approves
  let reviewer: Person;
  let junior: Person; // a reviewer without the EXDIS caveat and only CONFIDENTIAL
  let auditor: Person;
  let admin: Person;
  const tabs: Tab[] = [];
  const NUMBER = '1977STATE139375';
  let documentId = '';
  let reviewId = '';

  const open = async (viewport?: { width: number; height: number }) => {
    const tab = await desk.open(viewport);
    tabs.push(tab);
    return tab;
  };

  beforeAll(async () => {
    desk = await startDesk('browser_desk');
    [chief, approver, reviewer, junior, auditor, admin] = await Promise.all([
      desk.person('chief', ['supervisor'], 'TOP SECRET', ['EXDIS', 'NODIS']),
      desk.person('approver', ['supervisor'], 'SECRET', ['EXDIS']),
      desk.person('reviewer', ['reviewer'], 'SECRET', ['EXDIS']),
      desk.person('junior', ['reviewer'], 'CONFIDENTIAL'),
      desk.person('auditor', ['auditor'], 'TOP SECRET', ['EXDIS', 'NODIS']),
      desk.person('admin', ['admin'], 'TOP SECRET', ['EXDIS', 'NODIS']),
    ]);
  });

  afterAll(async () => {
    await desk?.close();
  });

  it('signs in each role and opens its start page', async () => {
    const tab = await open();
    await tab.page.goto(`${desk.baseUrl}/`);
    await tab.page.getByRole('heading', { name: 'Sign in to declass' }).waitFor();
    expect(await unnamedControls(tab.page)).toEqual([]);
    await screenshot(tab.page, '01-login');

    await tab.page.getByLabel('Username').fill('reviewer');
    await tab.page.getByLabel('Password').fill('not the password');
    await tab.page.getByRole('button', { name: 'Sign in' }).click();
    await expect(tab.page.getByRole('alert').textContent()).resolves.toMatch(
      /^You are not signed in: /,
    );
    expect(unexpected(tab.errors, [401])).toEqual([]);

    const starts: [Person, string][] = [
      [reviewer, 'My queue'],
      [chief, 'Approval inbox'],
      [auditor, 'Audit'],
      [admin, 'Documents'],
    ];
    for (const [who, heading] of starts) {
      const t = await open();
      await desk.signIn(t, who);
      await t.page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
      expect(t.errors).toEqual([]);
    }
  });

  it('lets a supervisor register a document, open a review and assign it', async () => {
    const tab = await open();
    const { page } = tab;
    await desk.signIn(tab, chief);
    await page.getByRole('link', { name: 'Documents', exact: true }).click();
    await page.getByRole('button', { name: 'Register a document' }).click();
    await page.getByLabel('Document number').fill(NUMBER);
    await page.getByLabel('Document date').fill('1977-06-16');
    await page.getByLabel('Title / subject').fill('SALT TWO: SOVIET POSITION ON CRUISE MISSILES');
    await page.getByLabel('TAGS').fill('PARM, PFOR, UR');
    await page.getByLabel('E.O. line (classification authority)').fill('E.O. 11652: XGDS-1');
    await page.getByRole('checkbox', { name: 'EXDIS' }).check();
    const portions: [string, string][] = [
      ['UNCLASSIFIED', 'The delegation met the Soviet side on 15 June.'],
      ['SECRET', 'The Soviet side would accept a 600 km range limit on cruise missiles.'],
      ['CONFIDENTIAL', 'The next round is planned for Geneva in July.'],
    ];
    for (const [i, [classification, text]] of portions.entries()) {
      if (i > 0) await page.getByRole('button', { name: 'Add a portion' }).click();
      await page.getByLabel(`Marking of portion ${i + 1}`).selectOption(classification);
      await page.getByLabel(`Text of portion ${i + 1}`).fill(text);
    }
    expect(await unnamedControls(page)).toEqual([]);
    await screenshot(page, '02-register-document', true);
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(NUMBER) }).waitFor();
    documentId = page.url().split('/documents/')[1]!;
    await expect(page.getByText('SECRET').first().isVisible()).resolves.toBe(true);

    await page.getByLabel('Review kind').selectOption('SYSTEMATIC');
    await page.getByRole('button', { name: 'Open a review' }).click();
    await page.getByTestId('review-state').filter({ hasText: 'Queued' }).waitFor();
    reviewId = page.url().split('/reviews/')[1]!;

    await page.getByLabel('Assign to').selectOption(reviewer.id);
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByTestId('review-state').filter({ hasText: 'In review' }).waitFor();
    await expect(page.getByText(`assigned to ${reviewer.username}`).isVisible()).resolves.toBe(
      true,
    );
    expect(tab.errors).toEqual([]);
  });

  it('lets the reviewer decide every portion from the keyboard, see the release copy and propose', async () => {
    const tab = await open();
    const { page } = tab;
    await desk.signIn(tab, reviewer);
    await page.getByRole('heading', { name: 'My queue' }).waitFor();
    await page.getByRole('row', { name: new RegExp(NUMBER) }).waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    await screenshot(page, '03-reviewer-queue');
    await page.getByRole('link', { name: NUMBER }).click();
    await page.getByRole('heading', { name: /^Portions/ }).waitFor();

    // ? shows the shortcuts; Escape closes them.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    // The browser may run the dialog's close event after keys typed next (input is served first
    // on a busy machine); hold it back for a second so the keys below come before it every time.
    await page.evaluate(() => {
      const dialog = document.querySelector('dialog')!;
      const late = (e: Event) => {
        e.stopImmediatePropagation();
        setTimeout(() => dialog.dispatchEvent(new Event('close')), 1_000);
      };
      dialog.addEventListener('close', late, { capture: true, once: true });
    });
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // k/j move between portions; r releases the current one and moves on.
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('r');
    await page
      .locator('#portion-1 .portion-decision')
      .getByText('Release', { exact: true })
      .waitFor();
    await page.locator('#portion-2[aria-current="true"]').waitFor();

    // e opens the code picker on portion 2: only codes valid for this 1977 record, with meanings.
    await page.keyboard.press('e');
    const editor = page.locator('#portion-2').getByRole('form', { name: 'Exemption' });
    await editor.getByLabel('Filter codes').fill('25X6');
    await editor.getByRole('checkbox', { name: /25X6/ }).check();
    expect(await editor.getByRole('checkbox').count()).toBe(1);
    await editor.getByLabel('Declassify on (date for 25X6)').fill('2020-12-31');
    await editor
      .getByLabel('Justification')
      .fill('The negotiating position is still shared with the other government.');
    await screenshot(page, '04-exemption-picker');
    await editor.getByRole('button', { name: 'Exempt portion 2' }).click();
    // The server refuses a date in the past; the reason appears next to the form that sent it.
    await expect(editor.getByRole('alert').textContent()).resolves.toMatch(
      /^A rule was not met: 25X6: the date 2020-12-31 has already passed/,
    );
    await editor.getByLabel('Declassify on (date for 25X6)').fill('2027-12-31');
    await editor.getByRole('button', { name: 'Exempt portion 2' }).click();
    await page
      .locator('#portion-2 .portion-decision')
      .getByText('Exempt: 25X6, 20271231')
      .waitFor();

    await page.locator('#portion-3[aria-current="true"]').waitFor();
    await page.keyboard.press('r');
    await page
      .locator('#portion-3 .portion-decision')
      .getByText('Release', { exact: true })
      .waitFor();

    const preview = page.getByTestId('release-preview');
    await expect(preview.getByRole('note').textContent()).resolves.toBe('WITHHELD: 25X6, 20271231');
    await expect(preview.textContent()).resolves.toContain(
      'The delegation met the Soviet side on 15 June.',
    );
    await expect(preview.textContent()).resolves.not.toContain('600 km');
    expect(await unnamedControls(page)).toEqual([]);
    await screenshot(page, '05-review-reviewer', true);

    // p goes to Propose, with the determination the decisions call for; Enter proposes.
    await page.keyboard.press('p');
    await expect(page.getByRole('combobox', { name: /^Determination/ }).inputValue()).resolves.toBe(
      'RELEASE_IN_PART',
    );
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Propose');
    await page.keyboard.press('Enter');
    await page.getByTestId('review-state').filter({ hasText: 'Pending approval' }).waitFor();
    expect(unexpected(tab.errors, [422])).toEqual([]);
  });

  it('gives a reviewer no Approve control, and shows the refusal when one is forced', async () => {
    const tab = await open();
    const { page } = tab;
    await desk.signIn(tab, reviewer);
    await page.goto(`${desk.baseUrl}/reviews/${reviewId}`);
    await page.getByTestId('review-state').filter({ hasText: 'Pending approval' }).waitFor();
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(tab.errors).toEqual([]);

    // A tampered client that believes the reviewer is a supervisor still meets the server's rule.
    await tab.context.route('**/api/auth/me', async (route) => {
      const res = await route.fetch();
      const me = (await res.json()) as { roles: string[] };
      await route.fulfill({ response: res, json: { ...me, roles: [...me.roles, 'supervisor'] } });
    });
    await page.reload();
    await page.getByRole('button', { name: 'Approve' }).click();
    const refusal = page.getByRole('region', { name: 'Supervisor' }).getByRole('alert');
    await expect(refusal.textContent()).resolves.toBe(
      'Not allowed: Only a supervisor may do this; you are reviewer',
    );
    await page.getByTestId('review-state').filter({ hasText: 'Pending approval' }).waitFor();
    expect(unexpected(tab.errors, [403])).toEqual([]);
  });

  it('lets a second supervisor see who decided what and approve; the release copy follows', async () => {
    const tab = await open();
    const { page } = tab;
    await desk.signIn(tab, approver);
    await page.getByRole('heading', { name: 'Approval inbox' }).waitFor();
    await page.getByRole('row', { name: new RegExp(NUMBER) }).waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    await screenshot(page, '06-approval-inbox');
    await page.getByRole('link', { name: NUMBER }).click();
    await page.getByRole('heading', { name: /^Portions/ }).waitFor();
    const second = page.locator('#portion-2');
    await expect(second.textContent()).resolves.toContain(`by ${reviewer.username},`);
    await expect(second.textContent()).resolves.toContain(
      'The negotiating position is still shared',
    );
    await expect(page.getByText(`proposed by ${reviewer.username}`).isVisible()).resolves.toBe(
      true,
    );
    expect(await unnamedControls(page)).toEqual([]);
    await screenshot(page, '07-review-supervisor', true);

    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByTestId('review-state').filter({ hasText: 'Released' }).waitFor();
    // The answer to Approve brings the release copy, without a reload.
    const copy = page.getByTestId('release-copy');
    await copy.waitFor();
    await expect(copy.textContent()).resolves.toContain(
      'Declassified/Released in Part E.O. 13526 §3.4 Systematic Review',
    );
    await expect(copy.getByRole('note').textContent()).resolves.toBe('WITHHELD: 25X6, 20271231');
    // The former level is struck by the page, not by combining overlays some fonts draw as dashes.
    const marking = copy.locator('.marking-line');
    await expect(marking.textContent()).resolves.toMatch(/; formerly SECRET; withheld under/);
    await expect(marking.locator('s').textContent()).resolves.toBe('SECRET');
    // The lifecycle shows where the review is now.
    await page
      .getByTestId('lifecycle-diagram')
      .locator('[data-state="released"][aria-current="step"]')
      .waitFor();
    await screenshot(page, '08-review-released', true);
    expect(tab.errors).toEqual([]);
  });

  it('lets the auditor read the disposition history as a timeline and export it', async () => {
    const tab = await open();
    const { page } = tab;
    await desk.signIn(tab, auditor);
    await page.getByRole('heading', { name: 'Audit', exact: true }).waitFor();
    await page.getByLabel('Document number or title').fill(NUMBER);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('link', { name: `History of ${NUMBER}` }).click();
    await page.getByRole('heading', { name: /Disposition history/ }).waitFor();

    const timeline = page.getByRole('list', { name: `Audit events for ${NUMBER}` });
    const actions = await timeline
      .locator('li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-action')));
    const steps = [
      'DOCUMENT_REGISTERED',
      'REVIEW_CREATED',
      'ASSIGN',
      'DECIDE_PORTION',
      'PROPOSE',
      'APPROVE',
    ];
    expect(actions).toContain('DOCUMENT_READ');
    expect(actions.filter((a) => steps.includes(a!))).toEqual([
      'DOCUMENT_REGISTERED',
      'REVIEW_CREATED',
      'ASSIGN',
      'DECIDE_PORTION',
      'DECIDE_PORTION',
      'DECIDE_PORTION',
      'PROPOSE',
      'APPROVE',
    ]);
    await expect(timeline.textContent()).resolves.toContain('¶2: EXEMPT under 25X6, 20271231');
    await expect(page.getByText(`approved by ${approver.username}`).isVisible()).resolves.toBe(
      true,
    );
    expect(await unnamedControls(page)).toEqual([]);
    await screenshot(page, '09-audit-history', true);

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe(`${NUMBER}-history.csv`);
    const csvText = readFileSync(await csv.path(), 'utf8');
    expect(csvText.split('\n')[0]).toMatch(/^seq,occurredAt,actorId,actorUsername,action,/);
    expect(csvText).toContain(',APPROVE,');

    // The export page: filter by the review, download NDJSON.
    await page.getByRole('link', { name: 'Audit', exact: true }).click();
    await page.getByLabel('Review id').fill(reviewId);
    await page.getByRole('radio', { name: 'NDJSON' }).check();
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('table', { name: 'Audit events' }).waitFor();
    const [ndjson] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download NDJSON' }).click(),
    ]);
    const lines = readFileSync(await ndjson.path(), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; reviewId: string; actorUsername: string });
    expect(lines.every((l) => l.reviewId === reviewId)).toBe(true);
    expect(lines.map((l) => l.action).filter((a) => steps.includes(a))).toEqual([
      'REVIEW_CREATED',
      'ASSIGN',
      'DECIDE_PORTION',
      'DECIDE_PORTION',
      'DECIDE_PORTION',
      'PROPOSE',
      'APPROVE',
    ]);
    expect(lines.at(-1)!.actorUsername).toBe(approver.username);

    // Verification: offered when the server has it, said to be missing otherwise.
    const verify = page.getByRole('region', { name: 'Verify the audit chain' });
    await verify
      .getByText(/not available yet|Verify now/)
      .first()
      .waitFor();
    if (await verify.getByRole('button', { name: 'Verify now' }).count()) {
      await verify.getByRole('button', { name: 'Verify now' }).click();
      await expect(verify.getByRole('status').textContent()).resolves.toMatch(
        /^The audit trail is intact\. Checked \d+ events/,
      );
    } else {
      await verify.getByTestId('verify-unavailable').waitFor();
    }
    expect(await unnamedControls(page)).toEqual([]);
    await screenshot(page, '10-audit-export', true);
    expect(tab.errors).toEqual([]);
  });

  it('never shows a user a document whose caption they lack, not even by its address', async () => {
    const captioned = await desk.api<{ id: string }>(chief, 'POST', '/documents', {
      documentNumber: '1975STATE000777',
      title: 'EXDIS CABLE ON A VISIT',
      documentDate: '1975-04-02',
      originalClassification: 'CONFIDENTIAL',
      captions: ['EXDIS'],
      portions: [{ text: 'Only for EXDIS readers.', classification: 'CONFIDENTIAL' }],
    });
    const plain = await desk.api<{ id: string }>(chief, 'POST', '/documents', {
      documentNumber: '1975STATE000778',
      title: 'ROUTINE CABLE ON A VISIT',
      documentDate: '1975-04-02',
      originalClassification: 'CONFIDENTIAL',
      portions: [{ text: 'For any cleared reader.', classification: 'CONFIDENTIAL' }],
    });
    const hiddenReview = await desk.api<{ id: string }>(
      chief,
      'POST',
      `/documents/${captioned.id}/reviews`,
      { kind: 'SYSTEMATIC' },
    );
    await desk.api(chief, 'POST', `/documents/${plain.id}/reviews`, { kind: 'SYSTEMATIC' });

    const tab = await open();
    const { page } = tab;
    await desk.signIn(tab, junior);
    await page.getByRole('link', { name: 'Unassigned' }).click();
    await page.getByRole('row', { name: /1975STATE000778/ }).waitFor();
    expect(await page.getByText('1975STATE000777').count()).toBe(0);
    await page.getByRole('link', { name: 'Documents', exact: true }).click();
    await page.getByRole('link', { name: '1975STATE000778' }).waitFor();
    expect(await page.getByText('1975STATE000777').count()).toBe(0);
    expect(await page.getByText(NUMBER).count()).toBe(0);

    for (const path of [
      `/reviews/${hiddenReview.id}`,
      `/documents/${captioned.id}`,
      `/reviews/${reviewId}`,
      `/documents/${documentId}`,
    ]) {
      await page.goto(`${desk.baseUrl}${path}`);
      await page.getByRole('heading', { name: 'Not found' }).waitFor();
      expect(await page.getByText('1975STATE000777').count()).toBe(0);
      expect(await page.getByText('EXDIS CABLE').count()).toBe(0);
    }
    expect(unexpected(tab.errors, [404])).toEqual([]);
  });

  it('refers a portion to an agency, records its answer, and returns a proposal with a comment', async () => {
    const doc = await desk.api<{ id: string }>(chief, 'POST', '/documents', {
      documentNumber: '1976STATE000555',
      title: 'LIAISON MEETING',
      documentDate: '1976-09-09',
      originalClassification: 'SECRET',
      equities: ['CIA'],
      portions: [
        { text: 'The station chief attended the meeting.', classification: 'SECRET' },
        { text: 'The meeting ended at noon.', classification: 'UNCLASSIFIED' },
      ],
    });
    const review = await desk.api<{ id: string }>(chief, 'POST', `/documents/${doc.id}/reviews`, {
      kind: 'SYSTEMATIC',
    });
    await desk.api(chief, 'POST', `/reviews/${review.id}/events`, {
      type: 'ASSIGN',
      assigneeId: reviewer.id,
    });

    const tab = await open();
    const { page } = tab;
    await desk.signIn(tab, reviewer);
    await page.goto(`${desk.baseUrl}/reviews/${review.id}`);
    await page.getByRole('button', { name: 'Refer portion 1' }).click();
    await page.getByLabel('Refer to agency').fill('CIA');
    await page.getByRole('button', { name: 'Save referral' }).click();
    await page.locator('#portion-1 .portion-decision').getByText('Refer to CIA').waitFor();
    await page.getByRole('button', { name: 'Send referral to CIA (¶1)' }).click();
    await page.getByTestId('review-state').filter({ hasText: 'Awaiting referral' }).waitFor();
    await page.locator('#portion-1').getByText('With CIA, awaiting its answer').waitFor();
    await page.getByRole('button', { name: 'CIA says release' }).click();
    await page.getByTestId('review-state').filter({ hasText: 'In review' }).waitFor();
    await page.getByRole('button', { name: 'Release portion 2' }).click();
    await page
      .locator('#portion-2 .portion-decision')
      .getByText('Release', { exact: true })
      .waitFor();
    await expect(page.getByRole('combobox', { name: /^Determination/ }).inputValue()).resolves.toBe(
      'RELEASE_IN_FULL',
    );
    await page.getByRole('button', { name: 'Propose', exact: true }).click();
    await page.getByTestId('review-state').filter({ hasText: 'Pending approval' }).waitFor();

    const sup = await open();
    await desk.signIn(sup, approver);
    await sup.page.goto(`${desk.baseUrl}/reviews/${review.id}`);
    const comment = 'Paragraph 1 names a liaison service; consider 25X1.';
    await sup.page.getByLabel('Comment for the reviewer').fill(comment);
    await sup.page.getByRole('button', { name: 'Return', exact: true }).click();
    await sup.page.getByTestId('review-state').filter({ hasText: 'In review' }).waitFor();

    await page.reload();
    await expect(
      page.getByText('Returned by the supervisor:').locator('..').textContent(),
    ).resolves.toBe(`Returned by the supervisor: ${comment}`);
    expect(tab.errors).toEqual([]);
    expect(sup.errors).toEqual([]);
  });

  it('shows the lifecycle, the documents and the overdue board, and works in a narrow window', async () => {
    const tab = await open();
    const { page } = tab;
    await desk.signIn(tab, chief);
    await page.getByRole('link', { name: 'Lifecycle' }).click();
    const diagram = page.getByTestId('lifecycle-diagram');
    await diagram.waitFor();
    const states = await diagram
      .locator('[data-state]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-state')));
    expect(states).toEqual(
      expect.arrayContaining([
        'queued',
        'inReview',
        'awaitingReferral',
        'pendingApproval',
        'released',
        'withheld',
        'closed',
      ]),
    );
    await screenshot(page, '11-lifecycle');
    await page.getByRole('link', { name: 'Overdue' }).click();
    await page.getByRole('heading', { name: 'Overdue board' }).waitFor();
    await page.getByRole('heading', { name: /^Overdue \d+/ }).waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    await screenshot(page, '12-overdue-board');
    await page.getByRole('link', { name: 'Documents', exact: true }).click();
    await page.getByRole('link', { name: NUMBER }).waitFor();
    await screenshot(page, '13-documents');
    expect(tab.errors).toEqual([]);

    const narrow = await open({ width: 400, height: 800 });
    await desk.signIn(narrow, reviewer);
    for (const path of ['/queue', `/reviews/${reviewId}`, '/lifecycle']) {
      await narrow.page.goto(`${desk.baseUrl}${path}`);
      await narrow.page.locator('main h1').first().waitFor();
      const overflow = await narrow.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
    }
    await narrow.page.goto(`${desk.baseUrl}/reviews/${reviewId}`);
    await narrow.page.getByTestId('release-copy').waitFor();
    await screenshot(narrow.page, '14-review-narrow', true);
    expect(narrow.errors).toEqual([]);
  });

  it('left no console error in any tab', () => {
    for (const tab of tabs) {
      expect(unexpected(tab.errors, [401, 403, 404, 422])).toEqual([]);
    }
  });
});
