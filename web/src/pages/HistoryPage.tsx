import { useMemo, useState } from 'react';
import { MarkingText } from '../components/ReleasePreview';
import { ErrorNote } from '../components/ErrorNote';
import { loadDirectory } from '../lib/directory';
import { api } from '../lib/api';
import { hasRole, useUser } from '../lib/auth';
import { download, parseNdjson } from '../lib/download';
import { mark, moment, stateName, words } from '../lib/format';
import { Link } from '../lib/router';
import type { AuditEvent, DocumentRecord } from '../lib/types';
import { isNotFound, useLoad } from '../lib/use-load';
import { NotFoundPage } from './NotFoundPage';

/** What each act means, in the words an inspector would use. */
const ACTS: Record<string, string> = {
  DOCUMENT_REGISTERED: 'registered the document',
  DOCUMENT_IMPORTED: 'imported the document',
  DOCUMENT_READ: 'read the text',
  REVIEW_CREATED: 'opened a review',
  ASSIGN: 'assigned the review',
  DECIDE_PORTION: 'decided a portion',
  REFER: 'referred portions to another agency',
  RECORD_REFERRAL_RESPONSE: "recorded an agency's answer",
  DOWNGRADE: 'downgraded what stays withheld',
  DECAPTION: 'chose captions to remove',
  PROPOSE: 'proposed a determination',
  APPROVE: 'approved',
  RETURN: 'returned the proposal',
  CLOSE: 'closed the review',
};

interface Disposition {
  reviewId: string;
  kind: string;
  opened: string;
  state: string;
  determination: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  marking: string | null;
}

function dispositions(events: AuditEvent[]): Disposition[] {
  const byReview = new Map<string, Disposition>();
  for (const e of events) {
    if (!e.reviewId) continue;
    let d = byReview.get(e.reviewId);
    if (!d) {
      d = {
        reviewId: e.reviewId,
        kind: '',
        opened: e.occurredAt,
        state: e.toState ?? '',
        determination: null,
        approvedBy: null,
        approvedAt: null,
        marking: null,
      };
      byReview.set(e.reviewId, d);
    }
    const p = e.payload ?? {};
    if (e.action === 'REVIEW_CREATED' && typeof p.kind === 'string') d.kind = p.kind;
    if (e.toState) d.state = e.toState;
    if (e.action === 'PROPOSE' && typeof p.determination === 'string')
      d.determination = p.determination;
    if (e.action === 'APPROVE') {
      d.approvedBy = e.actorUsername;
      d.approvedAt = e.occurredAt;
      if (typeof p.determination === 'string') d.determination = p.determination;
      const outcome = p.outcome as { marking?: unknown } | undefined;
      if (typeof outcome?.marking === 'string') d.marking = outcome.marking;
    }
  }
  return [...byReview.values()];
}

const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v);

function detail(
  e: AuditEvent,
  seqOf: ReadonlyMap<string, number>,
  names: ReadonlyMap<string, string>,
): string {
  const p = e.payload ?? {};
  const portion = typeof p.portionId === 'string' ? seqOf.get(p.portionId) : undefined;
  switch (e.action) {
    case 'DECIDE_PORTION': {
      const codes = Array.isArray(p.exemptions) ? ` under ${p.exemptions.join('; ')}` : '';
      const agency = typeof p.agency === 'string' ? ` to ${p.agency}` : '';
      return `¶${portion ?? '?'}: ${str(p.action)}${codes}${agency}`;
    }
    case 'PROPOSE':
      return str(p.determination);
    case 'REFER':
      return `to ${str(p.agency)}`;
    case 'DOWNGRADE':
      return `to ${str(p.to)}`;
    case 'DECAPTION':
      return Array.isArray(p.captions) && p.captions.length > 0
        ? p.captions.join(', ')
        : 'none (withdrawn)';
    case 'RETURN':
      return typeof p.comment === 'string' ? `“${p.comment}”` : '';
    case 'CLOSE':
      return typeof p.reason === 'string' ? `“${p.reason}”` : '';
    case 'APPROVE': {
      const outcome = p.outcome as { marking?: unknown } | undefined;
      return typeof outcome?.marking === 'string' ? outcome.marking : str(p.determination);
    }
    case 'ASSIGN': {
      const id = str(p.assigneeId);
      return `to ${names.get(id) ?? `user ${id.slice(0, 8)}`}`;
    }
    case 'DOCUMENT_READ':
      return '';
    case 'REVIEW_CREATED':
      return typeof p.kind === 'string' ? `${p.kind} review` : '';
    default: {
      // Anything else (imported legacy entries among them) is shown as the server recorded it.
      const parts = Object.entries(p)
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(([k, v]) => `${k}: ${str(v)}`);
      return parts.join(' · ');
    }
  }
}

/** One entry of the record's history from before declass (GET /documents/:id/disposition). */
interface ImportedEntry {
  source: 'IMPORTED' | 'DECLASS';
  kind: string;
  attribute: string;
  action: string | null;
  date: string | null;
  by: string | null;
  reason: string | null;
  comment: string | null;
  marking: string | null;
  authority: string | null;
  caseNumber: string | null;
}

export function HistoryPage({ id }: { id: string }) {
  const me = useUser();
  const [hideReads, setHideReads] = useState(false);
  const [dlError, setDlError] = useState<unknown>(null);
  const loaded = useLoad(async () => {
    const [doc, text, disposition] = await Promise.all([
      api.get<DocumentRecord>(`/documents/${id}`),
      api.text('/audit/events', { documentId: id, format: 'ndjson' }),
      api.get<{ history: ImportedEntry[] }>(`/documents/${id}/disposition`),
    ]);
    // What the record's own history said before it came to declass, as imported.
    const imported = disposition.history.filter((h) => h.source === 'IMPORTED');
    const events = parseNdjson<AuditEvent>(text);
    // The export names each actor; an assignee who never acted is named by the directory.
    const assignees = events.flatMap((e) =>
      e.action === 'ASSIGN' && typeof e.payload?.assigneeId === 'string'
        ? [e.payload.assigneeId]
        : [],
    );
    const directory = await loadDirectory(assignees);
    return { doc, events, directory, imported };
  }, [id]);

  const seqOf = useMemo(
    () => new Map((loaded.data?.doc.portions ?? []).map((p) => [p.id, p.seq])),
    [loaded.data],
  );
  const names = useMemo(
    () =>
      new Map([
        ...(loaded.data?.directory ?? []),
        ...(loaded.data?.events ?? [])
          .filter((e) => e.actorId && e.actorUsername)
          .map((e) => [e.actorId!, e.actorUsername!] as const),
      ]),
    [loaded.data],
  );

  if (!hasRole(me, 'auditor')) return <p>Only an auditor reads disposition histories.</p>;
  if (isNotFound(loaded.error))
    return <NotFoundPage message={`No document ${id} that you may see.`} />;
  if (loaded.error) return <ErrorNote error={loaded.error} />;
  if (!loaded.data) return <p>Loading…</p>;
  const { doc, events } = loaded.data;
  const shown = hideReads ? events.filter((e) => e.action !== 'DOCUMENT_READ') : events;
  const disp = dispositions(events);

  const save = (format: 'csv' | 'ndjson') => {
    setDlError(null);
    download(
      '/audit/events',
      { documentId: id, format },
      `${doc.documentNumber}-history.${format}`,
    ).catch(setDlError);
  };

  return (
    <section aria-labelledby="h-title">
      <h1 id="h-title">
        Disposition history{' '}
        <span className="subtitle">
          {doc.documentNumber} — {doc.title}
        </span>
      </h1>
      <p>
        <Link to={`/documents/${doc.id}`}>Document page</Link> · now {doc.currentClassification}
        {doc.currentClassification !== doc.originalClassification && (
          <> (originally {doc.originalClassification})</>
        )}
        {' · '}
        <span className="muted">{doc.portions.map((p) => mark(p.classification)).join(' ')}</span>
      </p>
      <h2>Dispositions</h2>
      {disp.length === 0 ? (
        <p className="muted">No review recorded for this document.</p>
      ) : (
        <ul className="plain dispositions">
          {disp.map((d) => (
            <li key={d.reviewId} className="card">
              <strong>{d.kind || 'Review'}</strong> opened {moment(d.opened)} — {stateName(d.state)}
              {d.determination && <span className="tag">{d.determination}</span>}
              {d.approvedBy && (
                <>
                  {' '}
                  approved by <strong>{d.approvedBy}</strong> {moment(d.approvedAt)}
                </>
              )}
              {d.marking && (
                <p className="marking-line">
                  <MarkingText text={d.marking} />
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {loaded.data.imported.length > 0 && (
        <>
          <h2 id="imported-title">Before declass</h2>
          <p className="muted small">
            The record&rsquo;s own history, as imported with it, oldest first.
          </p>
          <ol className="timeline" aria-labelledby="imported-title">
            {loaded.data.imported.map((h, i) => (
              <li key={i} data-source="imported">
                <time>{h.date ?? 'undated'}</time>
                <div>
                  <strong>{h.by ?? 'unrecorded'}</strong> {h.action ?? h.kind}{' '}
                  <code className="muted">{h.attribute}</code>
                  <div className="detail">
                    {[h.reason, h.authority, h.caseNumber && `case ${h.caseNumber}`, h.comment]
                      .filter(Boolean)
                      .join(' · ')}
                    {h.marking && <MarkingText text={h.marking} />}
                  </div>
                </div>
              </li>
            ))}
          </ol>
        </>
      )}
      <div className="title-row">
        <h2>Timeline</h2>
        <div className="actions">
          <label className="check">
            <input
              type="checkbox"
              checked={hideReads}
              onChange={(e) => setHideReads(e.target.checked)}
            />
            Hide text reads
          </label>
          <button type="button" onClick={() => save('csv')}>
            Download CSV
          </button>
          <button type="button" onClick={() => save('ndjson')}>
            Download NDJSON
          </button>
        </div>
      </div>
      <ErrorNote error={dlError} />
      <ol className="timeline" aria-label={`Audit events for ${doc.documentNumber}`}>
        {shown.map((e) => (
          <li key={e.seq} data-action={e.action}>
            <time dateTime={e.occurredAt}>{moment(e.occurredAt)}</time>
            <div>
              <strong>{e.actorUsername ?? 'system'}</strong> {ACTS[e.action] ?? words(e.action)}{' '}
              <code className="muted">{e.action}</code>
              {(e.fromState || e.toState) && e.fromState !== e.toState && (
                <span className="transition">
                  {' '}
                  {e.fromState ? stateName(e.fromState) : 'start'} →{' '}
                  {e.toState ? stateName(e.toState) : '—'}
                </span>
              )}
              <div className="detail">{detail(e, seqOf, names)}</div>
              <div className="muted small">
                #{e.seq} · hash <code title={e.hash}>{e.hash.slice(0, 12)}…</code>
              </div>
            </div>
          </li>
        ))}
      </ol>
      {shown.length === 0 && <p className="muted">No events.</p>}
    </section>
  );
}
