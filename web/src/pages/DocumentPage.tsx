import { useState, type FormEvent } from 'react';
import { DocumentMeta } from '../components/DocumentMeta';
import { ErrorNote } from '../components/ErrorNote';
import { api } from '../lib/api';
import { hasRole, useUser } from '../lib/auth';
import { mark, moment, stateName } from '../lib/format';
import { Link, navigate } from '../lib/router';
import {
  RECORD_REVIEW_KINDS,
  type DocumentRecord,
  type DocumentText,
  type Page,
  type Review,
} from '../lib/types';
import { isNotFound, useLoad } from '../lib/use-load';
import { NotFoundPage } from './NotFoundPage';

export function DocumentPage({ id }: { id: string }) {
  const me = useUser();
  const loaded = useLoad(async () => {
    const [doc, reviews] = await Promise.all([
      api.get<DocumentRecord>(`/documents/${id}`),
      api.get<Page<Review>>('/reviews', { documentId: id, limit: 100 }),
    ]);
    return { doc, reviews: reviews.items };
  }, [id]);
  const [text, setText] = useState<DocumentText | null>(null);
  const [textError, setTextError] = useState<unknown>(null);
  const [kind, setKind] = useState('SYSTEMATIC');
  const [openError, setOpenError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (isNotFound(loaded.error))
    return <NotFoundPage message={`No document ${id} that you may see.`} />;
  if (loaded.error) return <ErrorNote error={loaded.error} />;
  if (!loaded.data) return <p>Loading…</p>;
  const { doc, reviews } = loaded.data;

  const readText = async () => {
    setTextError(null);
    try {
      setText(await api.get<DocumentText>(`/documents/${id}/text`));
    } catch (e) {
      setTextError(e);
    }
  };

  const openReview = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setOpenError(null);
    try {
      const review = await api.post<Review>(`/documents/${id}/reviews`, { kind });
      navigate(`/reviews/${review.id}`);
    } catch (err) {
      setOpenError(err);
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="doc-title">
      <h1 id="doc-title">
        {doc.documentNumber} <span className="subtitle">{doc.title}</span>
      </h1>
      <div className="columns">
        <div>
          <h2>Metadata</h2>
          <DocumentMeta doc={doc} />
          {hasRole(me, 'auditor') && (
            <p>
              <Link to={`/audit/documents/${doc.id}`}>Disposition history of this document</Link>
            </p>
          )}
        </div>
        <div>
          <h2>Reviews</h2>
          {reviews.length === 0 ? (
            <p className="muted">No review yet.</p>
          ) : (
            <ul className="plain">
              {reviews.map((r) => (
                <li key={r.id}>
                  <Link to={`/reviews/${r.id}`}>
                    {r.kind} review — {stateName(r.state)}
                  </Link>{' '}
                  <span className="muted">opened {moment(r.createdAt)}</span>
                  {r.determination && <span className="tag">{r.determination}</span>}
                </li>
              ))}
            </ul>
          )}
          {hasRole(me, 'supervisor', 'admin') && (
            <form
              className="inline-form"
              onSubmit={(e) => void openReview(e)}
              aria-label="Open a review"
            >
              <label>
                Review kind
                <select value={kind} onChange={(e) => setKind(e.target.value)}>
                  {RECORD_REVIEW_KINDS.map((k) => (
                    <option key={k}>{k}</option>
                  ))}
                </select>
              </label>
              <button type="submit" disabled={busy}>
                Open a review
              </button>
              <ErrorNote error={openError} />
            </form>
          )}
          <h2>Text</h2>
          {text ? (
            <ol className="plain text-portions">
              {text.portions.map((p) => (
                <li key={p.id}>
                  <span className="marking">{mark(p.classification)}</span>{' '}
                  {p.text ?? `[withheld under ${p.withheldUnder.join(', ')}]`}
                </li>
              ))}
            </ol>
          ) : (
            <>
              <button type="button" onClick={() => void readText()}>
                Read the text
              </button>
              <p className="muted small">Reading the text is recorded in the audit trail.</p>
              <ErrorNote error={textError} />
            </>
          )}
        </div>
      </div>
    </section>
  );
}
