import { useState, type FormEvent } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { api, ApiError } from '../lib/api';
import { hasRole, useUser } from '../lib/auth';
import { download } from '../lib/download';
import { field, filledFields } from '../lib/form';
import { day, moment, stateName, words } from '../lib/format';
import { Link, navigate } from '../lib/router';
import { CLOSING_REASONS, type CaseRequest, type Letter } from '../lib/types';
import { useLoad } from '../lib/use-load';
import { NotFoundPage } from './NotFoundPage';

/** One request: requester, records and their reviews, the clock and why, letters, answer, appeals. */
export function RequestPage({ id }: { id: string }) {
  const user = useUser();
  const loaded = useLoad(() => api.get<CaseRequest>(`/requests/${id}`), [id]);
  const [letter, setLetter] = useState<Letter | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (loaded.error instanceof ApiError && loaded.error.status === 404)
    return <NotFoundPage message={`No request ${id}.`} />;
  if (loaded.error) return <ErrorNote error={loaded.error} />;
  const r = loaded.data;
  if (!r) return <p>Loading…</p>;
  const officer = hasRole(user, 'supervisor', 'admin');

  const act = async (path: string, body: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      const next = await api.post<CaseRequest>(path, body);
      if (next.id !== r.id) navigate(`/requests/${next.id}`);
      else loaded.set(next);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const event = (e: FormEvent<HTMLFormElement>, type: string) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void act(`/requests/${r.id}/events`, { type, ...filledFields(f) });
  };
  const readLetter = async (letterId: string) => {
    setError(null);
    try {
      const all = await api.get<Letter[]>(`/requests/${r.id}/letters`);
      setLetter(all.find((l) => l.id === letterId) ?? null);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section aria-labelledby="rq-number">
      <p>
        <Link to="/requests">Requests</Link>
      </p>
      <h1 id="rq-number">
        {r.number} <span className="muted">{r.kind}</span>
      </h1>
      <dl className="facts">
        <dt>State</dt>
        <dd>{r.outcome ? `${r.state}: ${words(r.outcome.determination)}` : r.state}</dd>
        <dt>Requester</dt>
        <dd>
          {[r.requester.name, r.requester.organization, r.requester.email]
            .filter(Boolean)
            .join(', ')}
          {r.requester.feeCategory && ` (fee category: ${words(r.requester.feeCategory)})`}
        </dd>
        <dt>Received</dt>
        <dd>
          {day(r.receivedOn)} · {r.track} track
        </dd>
        {r.appealOf && (
          <>
            <dt>Appeal of</dt>
            <dd>
              <Link to={`/requests/${r.appealOf.id}`}>{r.appealOf.number}</Link>
            </dd>
          </>
        )}
        <dt>Due</dt>
        <dd className={r.overdue ? 'overdue' : undefined}>
          {r.clock?.tolled ? 'tolled' : day(r.dueOn)}
          {r.overdue && ' (overdue)'}
        </dd>
      </dl>
      <p>{r.description}</p>

      <Asks
        request={r}
        officer={officer && r.state === 'open'}
        busy={busy}
        decide={(type, granted, reason) =>
          void act(`/requests/${r.id}/events`, { type, granted, reason })
        }
      />

      <h2>Clock</h2>
      <ol aria-label="How the due date was computed">
        {r.clock?.explanation.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ol>

      <h2>Records</h2>
      {r.reviews.length === 0 && r.hiddenRecords === 0 && <p className="muted">No records.</p>}
      <ul>
        {r.reviews.map((rv) => (
          <li key={rv.id}>
            <Link to={`/reviews/${rv.id}`}>{rv.documentNumber}</Link> — {stateName(rv.state)}
            {rv.determination && `, ${words(rv.determination)}`}
          </li>
        ))}
      </ul>
      {r.hiddenRecords > 0 && (
        <p className="muted">
          {r.hiddenRecords} record{r.hiddenRecords === 1 ? '' : 's'} outside your clearance.
        </p>
      )}

      {r.outcome && (
        <>
          <h2>Answer</h2>
          <p>
            {words(r.outcome.determination)} on {day(r.outcome.respondedOn)}
            {r.outcome.appealOutcome && ` — appeal ${words(r.outcome.appealOutcome)}`}
            {r.outcome.appealBy && `; may be appealed until ${day(r.outcome.appealBy)}`}
          </p>
        </>
      )}

      <h2>Letters</h2>
      <ul>
        {r.letters.map((l) => (
          <li key={l.id}>
            {words(l.kind)} · {moment(l.createdAt)}{' '}
            <button type="button" onClick={() => void readLetter(l.id)}>
              Read
            </button>{' '}
            <button
              type="button"
              onClick={() =>
                void download(
                  `/requests/${r.id}/letters/${l.id}.pdf`,
                  {},
                  `${r.number}-${l.kind.toLowerCase()}.pdf`,
                ).catch(setError)
              }
            >
              PDF
            </button>
          </li>
        ))}
      </ul>
      {letter && (
        <pre className="letter" aria-label={`${words(letter.kind)} letter`}>
          {letter.text}
        </pre>
      )}

      {r.appeals.length > 0 && (
        <>
          <h2>Appeals</h2>
          <ul>
            {r.appeals.map((a) => (
              <li key={a.id}>
                <Link to={`/requests/${a.id}`}>{a.number}</Link> — {a.state}
              </li>
            ))}
          </ul>
        </>
      )}

      <ErrorNote error={error} />
      {officer && r.state === 'open' && (
        <div className="panel" aria-label="Request actions">
          {r.readyToAnswer && (
            <button
              type="button"
              disabled={busy}
              onClick={() => void act(`/requests/${r.id}/events`, { type: 'RESPOND' })}
            >
              Send the final response
            </button>
          )}
          {r.clock?.tolled ? (
            <button
              type="button"
              disabled={busy}
              onClick={() => void act(`/requests/${r.id}/events`, { type: 'RESUME' })}
            >
              Resume the clock
            </button>
          ) : (
            <form onSubmit={(e) => event(e, 'TOLL')} aria-label="Toll">
              <label>
                Toll: what is asked of the requester <input name="reason" required />
              </label>
              <select name="basis" defaultValue="INFORMATION" aria-label="Toll basis">
                <option>INFORMATION</option>
                <option>FEES</option>
              </select>
              <button type="submit" disabled={busy}>
                Toll
              </button>
            </form>
          )}
          <form onSubmit={(e) => event(e, 'EXTEND')} aria-label="Extend">
            <label>
              Extend: the unusual circumstances <input name="reason" required />
            </label>
            <button type="submit" disabled={busy}>
              Extend
            </button>
          </form>
          <form onSubmit={(e) => event(e, 'CLOSE')} aria-label="Close">
            <label>
              Close without an answer on records{' '}
              <select name="reason" defaultValue="NO_RECORDS">
                {CLOSING_REASONS.map((c) => (
                  <option key={c} value={c}>
                    {words(c)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={busy}>
              Close
            </button>
          </form>
        </div>
      )}
      {officer && r.outcome?.appealBy && !r.appeals.some((a) => a.state === 'open') && (
        <form
          className="panel"
          aria-label="Record an appeal"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            void act(`/requests/${r.id}/appeals`, {
              receivedOn: field(f, 'receivedOn'),
              grounds: field(f, 'grounds'),
            });
          }}
        >
          <h2>Record an appeal</h2>
          <label>
            Received on <input name="receivedOn" type="date" required />
          </label>
          <label>
            Grounds <textarea name="grounds" required />
          </label>
          <button type="submit" disabled={busy}>
            Record the appeal
          </button>
        </form>
      )}
    </section>
  );
}

const ASKS = [
  { key: 'expedite', event: 'DECIDE_EXPEDITE', label: 'Expedited processing' },
  { key: 'feeWaiver', event: 'DECIDE_FEE_WAIVER', label: 'Fee waiver' },
] as const;

/** What the requester asked besides the records, how each ask was decided, and the form to decide it. */
function Asks(props: {
  request: CaseRequest;
  officer: boolean;
  busy: boolean;
  decide: (type: string, granted: boolean, reason: string) => void;
}) {
  const asked = ASKS.filter((a) => props.request.adjudications[a.key]);
  if (asked.length === 0) return null;
  return (
    <>
      <h2>Asks</h2>
      <ul aria-label="Asks">
        {asked.map((a) => {
          const ask = props.request.adjudications[a.key]!;
          return (
            <li key={a.key}>
              {a.label}, asked {day(ask.requestedOn)}:{' '}
              {ask.granted === null
                ? 'not decided'
                : `${ask.granted ? 'granted' : 'denied'} ${day(ask.decidedOn)}`}
              {props.officer && ask.granted === null && (
                <form
                  aria-label={`Decide: ${a.label}`}
                  onSubmit={(e) => {
                    e.preventDefault();
                    const submitter = e.nativeEvent.submitter as HTMLButtonElement;
                    const reason = field(new FormData(e.currentTarget), 'reason');
                    props.decide(a.event, submitter.value === 'grant', reason);
                  }}
                >
                  <label>
                    Why <input name="reason" required maxLength={1000} />
                  </label>
                  <button type="submit" value="grant" disabled={props.busy}>
                    Grant
                  </button>
                  <button type="submit" value="deny" disabled={props.busy}>
                    Deny
                  </button>
                </form>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
