import { ErrorNote } from '../components/ErrorNote';
import { api } from '../lib/api';
import { useUser } from '../lib/auth';
import { day, stateName } from '../lib/format';
import { Link } from '../lib/router';
import type { ReviewListItem, ReviewPage } from '../lib/types';
import { useLoad } from '../lib/use-load';

const CARDS = 50;

/** The agency day `days` after `iso` (YYYY-MM-DD). */
const plusDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export function OverduePage() {
  const me = useUser();
  const loaded = useLoad(async () => {
    // The columns are cut at the agency's day, which the server knows.
    const { agency } = await api.get<{ agency: { today: string } }>('/auth/me');
    const week = plusDays(agency.today, 8);
    const column = (query: Record<string, unknown>) =>
      api.get<ReviewPage>('/reviews', { ...query, sort: 'due', limit: CARDS });
    const [overdue, soon, later, open] = await Promise.all([
      column({ overdue: true }),
      column({ dueFrom: agency.today, dueBefore: week }),
      column({ dueFrom: week }),
      api.get<ReviewPage>('/reviews', { open: true, limit: 1 }),
    ]);
    return {
      overdue,
      soon,
      later,
      undated: open.total - overdue.total - soon.total - later.total,
    };
  }, [me.id]);
  const columns = loaded.data;

  const card = (r: ReviewListItem) => (
    <li key={r.id} className="board-card">
      <Link to={`/reviews/${r.id}`}>{r.documentNumber}</Link>{' '}
      <span className="muted">{r.kind}</span>
      <br />
      due {day(r.clock?.dueOn)} · {stateName(r.state)} · {r.assigneeName ?? 'unassigned'}
    </li>
  );

  const more = (column: ReviewPage) =>
    column.total > column.items.length && (
      <p className="muted small">
        and {column.total - column.items.length} more; <Link to="/reviews">Open reviews</Link> lists
        them all
      </p>
    );

  return (
    <section aria-labelledby="od-title">
      <h1 id="od-title">Overdue board</h1>
      <p className="muted">Open reviews by their due date: past due first.</p>
      <ErrorNote error={loaded.error} />
      {loaded.loading && !loaded.data && <p>Loading…</p>}
      {columns && (
        <>
          <div className="board">
            <section aria-labelledby="col-over" className="board-col overdue-col">
              <h2 id="col-over">
                Overdue <span className="count">{columns.overdue.total}</span>
              </h2>
              <ul className="plain">{columns.overdue.items.map(card)}</ul>
              {more(columns.overdue)}
            </section>
            <section aria-labelledby="col-soon" className="board-col">
              <h2 id="col-soon">
                Due within a week <span className="count">{columns.soon.total}</span>
              </h2>
              <ul className="plain">{columns.soon.items.map(card)}</ul>
              {more(columns.soon)}
            </section>
            <section aria-labelledby="col-later" className="board-col">
              <h2 id="col-later">
                Later <span className="count">{columns.later.total}</span>
              </h2>
              <ul className="plain">{columns.later.items.map(card)}</ul>
              {more(columns.later)}
            </section>
          </div>
          {columns.undated > 0 && (
            <p className="muted">
              {columns.undated} open review{columns.undated === 1 ? ' has' : 's have'} no due date
              from the server yet.
            </p>
          )}
        </>
      )}
    </section>
  );
}
