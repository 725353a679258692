import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FormEvent,
  type RefObject,
} from 'react';
import { DocumentMeta } from '../components/DocumentMeta';
import { ErrorNote } from '../components/ErrorNote';
import { ExemptionPicker } from '../components/ExemptionPicker';
import { LifecycleDiagram } from '../components/LifecycleDiagram';
import { PortionRow, type DecideInput, type Editor } from '../components/PortionRow';
import { MarkingText, ReleaseCopyView, ReleasePreview } from '../components/ReleasePreview';
import { ShortcutHelp } from '../components/ShortcutHelp';
import { api, ApiError } from '../lib/api';
import { hasRole, useUser } from '../lib/auth';
import { loadDirectory, nameOf, type Directory } from '../lib/directory';
import { day, isOverdue, moment, stateName } from '../lib/format';
import { determinationOf, previewPortions } from '../lib/release';
import { Link } from '../lib/router';
import {
  CLASSIFICATIONS,
  type DocumentRecord,
  type DocumentText,
  type ExemptionCode,
  type ReleaseCopy,
  type Review,
  type User,
} from '../lib/types';
import { isNotFound, useLoad } from '../lib/use-load';
import { NotFoundPage } from './NotFoundPage';

const DETERMINATIONS = ['RELEASE_IN_FULL', 'RELEASE_IN_PART', 'DENY_IN_FULL'];

interface Loaded {
  review: Review;
  doc: DocumentRecord;
  texts: Map<string, string>;
  codes: ExemptionCode[];
  directory: Directory;
  reviewers: User[];
  release: ReleaseCopy | null;
}

async function loadReview(id: string, me: User): Promise<Loaded> {
  const review = await api.get<Review>(`/reviews/${id}`);
  const mayDecide =
    review.assigneeId === me.id ||
    (hasRole(me, 'supervisor') && review.nextEvents.includes('RECORD_REFERRAL_RESPONSE'));
  const final = isReleased(review);
  const [doc, text, codes, directory, reviewers, release] = await Promise.all([
    api.get<DocumentRecord>(`/documents/${review.documentId}`),
    api.get<DocumentText>(`/documents/${review.documentId}/text`),
    mayDecide ? api.get<ExemptionCode[]>(`/reviews/${id}/exemption-codes`) : Promise.resolve([]),
    loadDirectory([
      review.assigneeId,
      review.proposerId,
      review.approverId,
      ...review.portions.map((p) => p.decision?.decidedBy),
      ...review.referrals.map((r) => r.response?.recordedBy),
    ]),
    // The reviewers a supervisor may assign the review to. The server has the last word on
    // roles: its refusal leaves the list empty, not the page.
    hasRole(me, 'supervisor')
      ? api.get<User[]>('/users', { role: 'reviewer' }).catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 403) return [];
          throw error;
        })
      : Promise.resolve([]),
    final ? api.get<ReleaseCopy>(`/reviews/${id}/release`) : Promise.resolve(null),
  ]);
  return {
    review,
    doc,
    texts: new Map(text.portions.flatMap((p) => (p.text === null ? [] : [[p.id, p.text]]))),
    codes,
    directory,
    reviewers,
    release,
  };
}

/** Released or withheld: a review whose release copy exists. */
const isReleased = (review: Review) => review.state === 'released' || review.state === 'withheld';

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement &&
  (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

export function ReviewPage({ id }: { id: string }) {
  const me = useUser();
  // How long from opening the page to the portions and the preview on screen (the browser test
  // reads this measure; a 200-portion review must render in under a second).
  useState(() => {
    for (const name of ['review:start', 'review:data', 'review:rendered']) {
      performance.clearMarks(name);
    }
    performance.clearMeasures('review:render');
    performance.clearMeasures('review:paint');
    performance.mark('review:start');
    return null;
  });
  const loaded = useLoad(
    () =>
      loadReview(id, me).then((data) => {
        if (!performance.getEntriesByName('review:data').length) performance.mark('review:data');
        return data;
      }),
    [id, me.id],
  );
  const { data, set } = loaded;

  useLayoutEffect(() => {
    if (!data || performance.getEntriesByName('review:rendered').length) return;
    performance.mark('review:rendered');
    performance.measure('review:render', 'review:start', 'review:rendered');
    performance.measure('review:paint', 'review:data', 'review:rendered');
  }, [data]);

  if (isNotFound(loaded.error))
    return <NotFoundPage message={`No review ${id} that you may see.`} />;
  if (loaded.error && !data) return <ErrorNote error={loaded.error} />;
  if (!data) return <p>Loading the review…</p>;
  return (
    <ReviewView
      data={data}
      me={me}
      onChange={(review) => {
        set({ ...data, review });
        // An approval answers the review; the release copy it made is read next, so the page
        // shows what was released without a reload.
        if (isReleased(review) && !data.release) {
          api.get<ReleaseCopy>(`/reviews/${review.id}/release`).then(
            (release) => set({ ...data, review, release }),
            () => loaded.reload(),
          );
        }
      }}
      onReload={loaded.reload}
    />
  );
}

function ReviewView({
  data,
  me,
  onChange,
  onReload,
}: {
  data: Loaded;
  me: User;
  onChange(review: Review): void;
  onReload(): void;
}) {
  const { review, doc, texts, codes, directory, reviewers, release } = data;
  const [active, setActive] = useState(() => review.portions[0]?.seq ?? 1);
  const [editor, setEditor] = useState<{ seq: number; kind: Editor }>({ seq: 0, kind: null });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ where: string; error: unknown } | null>(null);
  const [help, setHelp] = useState(false);
  const proposeRef = useRef<HTMLButtonElement>(null);

  const isAssignee = review.assigneeId === me.id;
  const can = (event: string) => review.nextEvents.includes(event);
  const canDecide = isAssignee && can('DECIDE_PORTION');
  const canPropose = isAssignee && can('PROPOSE');
  const isSupervisor = hasRole(me, 'supervisor');

  const openReferrals = useMemo(() => {
    const m = new Map<string, string>();
    for (const r of review.referrals)
      if (!r.response) for (const p of r.portionIds) m.set(p, r.agency);
    return m;
  }, [review.referrals]);
  const preview = useMemo(
    () => previewPortions(review.portions, texts, openReferrals),
    [review.portions, texts, openReferrals],
  );
  const computed = determinationOf(review.portions);

  // Events go to the server one after another, each with the version the one before got back:
  // a reviewer typing ahead (r r r) must not meet "someone else changed this review".
  const version = useRef(review.version);
  useLayoutEffect(() => {
    version.current = Math.max(version.current, review.version);
  }, [review.version]);
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  /** Sends one lifecycle event; a refusal is shown next to the control named `where`. */
  const send = useCallback(
    (where: string, event: Record<string, unknown>): Promise<boolean> => {
      const run = queue.current.then(async () => {
        setBusy(true);
        setFailure(null);
        try {
          const answer = await api.post<Review>(`/reviews/${review.id}/events`, {
            ...event,
            expectedVersion: version.current,
          });
          version.current = answer.version;
          onChange(answer);
          return true;
        } catch (error) {
          setFailure({ where, error });
          return false;
        } finally {
          setBusy(false);
        }
      });
      queue.current = run;
      return run;
    },
    [review.id, onChange],
  );
  const errorAt = (where: string) => (failure?.where === where ? failure.error : null);

  /** Makes a portion the current one: the keys act on it and it holds the keyboard focus. */
  const moveTo = useCallback((seq: number) => {
    setActive(seq);
    document.getElementById(`portion-${seq}`)?.focus({ preventScroll: false });
  }, []);

  // Portions whose decision is on its way to the server.
  const deciding = useRef(new Set<string>());
  const onDecide = useCallback(
    (portionId: string, input: DecideInput) => {
      const seq = review.portions.find((p) => p.id === portionId)?.seq ?? 0;
      deciding.current.add(portionId);
      // Move on to the next undecided portion at once, as a reviewer works down the page, so
      // keys typed ahead act on it; a refusal brings the reviewer back to the portion refused.
      const next = review.portions.find(
        (p) => p.seq > seq && !p.decision && !deciding.current.has(p.id),
      );
      if (next) moveTo(next.seq);
      void send(`portion-${seq}`, { type: 'DECIDE_PORTION', portionId, ...input }).then((ok) => {
        deciding.current.delete(portionId);
        if (ok) setEditor((open) => (open.seq === seq ? { seq: 0, kind: null } : open));
        else moveTo(seq);
      });
    },
    [review.portions, send, moveTo],
  );
  const onActivate = useCallback((seq: number) => setActive(seq), []);
  const onEdit = useCallback((seq: number, kind: Editor) => {
    setActive(seq);
    setEditor({ seq, kind });
  }, []);

  useEffect(() => {
    const row = document.getElementById(`portion-${active}`);
    if (row && !row.contains(document.activeElement)) {
      row.scrollIntoView({ block: 'nearest' });
    }
  }, [active]);

  // A layout effect, so the listener is replaced in the same task as the render it belongs to.
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'Escape') {
        setEditor({ seq: 0, kind: null });
        return;
      }
      // Whether the shortcut help is open is read from the page, not from state: Escape closes the
      // dialog at once, but its close event (which updates the state) is a task the browser may
      // run after the keys typed next, and those keys belong to the page.
      if (typing(e.target) || document.querySelector('dialog[open]')) return;
      const seqs = review.portions.map((p) => p.seq);
      const index = seqs.indexOf(active);
      const portion = review.portions[index];
      switch (e.key) {
        case 'j':
        case 'k': {
          const next =
            seqs[Math.min(seqs.length - 1, Math.max(0, index + (e.key === 'j' ? 1 : -1)))];
          if (next !== undefined) moveTo(next);
          break;
        }
        case 'r':
          if (canDecide && portion && !openReferrals.has(portion.id))
            onDecide(portion.id, { action: 'RELEASE' });
          break;
        case 'e':
        case 'f':
          if (canDecide && portion && !openReferrals.has(portion.id)) {
            setEditor({ seq: active, kind: e.key === 'e' ? 'exempt' : 'refer' });
          }
          break;
        case 'p':
          if (canPropose) proposeRef.current?.focus();
          break;
        case '?':
          setHelp(true);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [review.portions, active, canDecide, canPropose, onDecide, openReferrals, moveTo]);

  // Names known when the page opened, and the reviewers a supervisor may have just assigned.
  const names = useMemo(
    () => new Map([...reviewers.map((u) => [u.id, u.username] as const), ...directory]),
    [directory, reviewers],
  );
  const who = (id: string | null) => nameOf(names, me, id);
  const decided = review.portions.filter((p) => p.decision && p.decision.action !== 'REFER').length;
  const overdue = isOverdue(review.dueAt, review.state);
  const stale = failure?.error instanceof ApiError && failure.error.code === 'STALE_VERSION';

  return (
    <article aria-labelledby="review-title" className="review">
      <header className="review-head">
        <h1 id="review-title">
          {review.documentNumber} <span className="subtitle">{doc.title}</span>
        </h1>
        <p className="summary">
          <span className={`state state-${review.state}`} data-testid="review-state">
            {stateName(review.state)}
          </span>{' '}
          {review.kind} review · assigned to {review.assigneeId ? who(review.assigneeId) : 'nobody'}
          {review.proposerId && <> · proposed by {who(review.proposerId)}</>}
          {review.approverId && <> · approved by {who(review.approverId)}</>}
          {review.determination && <span className="tag">{review.determination}</span>}
          {' · '}due {review.clock?.dueOn ? day(review.clock.dueOn) : 'not set'}
          {overdue && <span className="badge overdue">Overdue</span>}
          <span className="muted small"> · version {review.version}</span>
        </p>
        <p className="small">
          <Link to={`/documents/${doc.id}`}>Document page</Link>
          {' · '}
          <button
            type="button"
            className="link"
            onClick={() => setHelp(true)}
            aria-keyshortcuts="?"
          >
            Keyboard shortcuts (?)
          </button>
        </p>
        {stale && (
          <p className="error" role="alert">
            Someone else changed this review after you opened it.{' '}
            <button type="button" onClick={onReload}>
              Reload the review
            </button>
          </p>
        )}
        {review.returnComment && review.state === 'inReview' && (
          <p className="notice">
            <strong>Returned by the supervisor:</strong> {review.returnComment}
          </p>
        )}
        {review.releaseMarking && (
          <p className="marking-line">
            <MarkingText text={review.releaseMarking} />
          </p>
        )}
        {review.closedReason && <p className="notice">Closed: {review.closedReason}</p>}
      </header>

      <details className="panel" open>
        <summary>Document metadata</summary>
        <DocumentMeta doc={doc} />
      </details>
      <details className="panel" open={!isAssignee || review.state !== 'inReview'}>
        <summary>Lifecycle — now {stateName(review.state)}</summary>
        <LifecycleDiagram current={review.state} />
      </details>

      {hasRole(me, 'supervisor', 'admin') && (
        <SupervisorPanel
          review={review}
          me={me}
          reviewers={reviewers}
          busy={busy}
          send={send}
          errorAt={errorAt}
        />
      )}

      {(review.referrals.length > 0 ||
        (isAssignee && review.portions.some((p) => p.decision?.action === 'REFER'))) && (
        <ReferralPanel
          review={review}
          codes={codes}
          mayRespond={(isAssignee || isSupervisor) && can('RECORD_REFERRAL_RESPONSE')}
          mayRefer={isAssignee && can('REFER')}
          busy={busy}
          send={send}
          errorAt={errorAt}
        />
      )}

      <div className="review-grid">
        <section aria-labelledby="portions-title" className="portions-col">
          <h2 id="portions-title">
            Portions{' '}
            <span className="muted small">
              {decided} of {review.portions.length} decided
            </span>
          </h2>
          {!canDecide && !isAssignee && review.state === 'inReview' && (
            <p className="muted small">Only the assigned reviewer decides portions.</p>
          )}
          <ol className="portions" aria-label="Portions in order">
            {review.portions.map((p) => (
              <PortionRow
                key={p.id}
                portion={p}
                text={texts.get(p.id)}
                active={p.seq === active}
                canDecide={canDecide}
                referredTo={openReferrals.get(p.id)}
                editor={editor.seq === p.seq ? editor.kind : null}
                codes={codes}
                equities={doc.equities}
                decidedBy={p.decision ? who(p.decision.decidedBy) : null}
                busy={busy}
                error={errorAt(`portion-${p.seq}`)}
                onActivate={onActivate}
                onEdit={onEdit}
                onDecide={onDecide}
              />
            ))}
          </ol>
        </section>
        <aside aria-labelledby="copy-title" className="preview-col">
          {isAssignee &&
            can('DOWNGRADE') &&
            (LEVELS.indexOf(doc.currentClassification) > 0 || doc.captions.length > 0) && (
              <MarkingsPanel
                review={review}
                level={doc.currentClassification}
                captions={doc.captions}
                busy={busy}
                send={send}
                errorAt={errorAt}
              />
            )}
          {canPropose && (
            <ProposePanel
              key={computed ?? 'none'}
              computed={computed}
              decided={decided}
              total={review.portions.length}
              busy={busy}
              buttonRef={proposeRef}
              error={errorAt('propose')}
              onPropose={(determination) =>
                void send('propose', { type: 'PROPOSE', determination })
              }
            />
          )}
          <h2 id="copy-title">{release ? 'Release copy' : 'Release copy preview'}</h2>
          {release ? <ReleaseCopyView copy={release} /> : <ReleasePreview portions={preview} />}
        </aside>
      </div>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </article>
  );
}

type Send = (where: string, event: Record<string, unknown>) => Promise<boolean>;

function ProposePanel({
  computed,
  decided,
  total,
  busy,
  buttonRef,
  error,
  onPropose,
}: {
  computed: string | null;
  decided: number;
  total: number;
  busy: boolean;
  buttonRef: RefObject<HTMLButtonElement | null>;
  error: unknown;
  onPropose(determination: string): void;
}) {
  const [choice, setChoice] = useState(computed ?? 'RELEASE_IN_PART');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onPropose(choice);
  };
  return (
    <form className="card propose" aria-labelledby="propose-title" onSubmit={submit}>
      <h2 id="propose-title">Propose a determination</h2>
      <p className="muted small">
        {decided} of {total} portions decided.
        {computed
          ? ` The decisions call for ${computed}.`
          : ' Decide every portion (referrals answered) first.'}
      </p>
      <label>
        Determination
        <select value={choice} onChange={(e) => setChoice(e.target.value)}>
          {DETERMINATIONS.map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
      </label>
      <button
        type="submit"
        className="primary"
        ref={buttonRef}
        disabled={busy}
        aria-keyshortcuts="p"
      >
        Propose
      </button>
      <ErrorNote error={error} />
    </form>
  );
}

/** The classified levels a downgrade may name, lowest first. */
const LEVELS: readonly string[] = CLASSIFICATIONS.slice(CLASSIFICATIONS.indexOf('CONFIDENTIAL'));

/**
 * What stays withheld may keep a lower level and fewer captions: the reviewer chooses, the
 * approval applies it and the marking records it.
 */
function MarkingsPanel({
  review,
  level,
  captions,
  busy,
  send,
  errorAt,
}: {
  review: Review;
  level: string;
  captions: string[];
  busy: boolean;
  send: Send;
  errorAt(where: string): unknown;
}) {
  const lower = LEVELS.slice(0, Math.max(LEVELS.indexOf(level), 0));
  const [to, setTo] = useState(review.downgradeTo ?? level);
  const [removed, setRemoved] = useState<string[]>(review.decaptions);
  const toggle = (caption: string) =>
    setRemoved((now) =>
      now.includes(caption) ? now.filter((c) => c !== caption) : [...now, caption],
    );
  const sameCaptions =
    removed.length === review.decaptions.length &&
    removed.every((c) => review.decaptions.includes(c));
  return (
    <section className="card" aria-labelledby="markings-title">
      <h2 id="markings-title">Level and captions</h2>
      <p className="muted small">
        What stays withheld keeps the level and captions chosen here once the determination is
        approved.
      </p>
      {lower.length > 0 && (
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void send('downgrade', { type: 'DOWNGRADE', to });
          }}
        >
          <label>
            Downgrade to
            <select value={to} onChange={(e) => setTo(e.target.value)}>
              <option value={level}>{level} (keep)</option>
              {lower.map((l) => (
                <option key={l}>{l}</option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy || to === (review.downgradeTo ?? level)}>
            Record the level
          </button>
          <ErrorNote error={errorAt('downgrade')} />
        </form>
      )}
      {captions.length > 0 && (
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void send('decaption', { type: 'DECAPTION', captions: removed });
          }}
        >
          <fieldset className="inline">
            <legend>Remove captions</legend>
            {captions.map((c) => (
              <label key={c}>
                <input type="checkbox" checked={removed.includes(c)} onChange={() => toggle(c)} />{' '}
                {c}
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={busy || sameCaptions}>
            Record the captions
          </button>
          <ErrorNote error={errorAt('decaption')} />
        </form>
      )}
    </section>
  );
}

function SupervisorPanel({
  review,
  me,
  reviewers,
  busy,
  send,
  errorAt,
}: {
  review: Review;
  me: User;
  /** Active reviewers, by username. */
  reviewers: User[];
  busy: boolean;
  send: Send;
  errorAt(where: string): unknown;
}) {
  const isSupervisor = hasRole(me, 'supervisor');
  const can = (event: string) => review.nextEvents.includes(event);
  const [assignee, setAssignee] = useState('');
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const participant =
    review.proposerId === me.id || review.portions.some((p) => p.decision?.decidedBy === me.id);

  const showAssign = isSupervisor && can('ASSIGN');
  const showApprove = isSupervisor && can('APPROVE');
  const showReturn = isSupervisor && can('RETURN');
  const showClose = can('CLOSE');
  if (!showAssign && !showApprove && !showReturn && !showClose) return null;

  return (
    <section className="card supervisor" aria-labelledby="sup-title">
      <h2 id="sup-title">Supervisor</h2>
      {showAssign && (
        <form
          className="inline-form"
          aria-label="Assign"
          onSubmit={(e) => {
            e.preventDefault();
            void send('assign', { type: 'ASSIGN', assigneeId: assignee });
          }}
        >
          <label>
            {review.assigneeId ? 'Reassign to' : 'Assign to'}
            <select value={assignee} onChange={(e) => setAssignee(e.target.value)} required>
              <option value="">choose a reviewer</option>
              {reviewers.map((u) => (
                <option key={u.id} value={u.id} disabled={u.id === review.assigneeId}>
                  {u.username} ({u.clearance}
                  {u.caveats.length ? `; ${u.caveats.join(', ')}` : ''})
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy || !assignee}>
            {review.assigneeId ? 'Reassign' : 'Assign'}
          </button>
          <ErrorNote error={errorAt('assign')} />
        </form>
      )}
      {showApprove && (
        <div className="inline-form">
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void send('approve', { type: 'APPROVE' })}
          >
            Approve
          </button>
          {participant && (
            <span className="muted small">
              You proposed or decided part of this review; the two-person rule asks another
              supervisor to approve it.
            </span>
          )}
          <ErrorNote error={errorAt('approve')} />
        </div>
      )}
      {showReturn && (
        <form
          className="inline-form"
          aria-label="Return to the reviewer"
          onSubmit={(e) => {
            e.preventDefault();
            void send('return', { type: 'RETURN', comment: comment.trim() }).then(
              (ok) => ok && setComment(''),
            );
          }}
        >
          <label className="wide">
            Comment for the reviewer
            <textarea
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              rows={2}
              required
            />
          </label>
          <button type="submit" disabled={busy}>
            Return
          </button>
          <ErrorNote error={errorAt('return')} />
        </form>
      )}
      {showClose && (
        <details>
          <summary>Close this review administratively</summary>
          <form
            className="inline-form"
            aria-label="Close the review"
            onSubmit={(e) => {
              e.preventDefault();
              void send('close', { type: 'CLOSE', reason: reason.trim() });
            }}
          >
            <label className="wide">
              Reason
              <input
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                required
                placeholder="Duplicate of …"
              />
            </label>
            <button type="submit" disabled={busy}>
              Close review
            </button>
            <ErrorNote error={errorAt('close')} />
          </form>
        </details>
      )}
    </section>
  );
}

function ReferralPanel({
  review,
  codes,
  mayRespond,
  mayRefer,
  busy,
  send,
  errorAt,
}: {
  review: Review;
  codes: ExemptionCode[];
  mayRespond: boolean;
  mayRefer: boolean;
  busy: boolean;
  send: Send;
  errorAt(where: string): unknown;
}) {
  const [answering, setAnswering] = useState<{ id: string; exempt: boolean } | null>(null);
  const seqOf = new Map(review.portions.map((p) => [p.id, p.seq]));
  const referred = new Set(review.referrals.flatMap((r) => r.portionIds));
  const toSend = new Map<string, string[]>();
  for (const p of review.portions) {
    if (p.decision?.action === 'REFER' && !referred.has(p.id)) {
      const agency = p.decision.agency ?? '';
      toSend.set(agency, [...(toSend.get(agency) ?? []), p.id]);
    }
  }
  const seqs = (ids: string[]) => ids.map((id) => `¶${seqOf.get(id) ?? '?'}`).join(', ');
  return (
    <section className="card referrals" aria-labelledby="ref-title">
      <h2 id="ref-title">Referrals</h2>
      {mayRefer &&
        [...toSend].map(([agency, ids]) => (
          <div key={agency} className="inline-form">
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void send(`refer-${agency}`, { type: 'REFER', agency, portionIds: ids })
              }
            >
              Send referral to {agency} ({seqs(ids)})
            </button>
            <ErrorNote error={errorAt(`refer-${agency}`)} />
          </div>
        ))}
      <ul className="plain">
        {review.referrals.map((r) => (
          <li key={r.id}>
            <strong>{r.agency}</strong>: {seqs(r.portionIds)}, sent {moment(r.sentAt)} —{' '}
            {r.response ? (
              <>
                answered {r.response.decision}
                {r.response.exemptions.length > 0 &&
                  ` under ${r.response.exemptions.join('; ')}`}{' '}
                on {moment(r.response.recordedAt)}
              </>
            ) : (
              <>awaiting the answer</>
            )}
            {!r.response && mayRespond && (
              <div className="actions">
                <button
                  type="button"
                  disabled={busy}
                  onClick={() =>
                    void send(`answer-${r.id}`, {
                      type: 'RECORD_REFERRAL_RESPONSE',
                      referralId: r.id,
                      decision: 'RELEASE',
                    })
                  }
                >
                  {r.agency} says release
                </button>
                <button
                  type="button"
                  onClick={() => setAnswering({ id: r.id, exempt: true })}
                  aria-expanded={answering?.id === r.id}
                >
                  {r.agency} says exempt…
                </button>
              </div>
            )}
            {answering?.id === r.id && (
              <ExemptionPicker
                codes={codes}
                justificationRequired={false}
                submitLabel={`Record ${r.agency}'s exemption`}
                busy={busy}
                error={errorAt(`answer-${r.id}`)}
                onSave={(exemptions, justification) =>
                  void send(`answer-${r.id}`, {
                    type: 'RECORD_REFERRAL_RESPONSE',
                    referralId: r.id,
                    decision: 'EXEMPT',
                    exemptions,
                    ...(justification ? { justification } : {}),
                  }).then((ok) => ok && setAnswering(null))
                }
                onCancel={() => setAnswering(null)}
              />
            )}
            {!answering && <ErrorNote error={errorAt(`answer-${r.id}`)} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
