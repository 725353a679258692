/**
 * Draws the review lifecycle as a Mermaid state diagram, read from the machine itself so the
 * picture can never drift from the rules (README, `declass machine:diagram`, later the web UI).
 */
import type { AnyStateMachine } from 'xstate';
import { reviewMachine } from './review.machine';

interface Edge {
  from: string;
  to: string;
  label: string;
}

export function lifecycleEdges(machine: AnyStateMachine = reviewMachine): Edge[] {
  const edges: Edge[] = [];
  const seen = new Set<string>();
  const add = (e: Edge) => {
    const key = `${e.from}>${e.to}>${e.label}`;
    if (!seen.has(key)) {
      seen.add(key);
      edges.push(e);
    }
  };
  const rootCloses = machine.root.transitions.get('CLOSE') ?? [];
  for (const node of Object.values(machine.root.states)) {
    if (node.type === 'final') continue;
    for (const [eventType, transitions] of node.transitions) {
      for (const t of transitions) {
        const target = t.target?.[0]?.key ?? node.key;
        add({ from: node.key, to: target, label: eventType });
      }
    }
    if (rootCloses.length > 0) add({ from: node.key, to: 'closed', label: 'CLOSE' });
  }
  return edges;
}

export function lifecycleMermaid(machine: AnyStateMachine = reviewMachine): string {
  const lines = ['stateDiagram-v2', `  [*] --> ${machine.root.initial.target[0]?.key ?? ''}`];
  for (const e of lifecycleEdges(machine)) lines.push(`  ${e.from} --> ${e.to}: ${e.label}`);
  for (const node of Object.values(machine.root.states)) {
    if (node.type === 'final') lines.push(`  ${node.key} --> [*]`);
  }
  return lines.join('\n');
}
