import { useMemo } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { api } from '../lib/api';
import { useUser } from '../lib/auth';
import { loadDirectory, nameOf } from '../lib/directory';
import { day, isOverdue, stateName } from '../lib/format';
import { Link } from '../lib/router';
import { FINAL_STATES, type Page, type Review } from '../lib/types';
import { useLoad } from '../lib/use-load';

const WEEK = 7 * 24 * 3600 * 1000;

export function OverduePage() {
  const me = useUser();
  const loaded = useLoad(async () => {
    const [reviews, directory] = await Promise.all([
      api.get<Page<Review>>('/reviews', { limit: 500 }),
      loadDirectory(me),
    ]);
    return {
      reviews: reviews.items.filter((r) => !FINAL_STATES.includes(r.state)),
      directory,
      now: Date.now(),
    };
  }, [me.id]);

  const columns = useMemo(() => {
    const now = loaded.data?.now ?? 0;
    const open = loaded.data?.reviews ?? [];
    const dated = open.filter((r) => r.dueAt).sort((a, b) => a.dueAt!.localeCompare(b.dueAt!));
    return {
      overdue: dated.filter((r) => isOverdue(r.dueAt, r.state, now)),
      soon: dated.filter(
        (r) => !isOverdue(r.dueAt, r.state, now) && Date.parse(r.dueAt!) - now < WEEK,
      ),
      later: dated.filter((r) => Date.parse(r.dueAt!) - now >= WEEK),
      undated: open.filter((r) => !r.dueAt).length,
    };
  }, [loaded.data]);

  const card = (r: Review) => (
    <li key={r.id} className="board-card">
      <Link to={`/reviews/${r.id}`}>{r.documentNumber}</Link>{' '}
      <span className="muted">{r.kind}</span>
      <br />
      due {day(r.clock?.dueOn)} · {stateName(r.state)} ·{' '}
      {r.assigneeId ? nameOf(loaded.data!.directory, me, r.assigneeId) : 'unassigned'}
    </li>
  );

  return (
    <section aria-labelledby="od-title">
      <h1 id="od-title">Overdue board</h1>
      <p className="muted">Open reviews by their due date: past due first.</p>
      <ErrorNote error={loaded.error} />
      {loaded.loading && !loaded.data && <p>Loading…</p>}
      {loaded.data && (
        <>
          <div className="board">
            <section aria-labelledby="col-over" className="board-col overdue-col">
              <h2 id="col-over">
                Overdue <span className="count">{columns.overdue.length}</span>
              </h2>
              <ul className="plain">{columns.overdue.map(card)}</ul>
            </section>
            <section aria-labelledby="col-soon" className="board-col">
              <h2 id="col-soon">
                Due within a week <span className="count">{columns.soon.length}</span>
              </h2>
              <ul className="plain">{columns.soon.map(card)}</ul>
            </section>
            <section aria-labelledby="col-later" className="board-col">
              <h2 id="col-later">
                Later <span className="count">{columns.later.length}</span>
              </h2>
              <ul className="plain">{columns.later.map(card)}</ul>
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
