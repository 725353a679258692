/**
 * The review lifecycle drawn as SVG from the machine's own states and transitions (written to
 * src/generated/lifecycle.json from the review machine by `npm run build`), with the review's
 * current state highlighted.
 */
import graph from '../generated/lifecycle.json';
import { useMemo } from 'react';
import { stateName } from '../lib/format';

const W = 150;
const H = 36;
const COL = 215;
const LANE = 20;
const LINE = 13;

interface Placed {
  id: string;
  final: boolean;
  x: number;
  y: number;
  loops: string[];
}

interface Route {
  key: string;
  from: string;
  to: string;
  labels: string[];
  d: string;
  lx: number;
  ly: number;
  anchor: 'start' | 'middle' | 'end';
}

/** Layers by longest path from the initial state, ignoring edges that lead back. */
function layout() {
  const out = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (e.from === e.to) continue;
    const list = out.get(e.from) ?? [];
    if (!list.includes(e.to)) list.push(e.to);
    out.set(e.from, list);
  }
  const back = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const order: string[] = [];
  const visit = (n: string) => {
    state.set(n, 'open');
    for (const m of out.get(n) ?? []) {
      if (state.get(m) === 'open') back.add(`${n}>${m}`);
      else if (!state.has(m)) visit(m);
    }
    state.set(n, 'done');
    order.push(n);
  };
  visit(graph.initial);
  for (const s of graph.states) if (!state.has(s.id)) visit(s.id);
  order.reverse();
  const layer = new Map<string, number>(graph.states.map((s) => [s.id, 0]));
  for (const n of order) {
    for (const m of out.get(n) ?? []) {
      if (back.has(`${n}>${m}`)) continue;
      layer.set(m, Math.max(layer.get(m) ?? 0, (layer.get(n) ?? 0) + 1));
    }
  }
  const columns: string[][] = [];
  for (const n of order) {
    const l = layer.get(n) ?? 0;
    (columns[l] ??= []).push(n);
  }
  return { layer, columns, back };
}

function computeDiagram() {
  const { layer, columns } = layout();
  const loops = new Map<string, string[]>();
  const grouped = new Map<string, { from: string; to: string; labels: string[] }>();
  for (const e of graph.edges) {
    if (e.from === e.to) {
      const l = loops.get(e.from) ?? [];
      l.push(e.label);
      loops.set(e.from, l);
      continue;
    }
    const key = `${e.from}>${e.to}`;
    const g = grouped.get(key) ?? { from: e.from, to: e.to, labels: [] };
    if (!g.labels.includes(e.label)) g.labels.push(e.label);
    grouped.set(key, g);
  }
  const loopLines = (id: string) => Math.ceil((loops.get(id)?.length ?? 0) / 2);
  const maxLoop = Math.max(0, ...graph.states.map((s) => loopLines(s.id)));
  const row = H + 26 + maxLoop * LINE;
  const rows = Math.max(...columns.map((c) => c.length));

  const edges = [...grouped.values()];
  const span = (e: { from: string; to: string }) =>
    (layer.get(e.to) ?? 0) - (layer.get(e.from) ?? 0);
  const up = edges.filter((e) => span(e) <= 0);
  const down = edges.filter((e) => span(e) > 1);
  const top = 12 + up.length * LANE + 8;
  const nodesHeight = rows * row;
  const height = top + nodesHeight + down.length * LANE + 20;
  const width = 20 + (columns.length - 1) * COL + W + 20;

  const finals = new Set(graph.states.filter((s) => s.final).map((s) => s.id));
  const placed = new Map<string, Placed>();
  columns.forEach((col, c) => {
    const offset = ((rows - col.length) * row) / 2;
    col.forEach((id, r) => {
      placed.set(id, {
        id,
        final: finals.has(id),
        x: 20 + c * COL,
        y: top + offset + r * row,
        loops: loops.get(id) ?? [],
      });
    });
  });

  const routes: Route[] = [];
  up.forEach((e, i) => {
    const a = placed.get(e.from)!;
    const b = placed.get(e.to)!;
    const ly = top - 8 - (up.length - i) * LANE + LANE / 2;
    const bx = b.x + W / 2 - 12;
    // Leave from the top, unless another state sits above in the same column: then from the
    // side, up through the gap between the columns.
    const blocked = [...placed.values()].some((n) => n.x === a.x && n.y < a.y);
    const ax = blocked ? a.x - 14 - 6 * i : a.x + W / 2 + 12;
    const start = blocked ? `M${a.x},${a.y + H - 6} H${ax}` : `M${ax},${a.y}`;
    routes.push({
      key: `${e.from}>${e.to}`,
      ...e,
      d: `${start} V${ly} H${bx} V${b.y - 2}`,
      lx: (ax + bx) / 2,
      ly: ly - 4,
      anchor: 'middle',
    });
  });
  down.forEach((e, i) => {
    const a = placed.get(e.from)!;
    const b = placed.get(e.to)!;
    const ly = top + nodesHeight + i * LANE + LANE / 2;
    const ax = a.x + W / 2;
    const bx = b.x + W / 2 - 20;
    routes.push({
      key: `${e.from}>${e.to}`,
      ...e,
      d: `M${ax},${a.y + H} V${ly} H${bx} V${b.y + H + 2}`,
      lx: ax + 8,
      ly: ly - 4,
      anchor: 'start',
    });
  });
  for (const e of edges.filter((x) => span(x) === 1)) {
    const a = placed.get(e.from)!;
    const b = placed.get(e.to)!;
    const ax = a.x + W;
    const ay = a.y + H / 2;
    const bx = b.x - 2;
    const by = b.y + H / 2;
    const mx = (ax + bx) / 2;
    routes.push({
      key: `${e.from}>${e.to}`,
      ...e,
      d: `M${ax},${ay} C${mx},${ay} ${mx},${by} ${bx},${by}`,
      lx: ax + (bx - ax) * 0.6,
      ly: ay + (by - ay) * 0.6 - 5,
      anchor: 'middle',
    });
  }
  return { placed: [...placed.values()], routes, width, height };
}

let cached: ReturnType<typeof computeDiagram> | null = null;

export function LifecycleDiagram({ current, title }: { current?: string; title?: string }) {
  const diagram = useMemo(() => (cached ??= computeDiagram()), []);
  const heading = title ?? 'Review lifecycle';
  const next = graph.edges.filter((e) => e.from === current);
  return (
    <figure className="lifecycle">
      <div className="lifecycle-scroll">
        <svg
          viewBox={`0 0 ${diagram.width} ${diagram.height}`}
          role="img"
          aria-label={`${heading}${current ? `; the review is ${stateName(current)}` : ''}`}
          data-testid="lifecycle-diagram"
        >
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" fill="#5b6675" />
            </marker>
            <marker
              id="arrow-next"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" fill="#b4540a" />
            </marker>
          </defs>
          {diagram.routes.map((r) => {
            const live = r.from === current;
            return (
              <g key={r.key} className={live ? 'edge edge-next' : 'edge'}>
                <path d={r.d} fill="none" markerEnd={live ? 'url(#arrow-next)' : 'url(#arrow)'} />
                <text x={r.lx} y={r.ly} textAnchor={r.anchor} className="edge-label">
                  {r.labels.join(', ')}
                </text>
              </g>
            );
          })}
          {diagram.placed.map((n) => {
            const isCurrent = n.id === current;
            const isInitial = n.id === graph.initial;
            return (
              <g
                key={n.id}
                className={`node${isCurrent ? ' node-current' : ''}${n.final ? ' node-final' : ''}`}
                data-state={n.id}
                aria-current={isCurrent ? 'step' : undefined}
              >
                {isInitial && (
                  <circle cx={n.x - 10} cy={n.y + H / 2} r={5} className="initial-dot" />
                )}
                <rect x={n.x} y={n.y} width={W} height={H} rx={n.final ? 4 : 16} />
                <text x={n.x + W / 2} y={n.y + H / 2 + 5} textAnchor="middle">
                  {n.id}
                </text>
                {n.loops.length > 0 && (
                  <text x={n.x + W / 2} y={n.y + H + 14} textAnchor="middle" className="loop-label">
                    {Array.from({ length: Math.ceil(n.loops.length / 2) }, (_, i) => (
                      <tspan key={i} x={n.x + W / 2} dy={i === 0 ? 0 : LINE}>
                        {`${i === 0 ? '↻ ' : ''}${n.loops.slice(i * 2, i * 2 + 2).join(', ')}`}
                      </tspan>
                    ))}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption>
        {current ? (
          <>
            Now <strong>{stateName(current)}</strong> ({current}).{' '}
            {next.length > 0
              ? `From here: ${[...new Set(next.map((e) => `${e.label} → ${e.to}`))].join('; ')}.`
              : 'No further events: this is a final state.'}
          </>
        ) : (
          <>
            Every state a review passes through, drawn from the review machine. Starts at{' '}
            <strong>{graph.initial}</strong>; ends in{' '}
            {graph.states
              .filter((s) => s.final)
              .map((s) => s.id)
              .join(', ')}
            .
          </>
        )}
      </figcaption>
    </figure>
  );
}
