import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lifecycleEdges, lifecycleMermaid } from './review.diagram';

describe('lifecycleMermaid', () => {
  it('draws every state and every transition of the lifecycle', () => {
    const edges = lifecycleEdges().map((e) => `${e.from} -${e.label}-> ${e.to}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        'queued -ASSIGN-> inReview',
        'inReview -DECIDE_PORTION-> inReview',
        'inReview -DOWNGRADE-> inReview',
        'inReview -DECAPTION-> inReview',
        'inReview -REFER-> awaitingReferral',
        'awaitingReferral -RECORD_REFERRAL_RESPONSE-> inReview',
        'inReview -PROPOSE-> pendingApproval',
        'pendingApproval -APPROVE-> released',
        'pendingApproval -APPROVE-> withheld',
        'pendingApproval -RETURN-> inReview',
        'queued -CLOSE-> closed',
        'pendingApproval -CLOSE-> closed',
        'queued -TOLL-> queued',
        'inReview -EXTEND-> inReview',
        'pendingApproval -SET_DUE_DATE-> pendingApproval',
        'inReview -DEADLINE_ELAPSED-> inReview',
        'awaitingReferral -RESUME-> awaitingReferral',
      ]),
    );
    expect(
      edges.some(
        (e) => e.startsWith('released') || e.startsWith('withheld') || e.startsWith('closed'),
      ),
    ).toBe(false);
  });

  it('is the diagram the README shows', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    expect(readme).toContain(['```mermaid', lifecycleMermaid(), '```'].join('\n'));
  });
});
