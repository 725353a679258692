import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lifecycleGraph, lifecycleJson } from './lifecycle-graph';

describe('lifecycleGraph', () => {
  it('gives the web diagram every state, the initial state and each transition of the machine', () => {
    const graph = lifecycleGraph();
    expect(graph.initial).toBe('queued');
    expect(graph.states.filter((s) => s.final).map((s) => s.id)).toEqual(
      expect.arrayContaining(['released', 'withheld', 'closed']),
    );
    expect(graph.edges).toContainEqual({
      from: 'pendingApproval',
      to: 'released',
      label: 'APPROVE',
    });
    expect(graph.edges).toContainEqual({
      from: 'pendingApproval',
      to: 'inReview',
      label: 'RETURN',
    });
  });

  it('is what web/src/generated/lifecycle.json holds (npm run build rewrites it)', () => {
    const file = join(__dirname, '..', '..', 'web', 'src', 'generated', 'lifecycle.json');
    expect(readFileSync(file, 'utf8')).toBe(lifecycleJson());
  });
});
