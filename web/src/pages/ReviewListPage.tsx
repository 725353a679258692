import { useMemo, useState } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { api } from '../lib/api';
import { useUser } from '../lib/auth';
import { loadDirectory, nameOf } from '../lib/directory';
import { day, isOverdue, moment, stateName } from '../lib/format';
import { Link } from '../lib/router';
import {
  FINAL_STATES,
  REVIEW_KINDS,
  type DocumentRecord,
  type Page,
  type Review,
} from '../lib/types';
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

type SortKey = 'document' | 'title' | 'kind' | 'state' | 'assignee' | 'due' | 'updated';

interface Row {
  review: Review;
  title: string;
  assignee: string;
  overdue: boolean;
}

export function ReviewListPage({ mode }: { mode: Mode }) {
  const me = useUser();
  const [text, setText] = useState('');
  const [kind, setKind] = useState('');
  const [state, setState] = useState('');
  const [onlyOverdue, setOnlyOverdue] = useState(false);
  const [sort, setSort] = useState<{ key: SortKey; asc: boolean }>({ key: 'due', asc: true });

  const loaded = useLoad(async () => {
    const query =
      mode === 'mine'
        ? { assigneeId: me.id }
        : mode === 'unassigned'
          ? { state: 'queued' }
          : mode === 'inbox'
            ? { state: 'pendingApproval' }
            : {};
    const [reviews, documents, directory] = await Promise.all([
      api.get<Page<Review>>('/reviews', { ...query, limit: 500 }),
      api.get<Page<DocumentRecord>>('/documents', { limit: 500 }),
      loadDirectory(me),
    ]);
    return { reviews, documents, directory };
  }, [mode, me.id]);

  const rows = useMemo<Row[]>(() => {
    if (!loaded.data) return [];
    const { reviews, documents, directory } = loaded.data;
    const titles = new Map(documents.items.map((d) => [d.id, d.title]));
    return reviews.items
      .filter((r) => mode === 'unassigned' || mode === 'inbox' || !FINAL_STATES.includes(r.state))
      .map((r) => ({
        review: r,
        title: titles.get(r.documentId) ?? '',
        assignee: r.assigneeId ? nameOf(directory, me, r.assigneeId) : 'nobody',
        overdue: isOverdue(r.dueAt, r.state),
      }));
  }, [loaded.data, mode, me]);

  const states = useMemo(() => [...new Set(rows.map((r) => r.review.state))], [rows]);

  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    const filtered = rows.filter(
      (r) =>
        (!needle ||
          r.review.documentNumber.toLowerCase().includes(needle) ||
          r.title.toLowerCase().includes(needle)) &&
        (!kind || r.review.kind === kind) &&
        (!state || r.review.state === state) &&
        (!onlyOverdue || r.overdue),
    );
    const value = (r: Row): string => {
      switch (sort.key) {
        case 'document':
          return r.review.documentNumber;
        case 'title':
          return r.title;
        case 'kind':
          return r.review.kind;
        case 'state':
          return r.review.state;
        case 'assignee':
          return r.assignee;
        case 'due':
          return r.review.dueAt ?? '\uffff';
        case 'updated':
          return r.review.updatedAt;
      }
    };
    return filtered.sort((a, b) => {
      const c = value(a).localeCompare(value(b));
      return sort.asc ? c : -c;
    });
  }, [rows, text, kind, state, onlyOverdue, sort]);

  const t = TITLES[mode];
  const anyDue = rows.some((r) => r.review.dueAt);

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
              {states.map((s) => (
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
      {loaded.loading && !loaded.data && <p>Loading…</p>}
      {loaded.data && rows.length === 0 && <p className="empty">{t.empty}</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="list" aria-label={t.title}>
            <thead>
              <tr>
                {header('document', 'Document')}
                {header('title', 'Title')}
                {header('kind', 'Kind')}
                {header('state', 'State')}
                {header('assignee', 'Assignee')}
                {header('due', 'Due')}
                {header('updated', 'Updated')}
              </tr>
            </thead>
            <tbody>
              {shown.map(({ review: r, title, assignee, overdue }) => (
                <tr key={r.id}>
                  <td data-label="Document">
                    <Link to={`/reviews/${r.id}`}>{r.documentNumber}</Link>
                  </td>
                  <td data-label="Title">{title}</td>
                  <td data-label="Kind">{r.kind}</td>
                  <td data-label="State">
                    <span className={`state state-${r.state}`}>{stateName(r.state)}</span>
                  </td>
                  <td data-label="Assignee">{assignee}</td>
                  <td data-label="Due">
                    {r.clock?.dueOn ? day(r.clock.dueOn) : <span className="muted">no date</span>}{' '}
                    {overdue && <span className="badge overdue">Overdue</span>}
                  </td>
                  <td data-label="Updated">{moment(r.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            {shown.length} of {rows.length} shown.
            {!anyDue && ' No review here has a due date yet.'}
          </p>
        </div>
      )}
    </section>
  );
}
