import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { syntheticCableWithFacts } from '../../src/cables/domain/synthetic-cable';
import { bearer, openDataSource, startTestApp, type TestApp } from '../support/harness';
import {
  cable,
  cableNumber,
  exportAudit,
  footprint,
  person,
  registerDocument,
  type Person,
} from '../support/review-api';

/**
 * A document number is unique in its collection, so a refused registration or import says the
 * number is taken. To a caller who may not see the record holding it, that must be all it says:
 * the same words whatever the record is and however it was created, with the attempt recorded
 * for auditors as a possible probe.
 */

jest.setTimeout(120_000);

describe('numbers held by records the caller may not see', () => {
  let t: TestApp;
  let ds: DataSource;
  let registrar: Person;
  let outsider: Person;
  let auditor: Person;
  const collection = `hidden-${randomBytes(4).toString('hex')}`;
  const hiddenNumber = cableNumber();
  // A cable export whose number a TOP SECRET NODIS record registered by hand already holds.
  const exported = syntheticCableWithFacts(7);

  beforeAll(async () => {
    t = await startTestApp('hidden_numbers');
    ds = await openDataSource(t.env);
    [registrar, outsider, auditor] = await Promise.all([
      person(t, 'registrar', ['supervisor'], 'TOP SECRET', ['NODIS']),
      person(t, 'secret-supervisor', ['supervisor'], 'SECRET'),
      person(t, 'auditor', ['auditor'], 'TOP SECRET', ['NODIS']),
    ]);
    for (const documentNumber of [hiddenNumber, exported.facts.documentNumber]) {
      await registerDocument(t, registrar, {
        documentNumber,
        collection,
        originalClassification: 'TOP SECRET',
        captions: ['NODIS'],
        portions: [{ text: 'Eyes only.', classification: 'TOP SECRET' }],
      });
    }
  });

  afterAll(async () => {
    await ds?.destroy();
    await t?.close();
  });

  const register = (who: Person, documentNumber: string) =>
    t
      .http()
      .post('/api/documents')
      .set(bearer(who.token))
      .send(
        cable({
          documentNumber,
          collection,
          originalClassification: 'CONFIDENTIAL',
          portions: [{ text: 'Routine.', classification: 'CONFIDENTIAL' }],
        }),
      );
  const importCable = (who: Person) =>
    t
      .http()
      .post('/api/documents/import')
      .query({ collection })
      .set(bearer(who.token))
      .set('content-type', 'text/plain')
      .send(exported.text);

  it('tells an outsider who registers or imports under a hidden number only that it is not available, and writes no record', async () => {
    const before = await footprint(ds);
    const registered = await register(outsider, hiddenNumber);
    const imported = await importCable(outsider);
    for (const [res, number] of [
      [registered, hiddenNumber],
      [imported, exported.facts.documentNumber],
    ] as const) {
      expect({ status: res.status, error: (res.body as { error: string }).error }).toEqual({
        status: 409,
        error: 'ALREADY_EXISTS',
      });
      expect((res.body as { message: string }).message).toBe(
        `Document number ${number} is not available in collection ${collection}; nothing was written`,
      );
    }
    // Nothing but the two refusals themselves, recorded for auditors.
    const after = await footprint(ds);
    expect(after.counts).toEqual({
      ...before.counts,
      audit_events: before.counts.audit_events! + 2,
    });
  });

  it('records each such refusal in the caller’s audit trail as a possible probe', async () => {
    const events = await exportAudit(t, auditor, { actorId: outsider.id });
    const refusals = events.filter((e) => e.action === 'DOCUMENT_NUMBER_REFUSED');
    expect(refusals.map((e) => e.payload)).toEqual(
      expect.arrayContaining([
        { collection, documentNumber: hiddenNumber, attempt: 'register' },
        { collection, documentNumber: exported.facts.documentNumber, attempt: 'import' },
      ]),
    );
    expect(
      refusals.every((e) => e.documentId === null && e.chainKey === `user:${outsider.id}`),
    ).toBe(true);
  });

  it('still tells a caller who may see the record why the number is taken, without auditing it', async () => {
    const registered = await register(registrar, hiddenNumber);
    expect(registered.status).toBe(409);
    expect((registered.body as { message: string }).message).toBe(
      `Document ${hiddenNumber} is already registered in collection ${collection}`,
    );
    const imported = await importCable(registrar);
    expect(imported.status).toBe(409);
    expect((imported.body as { message: string }).message).toBe(
      `${exported.facts.documentNumber} is already registered in collection ${collection} by other means than a cable import; nothing was overwritten`,
    );
    const events = await exportAudit(t, auditor, { actorId: registrar.id });
    expect(events.filter((e) => e.action === 'DOCUMENT_NUMBER_REFUSED')).toEqual([]);
  });
});
