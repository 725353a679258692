import { useEffect, useMemo, useState } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { api } from '../lib/api';
import { useUser } from '../lib/auth';
import { day, moment, stateName } from '../lib/format';
import { Link } from '../lib/router';
import { REVIEW_KINDS, type ReviewPage } from '../lib/types';
import { useLoad } from '../lib/use-load';

type Mode = 'mine' | 'unassigned' | 'inbox' | 'open';

const TITLES: Record<Mode, { title: string; blurb: string; empty: string }> = {
  mine: {
    title: 'My queue',
    blurb: 'Reviews assigned to you. Open one to decide its portions and propose a determination.',
    empty: 'Nothing is assigned to you right now.',
  },
  unassigned: {
    title: 'Unassigned',
    blurb: 'Reviews opened but not yet given to a reviewer; a supervisor assigns them.',
    empty: 'No review is waiting for a reviewer.',
  },
  inbox: {
    title: 'Approval inbox',
    blurb:
      'Proposals waiting for a second person. You cannot approve what you proposed or decided.',
    empty: 'No proposal is waiting for approval.',
  },
  open: {
    title: 'Open reviews',
    blurb: 'Every review not yet released, withheld or closed, on documents you may see.',
    empty: 'No open review.',
  },
};

/** The orders the server pages by; the other columns are filters or shown only. */
type SortKey = 'document' | 'due' | 'updated';

const PAGE_SIZE = 50;
const OPEN_STATES = ['queued', 'inReview', 'awaitingReferral', 'pendingApproval'];

export function ReviewListPage({ mode }: { mode: Mode }) {
  const me = useUser();
  const [text, setText] = useState('');
  const [needle, setNeedle] = useState('');
  const [kind, setKind] = useState('');
  const [state, setState] = useState('');
  const [onlyOverdue, setOnlyOverdue] = useState(false);
  const [sort, setSort] = useState<{ key: SortKey; asc: boolean }>({ key: 'due', asc: true });
  // The cursor each page was read from, for one filter and order: the first page's is undefined;
  // "Next" pushes, "Previous" pops, and another filter or order starts again at its first page.
  const [paging, setPaging] = useState<{ key: string; cursors: (string | undefined)[] }>({
    key: '',
    cursors: [undefined],
  });

  // The search waits for a pause in typing, so each key does not cost a request.
  useEffect(() => {
    const timer = setTimeout(() => setNeedle(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);

  const filter = useMemo(
    () => ({
      ...(mode === 'mine'
        ? { assigneeId: me.id, open: true }
        : mode === 'unassigned'
          ? { state: 'queued' }
          : mode === 'inbox'
            ? { state: 'pendingApproval' }
            : { open: true }),
      ...(needle ? { q: needle } : {}),
      ...(kind ? { kind } : {}),
      ...(state ? { state } : {}),
      ...(onlyOverdue ? { overdue: true } : {}),
      sort: sort.key,
      order: sort.asc ? 'asc' : 'desc',
    }),
    [mode, me.id, needle, kind, state, onlyOverdue, sort],
  );
  const filterKey = JSON.stringify(filter);
  const cursors = paging.key === filterKey ? paging.cursors : [undefined];
  const setCursors = (next: (string | undefined)[]) => setPaging({ key: filterKey, cursors: next });
  const after = cursors.at(-1);

  const loaded = useLoad(
    () =>
      api.get<ReviewPage>('/reviews', {
        ...filter,
        limit: PAGE_SIZE,
        ...(after ? { after } : {}),
      }),
    [filterKey, after],
  );
  const list = loaded.data;
  const first = (cursors.length - 1) * PAGE_SIZE;
  const filtered = !!(needle || kind || state || onlyOverdue);

  const t = TITLES[mode];

  const header = (key: SortKey, label: string) => {
    const active = sort.key === key;
    return (
      <th scope="col" aria-sort={active ? (sort.asc ? 'ascending' : 'descending') : 'none'}>
        <button
          type="button"
          className="sort"
          onClick={() => setSort({ key, asc: active ? !sort.asc : true })}
          aria-label={`Sort by ${label}`}
        >
          {label}
          <span aria-hidden="true">{active ? (sort.asc ? ' ▲' : ' ▼') : ''}</span>
        </button>
      </th>
    );
  };

  return (
    <section aria-labelledby="list-title">
      <h1 id="list-title">{t.title}</h1>
      <p className="muted">{t.blurb}</p>
      <div className="filters" role="search" aria-label={`Filter ${t.title}`}>
        <label>
          Find
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="document number or title"
          />
        </label>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">any</option>
            {REVIEW_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        {(mode === 'mine' || mode === 'open') && (
          <label>
            State
            <select value={state} onChange={(e) => setState(e.target.value)}>
              <option value="">any open</option>
              {OPEN_STATES.map((s) => (
                <option key={s} value={s}>
                  {stateName(s)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={onlyOverdue}
            onChange={(e) => setOnlyOverdue(e.target.checked)}
          />
          Overdue only
        </label>
      </div>
      <ErrorNote error={loaded.error} />
      {loaded.loading && !list && <p>Loading…</p>}
      {list && list.total === 0 && (
        <p className="empty">{filtered ? 'No review matches these filters.' : t.empty}</p>
      )}
      {list && list.items.length > 0 && (
        <div className="table-wrap">
          <table className="list" aria-label={t.title} aria-busy={loaded.loading}>
            <thead>
              <tr>
                {header('document', 'Document')}
                <th scope="col">Title</th>
                <th scope="col">Kind</th>
                <th scope="col">State</th>
                <th scope="col">Assignee</th>
                {header('due', 'Due')}
                {header('updated', 'Updated')}
              </tr>
            </thead>
            <tbody>
              {list.items.map((r) => (
                <tr key={r.id}>
                  <td data-label="Document">
                    <Link to={`/reviews/${r.id}`}>{r.documentNumber}</Link>
                  </td>
                  <td data-label="Title">{r.documentTitle}</td>
                  <td data-label="Kind">{r.kind}</td>
                  <td data-label="State">
                    <span className={`state state-${r.state}`}>{stateName(r.state)}</span>
                  </td>
                  <td data-label="Assignee">{r.assigneeName ?? 'nobody'}</td>
                  <td data-label="Due">
                    {r.clock?.dueOn ? day(r.clock.dueOn) : <span className="muted">no date</span>}{' '}
                    {r.overdue && <span className="badge overdue">Overdue</span>}
                  </td>
                  <td data-label="Updated">{moment(r.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <span className="muted">
              {first + 1}–{first + list.items.length} of {list.totalExact ? '' : 'more than '}
              {list.total.toLocaleString('en-US')}
            </span>
            <button
              type="button"
              disabled={cursors.length === 1 || loaded.loading}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              Previous page
            </button>
            <button
              type="button"
              disabled={!list.next || loaded.loading}
              onClick={() => list.next && setCursors([...cursors, list.next])}
            >
              Next page
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
