import { useEffect, useState, type FormEvent } from 'react';
import { AuditTable } from '../components/AuditTable';
import { ErrorNote } from '../components/ErrorNote';
import { api } from '../lib/api';
import { hasRole, useUser } from '../lib/auth';
import { download, parseNdjson } from '../lib/download';
import { day } from '../lib/format';
import { Link } from '../lib/router';
import type { AuditEvent, DocumentRecord, Page } from '../lib/types';

interface ExportFilter {
  documentId: string;
  reviewId: string;
  actorId: string;
  from: string;
  to: string;
}

const EMPTY: ExportFilter = { documentId: '', reviewId: '', actorId: '', from: '', to: '' };

/** `datetime-local` values are the user's local time; the API wants ISO 8601 instants. */
const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);

export function AuditPage() {
  const me = useUser();
  if (!hasRole(me, 'auditor')) {
    return (
      <section>
        <h1>Audit</h1>
        <p>Only an auditor reads and exports the audit trail.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit</h1>
      <div className="columns">
        <HistoryFinder />
        <Verify />
      </div>
      <Export />
    </section>
  );
}

function HistoryFinder() {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<DocumentRecord[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const search = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setFound((await api.get<Page<DocumentRecord>>('/documents', { q, limit: 20 })).items);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section aria-labelledby="hist-title" className="card">
      <h2 id="hist-title">A document's disposition history</h2>
      <form
        className="inline-form"
        role="search"
        aria-label="Find a document"
        onSubmit={(e) => void search(e)}
      >
        <label>
          Document number or title
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
        <button type="submit">Find</button>
      </form>
      <ErrorNote error={error} />
      {found && found.length === 0 && <p className="muted">No document matches.</p>}
      {found && found.length > 0 && (
        <ul className="plain">
          {found.map((d) => (
            <li key={d.id}>
              <Link to={`/audit/documents/${d.id}`}>History of {d.documentNumber}</Link>{' '}
              <span className="muted">
                {d.title}, {day(d.documentDate)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface VerifyRoute {
  path: string;
  method: 'get' | 'post';
}

function Verify() {
  const [route, setRoute] = useState<VerifyRoute | null | undefined>(undefined);
  const [result, setResult] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    let method: VerifyRoute['method'] = 'get';
    api
      .hasRoute((path, methods) => {
        if (!/^\/api\/audit\/.*verif/i.test(path) || path.includes('{')) return false;
        method = methods.includes('get') ? 'get' : 'post';
        return methods.includes('get') || methods.includes('post');
      })
      .then((path) => live && setRoute(path ? { path, method } : null))
      .catch(() => live && setRoute(null));
    return () => {
      live = false;
    };
  }, []);

  const run = async () => {
    if (!route) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const path = route.path.replace(/^\/api/, '');
      setResult(route.method === 'get' ? await api.get(path) : await api.post(path, {}));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="verify-title" className="card">
      <h2 id="verify-title">Verify the audit chain</h2>
      {route === undefined && <p>Checking what this server offers…</p>}
      {route === null && (
        <p className="notice" data-testid="verify-unavailable">
          Verification is not available on this server yet.
        </p>
      )}
      {route && (
        <>
          <p className="muted">
            Recomputes every hash and checks that no event was changed, removed or inserted.
          </p>
          <button type="button" onClick={() => void run()} disabled={busy}>
            {busy ? 'Verifying…' : 'Verify now'}
          </button>
          <ErrorNote error={error} />
          {result !== null && <VerifyResult result={result} />}
        </>
      )}
    </section>
  );
}

interface VerifyReport {
  ok?: boolean;
  checked?: number;
  chains?: number;
  anchors?: number;
  firstBroken?: { seq: string; chainKey: string; reason: string; detail: string } | null;
}

function VerifyResult({ result }: { result: unknown }) {
  const r = (result ?? {}) as VerifyReport & Record<string, unknown>;
  const counts = [
    typeof r.checked === 'number' ? `${r.checked} events` : null,
    typeof r.chains === 'number' ? `${r.chains} chains` : null,
    typeof r.anchors === 'number' ? `${r.anchors} anchors` : null,
  ].filter(Boolean);
  return (
    <div role="status" className={r.ok === false ? 'error' : 'ok'} data-testid="verify-result">
      <strong>
        {r.ok === false
          ? 'The audit trail has been tampered with.'
          : r.ok === true
            ? 'The audit trail is intact.'
            : 'Verification finished.'}
      </strong>{' '}
      {counts.length > 0 && <>Checked {counts.join(', ')}.</>}
      {r.firstBroken && (
        <p>
          First break at event #{r.firstBroken.seq} ({r.firstBroken.chainKey}):{' '}
          {r.firstBroken.reason.toLowerCase().replace(/_/g, ' ')} — {r.firstBroken.detail}
        </p>
      )}
    </div>
  );
}

function Export() {
  const [draft, setDraft] = useState<ExportFilter>(EMPTY);
  const [format, setFormat] = useState<'csv' | 'ndjson'>('csv');
  const [preview, setPreview] = useState<AuditEvent[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const query = () => ({
    documentId: draft.documentId.trim() || undefined,
    reviewId: draft.reviewId.trim() || undefined,
    actorId: draft.actorId.trim() || undefined,
    from: instant(draft.from),
    to: instant(draft.to),
  });

  const run = async (what: 'download' | 'preview') => {
    setBusy(true);
    setError(null);
    try {
      if (what === 'download') {
        await download('/audit/events', { ...query(), format }, `audit-events.${format}`);
      } else {
        const text = await api.text('/audit/events', { ...query(), format: 'ndjson' });
        setPreview(parseNdjson<AuditEvent>(text));
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const field = (key: keyof ExportFilter, label: string, type = 'text') => (
    <label>
      {label}
      <input
        type={type}
        value={draft[key]}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        placeholder={type === 'text' ? 'id (optional)' : undefined}
      />
    </label>
  );

  return (
    <section aria-labelledby="export-title" className="card">
      <h2 id="export-title">Export the audit trail</h2>
      <form
        className="filters"
        aria-label="Audit export filters"
        onSubmit={(e) => {
          e.preventDefault();
          void run('preview');
        }}
      >
        {field('documentId', 'Document id')}
        {field('reviewId', 'Review id')}
        {field('actorId', 'Actor id')}
        {field('from', 'From', 'datetime-local')}
        {field('to', 'To', 'datetime-local')}
        <fieldset className="inline">
          <legend>Format</legend>
          <label className="check">
            <input
              type="radio"
              name="format"
              checked={format === 'csv'}
              onChange={() => setFormat('csv')}
            />
            CSV
          </label>
          <label className="check">
            <input
              type="radio"
              name="format"
              checked={format === 'ndjson'}
              onChange={() => setFormat('ndjson')}
            />
            NDJSON
          </label>
        </fieldset>
        <button type="submit" disabled={busy}>
          Preview
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => void run('download')}
        >
          Download {format.toUpperCase()}
        </button>
      </form>
      <ErrorNote error={error} />
      {preview && (
        <>
          <p className="muted">
            {preview.length} event{preview.length === 1 ? '' : 's'}
            {preview.length > 200 ? '; the first 200 are shown — download for all' : ''}.
          </p>
          <AuditTable events={preview.slice(0, 200)} />
        </>
      )}
    </section>
  );
}
