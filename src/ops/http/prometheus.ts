import type { Metrics } from '../application/metrics.service';

/** The Prometheus text exposition format (version 0.0.4). */
export function prometheusText(m: Metrics): string {
  const lines: string[] = [];
  const family = (name: string, type: 'gauge' | 'counter' | 'summary', help: string) =>
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  const sample = (name: string, labels: Record<string, string>, value: number | null) => {
    const text = Object.entries(labels)
      .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
      .join(',');
    lines.push(`${name}${text ? `{${text}}` : ''} ${value === null ? 'NaN' : String(value)}`);
  };
  const counts = m.deadlines.counts;

  family('declass_deadlines_pending', 'gauge', 'Deadlines not yet fired nor cancelled, by kind.');
  counts.forEach((c) => sample('declass_deadlines_pending', { kind: c.kind }, c.pending));
  family(
    'declass_deadlines_due',
    'gauge',
    'Pending deadlines falling due within the sweep horizon (the ones with a job in Redis), by kind.',
  );
  counts.forEach((c) => sample('declass_deadlines_due', { kind: c.kind }, c.dueWithinHorizon));
  family(
    'declass_deadlines_overdue',
    'gauge',
    'Pending deadlines whose time has passed: the worker is behind or down, by kind.',
  );
  counts.forEach((c) => sample('declass_deadlines_overdue', { kind: c.kind }, c.overdue));
  family(
    'declass_deadlines_oldest_overdue_seconds',
    'gauge',
    'How long the oldest pending deadline has been due (0 when none is).',
  );
  sample('declass_deadlines_oldest_overdue_seconds', {}, m.deadlines.oldestOverdueSeconds ?? 0);
  family('declass_deadlines_fired_total', 'counter', 'Deadlines fired, by kind.');
  counts.forEach((c) => sample('declass_deadlines_fired_total', { kind: c.kind }, c.fired));
  family(
    'declass_deadlines_fired_window',
    'gauge',
    `Deadlines fired in the last ${m.windowSeconds} seconds, by kind.`,
  );
  counts.forEach((c) =>
    sample('declass_deadlines_fired_window', { kind: c.kind }, c.firedInWindow),
  );

  const lag = m.deadlines.lagSeconds;
  family(
    'declass_deadline_firing_lag_seconds',
    'summary',
    `From due time (or creation, if created already due) to firing, over the last ${m.windowSeconds} seconds.`,
  );
  sample('declass_deadline_firing_lag_seconds', { quantile: '0.5' }, lag.p50);
  sample('declass_deadline_firing_lag_seconds', { quantile: '0.99' }, lag.p99);
  sample('declass_deadline_firing_lag_seconds_sum', {}, lag.sum);
  sample('declass_deadline_firing_lag_seconds_count', {}, lag.count);
  family(
    'declass_deadline_firing_lag_max_seconds',
    'gauge',
    `The longest firing lag over the last ${m.windowSeconds} seconds.`,
  );
  sample('declass_deadline_firing_lag_max_seconds', {}, lag.max);

  family('declass_queue_up', 'gauge', 'Whether Redis answered for the queue (1) or not (0).');
  m.queues.forEach((q) => sample('declass_queue_up', { queue: q.queue }, q.counts ? 1 : 0));
  family('declass_queue_jobs', 'gauge', 'BullMQ jobs by queue and state.');
  for (const q of m.queues) {
    for (const [state, n] of Object.entries(q.counts ?? {})) {
      sample('declass_queue_jobs', { queue: q.queue, state }, n);
    }
  }
  return `${lines.join('\n')}\n`;
}
