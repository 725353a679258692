import { chainOf, hashAuditRecord, payloadDigest, type AuditRecord } from './audit-hash';
import { ANCHOR_ACTION, ChainVerifier, type ChainedEvent } from './audit-verifier';

function chain(key: string, count: number, firstSeq: number, step = 1): ChainedEvent[] {
  const events: ChainedEvent[] = [];
  let prev: string | null = null;
  for (let i = 0; i < count; i++) {
    const record: AuditRecord = {
      chainKey: key,
      occurredAt: `2026-11-27T10:00:0${i}.000Z`,
      actorId: 'u-1',
      actorUsername: 'rita',
      actorRoles: ['reviewer'],
      action: i === 0 ? 'REVIEW_CREATED' : 'DECIDE_PORTION',
      reviewId: 'r-1',
      documentId: 'd-1',
      fromState: 'inReview',
      toState: 'inReview',
      payload: { portionId: `p${i}`, justification: `reason ${i}` },
    };
    const hash = hashAuditRecord(record, prev);
    events.push({ ...record, seq: String(firstSeq + i * step), prevHash: prev, hash });
    prev = hash;
  }
  return events;
}

function verify(events: ChainedEvent[], partial = false) {
  const v = new ChainVerifier({ partial });
  for (const e of events) v.add(e);
  return v.report();
}

describe(ChainVerifier.name, () => {
  const review = chain(chainOf.review('r-1'), 4, 1);

  it('accepts an untouched chain', () => {
    expect(verify(review)).toEqual({
      ok: true,
      checked: 4,
      chains: 1,
      anchors: 0,
      checkpoints: 0,
      firstBroken: null,
    });
  });

  it('names the event whose payload was changed', () => {
    const changed = review.map((e) =>
      e.seq === '3' ? { ...e, payload: { ...e.payload, justification: 'edited' } } : e,
    );
    expect(verify(changed).firstBroken).toMatchObject({ seq: '3', reason: 'CHANGED' });
  });

  it('names the event after one that was removed', () => {
    expect(verify(review.filter((e) => e.seq !== '2')).firstBroken).toMatchObject({
      seq: '3',
      reason: 'CHAIN_BROKEN',
    });
  });

  it('names an inserted event', () => {
    const forged = { ...review[1]!, seq: '2.5', payload: { portionId: 'px' } };
    forged.hash = hashAuditRecord(forged, forged.prevHash);
    const events = [...review.slice(0, 2), forged, ...review.slice(2)];
    expect(verify(events).firstBroken).toMatchObject({ seq: '2.5', reason: 'CHAIN_BROKEN' });
  });

  it('refuses a chain whose first events are missing unless the export was partial', () => {
    expect(verify(review.slice(2)).firstBroken).toMatchObject({ seq: '3', reason: 'CHAIN_BROKEN' });
    expect(verify(review.slice(2), true).ok).toBe(true);
  });

  it('verifies a withheld payload through its digest', () => {
    const withheld = review.map((e) => ({
      ...e,
      payload: { withheld: true },
      payloadDigest: payloadDigest(e.payload),
      payloadWithheld: true,
    }));
    expect(verify(withheld).ok).toBe(true);
    const lied = withheld.map((e) =>
      e.seq === '2' ? { ...e, payloadDigest: payloadDigest({ portionId: 'other' }) } : e,
    );
    expect(verify(lied).firstBroken).toMatchObject({ seq: '2', reason: 'CHANGED' });
  });

  it('collects what anchors vouch for and reports a mismatch', () => {
    const anchorRecord: AuditRecord = {
      chainKey: chainOf.anchor,
      occurredAt: '2026-11-27T11:00:00.000Z',
      actorId: null,
      actorUsername: 'declass-system',
      actorRoles: [],
      action: ANCHOR_ACTION,
      reviewId: null,
      documentId: null,
      fromState: null,
      toState: null,
      payload: { heads: [{ chainKey: review[3]!.chainKey, seq: '4', hash: review[3]!.hash }] },
    };
    const anchor = {
      ...anchorRecord,
      seq: '5',
      prevHash: null,
      hash: hashAuditRecord(anchorRecord, null),
    };
    const v = new ChainVerifier({ partial: false });
    for (const e of [...review, anchor]) v.add(e);
    expect(v.anchoredHeads()).toEqual([
      { chainKey: review[3]!.chainKey, seq: '4', hash: review[3]!.hash },
    ]);
    v.anchorMismatch(v.anchoredHeads()[0]!, undefined);
    expect(v.report()).toMatchObject({
      ok: false,
      anchors: 1,
      firstBroken: { seq: '4', reason: 'ANCHOR_MISMATCH' },
    });
  });
});
