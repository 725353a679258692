/**
 * The review lifecycle as data for the web app's diagram: states, the initial state and every
 * transition, read from the machine itself. `npm run build` writes it to
 * web/src/generated/lifecycle.json (`node dist/src/web/lifecycle-graph.js <file>`), so the
 * picture in the browser can never drift from the rules the server runs.
 */
import { writeFileSync } from 'node:fs';
import { lifecycleEdges, reviewMachine } from '../review/domain';

export interface LifecycleGraph {
  initial: string;
  states: { id: string; final: boolean }[];
  edges: { from: string; to: string; label: string }[];
}

export function lifecycleGraph(): LifecycleGraph {
  const states = Object.values(reviewMachine.root.states).map((node) => ({
    id: node.key,
    final: node.type === 'final',
  }));
  return {
    initial: reviewMachine.root.initial.target[0]?.key ?? states[0]?.id ?? '',
    states,
    edges: lifecycleEdges(),
  };
}

export const lifecycleJson = () => `${JSON.stringify(lifecycleGraph(), null, 2)}\n`;

if (require.main === module) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node dist/src/web/lifecycle-graph.js <output.json>');
    process.exit(2);
  }
  writeFileSync(out, lifecycleJson());
}
