import { moment } from '../lib/format';
import type { AuditEvent } from '../lib/types';

export function AuditTable({ events }: { events: AuditEvent[] }) {
  return (
    <div className="table-wrap">
      <table className="list" aria-label="Audit events">
        <thead>
          <tr>
            <th scope="col">Seq</th>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">State</th>
            <th scope="col">Hash</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.seq}>
              <td data-label="Seq">{e.seq}</td>
              <td data-label="When">{moment(e.occurredAt)}</td>
              <td data-label="Who">{e.actorUsername ?? 'system'}</td>
              <td data-label="Action">{e.action}</td>
              <td data-label="State">
                {e.fromState || e.toState ? `${e.fromState ?? '—'} → ${e.toState ?? '—'}` : ''}
              </td>
              <td data-label="Hash">
                <code title={e.hash}>{e.hash.slice(0, 12)}…</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
