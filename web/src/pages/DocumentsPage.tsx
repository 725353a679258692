import { useState, type FormEvent } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { RegisterDocumentForm } from '../components/RegisterDocumentForm';
import { api } from '../lib/api';
import { hasRole, useUser } from '../lib/auth';
import { day } from '../lib/format';
import { Link, navigate } from '../lib/router';
import { CAPTIONS, CLASSIFICATIONS, type DocumentRecord, type Page } from '../lib/types';
import { useLoad } from '../lib/use-load';

interface Filter {
  q: string;
  classification: string;
  caption: string;
  dateFrom: string;
  dateTo: string;
}

const EMPTY: Filter = { q: '', classification: '', caption: '', dateFrom: '', dateTo: '' };

export function DocumentsPage() {
  const me = useUser();
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [offset, setOffset] = useState(0);
  const [registering, setRegistering] = useState(false);
  const limit = 50;
  const list = useLoad(
    () => api.get<Page<DocumentRecord>>('/documents', { ...filter, limit, offset }),
    [filter, offset],
  );
  const canRegister = hasRole(me, 'supervisor', 'admin');

  const search = (e: FormEvent) => {
    e.preventDefault();
    setOffset(0);
    setFilter(draft);
  };
  const field = (key: keyof Filter) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });

  return (
    <section aria-labelledby="docs-title">
      <div className="title-row">
        <h1 id="docs-title">Documents</h1>
        {canRegister && (
          <button
            type="button"
            onClick={() => setRegistering((r) => !r)}
            aria-expanded={registering}
          >
            {registering ? 'Cancel registration' : 'Register a document'}
          </button>
        )}
      </div>
      {registering && (
        <RegisterDocumentForm onRegistered={(doc) => navigate(`/documents/${doc.id}`)} />
      )}
      <form className="filters" role="search" aria-label="Search documents" onSubmit={search}>
        <label>
          Number or title
          <input type="search" {...field('q')} />
        </label>
        <label>
          Classification
          <select {...field('classification')}>
            <option value="">any</option>
            {CLASSIFICATIONS.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Caption
          <select {...field('caption')}>
            <option value="">any</option>
            {CAPTIONS.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Dated from
          <input type="date" {...field('dateFrom')} />
        </label>
        <label>
          to
          <input type="date" {...field('dateTo')} />
        </label>
        <button type="submit">Search</button>
      </form>
      <ErrorNote error={list.error} />
      {list.loading && !list.data && <p>Loading…</p>}
      {list.data && list.data.items.length === 0 && <p className="empty">No document matches.</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="list" aria-label="Documents">
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Title</th>
                <th scope="col">Date</th>
                <th scope="col">Classification</th>
                <th scope="col">Captions</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((d) => (
                <tr key={d.id}>
                  <td data-label="Number">
                    <Link to={`/documents/${d.id}`}>{d.documentNumber}</Link>
                  </td>
                  <td data-label="Title">{d.title}</td>
                  <td data-label="Date">{day(d.documentDate)}</td>
                  <td data-label="Classification">
                    {d.currentClassification}
                    {d.currentClassification !== d.originalClassification && (
                      <span className="muted"> (was {d.originalClassification})</span>
                    )}
                  </td>
                  <td data-label="Captions">{d.captions.join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <span className="muted">
              {offset + 1}–{offset + list.data.items.length} of {list.data.total}
            </span>
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - limit))}
            >
              Previous page
            </button>
            <button
              type="button"
              disabled={offset + limit >= list.data.total}
              onClick={() => setOffset(offset + limit)}
            >
              Next page
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
