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
  for (const node of Object.values(machine.root.states)) {
    if (node.type === 'final') continue;
    // The state's own events, then those the machine takes in every open state (CLOSE, the
    // clock's adjustments, an elapsed deadline), which a final state never reaches.
    for (const transitions of [node.transitions, machine.root.transitions]) {
      for (const [eventType, list] of transitions) {
        for (const t of list) {
          const target = t.target?.[0]?.key ?? node.key;
          add({ from: node.key, to: target, label: eventType });
        }
      }
    }
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
