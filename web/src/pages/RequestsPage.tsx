import { useState, type FormEvent } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { api } from '../lib/api';
import { hasRole, useUser } from '../lib/auth';
import { day } from '../lib/format';
import { field } from '../lib/form';
import { Link, navigate } from '../lib/router';
import { FEE_CATEGORIES, type CaseRequest, type Page, type RequestListItem } from '../lib/types';
import { useLoad } from '../lib/use-load';

const PAGE = 50;

/** The request queue, newest received first, a page at a time; and the form of a new request. */
export function RequestsPage() {
  const user = useUser();
  const [state, setState] = useState('open');
  const [offset, setOffset] = useState(0);
  const loaded = useLoad(
    () =>
      api.get<Page<RequestListItem>>('/requests', {
        ...(state ? { state } : {}),
        limit: PAGE,
        offset,
      }),
    [state, offset],
  );
  const page = loaded.data;

  return (
    <section aria-labelledby="rq-title">
      <h1 id="rq-title">Requests</h1>
      <label>
        State{' '}
        <select
          value={state}
          onChange={(e) => {
            setState(e.target.value);
            setOffset(0);
          }}
        >
          <option value="open">open</option>
          <option value="answered">answered</option>
          <option value="closed">closed</option>
          <option value="">all</option>
        </select>
      </label>
      <ErrorNote error={loaded.error} />
      {page && (
        <>
          <p className="muted" aria-live="polite">
            {page.total === 0
              ? 'No requests.'
              : `${offset + 1}–${offset + page.items.length} of ${page.total}`}
          </p>
          <table>
            <thead>
              <tr>
                <th>Number</th>
                <th>Requester</th>
                <th>Received</th>
                <th>Track</th>
                <th>Due</th>
                <th>State</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/requests/${r.id}`}>{r.number}</Link>
                  </td>
                  <td>{r.requester}</td>
                  <td>{day(r.receivedOn)}</td>
                  <td>{r.track}</td>
                  <td>{r.tolled ? 'tolled' : day(r.dueOn)}</td>
                  <td>{r.determination ?? r.state}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <button type="button" disabled={offset === 0} onClick={() => setOffset(offset - PAGE)}>
              Previous page
            </button>{' '}
            <button
              type="button"
              disabled={offset + page.items.length >= page.total}
              onClick={() => setOffset(offset + PAGE)}
            >
              Next page
            </button>
          </p>
        </>
      )}
      {hasRole(user, 'supervisor', 'admin') && <NewRequestForm />}
    </section>
  );
}

/** The ids of the records named by their numbers, or the first number nobody may see. */
async function recordIds(numbers: string[]): Promise<string[]> {
  return Promise.all(
    numbers.map(async (number) => {
      const found = await api.get<Page<{ id: string; documentNumber: string }>>('/documents', {
        q: number,
        limit: 20,
      });
      const record = found.items.find((d) => d.documentNumber === number);
      if (!record) throw new Error(`No document ${number} that you may see`);
      return record.id;
    }),
  );
}

function NewRequestForm() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (name: string) => field(f, name);
    setBusy(true);
    setError(null);
    try {
      const numbers = text('records')
        .split(/[\s,]+/)
        .filter(Boolean);
      const request = await api.post<CaseRequest>('/requests', {
        kind: text('kind'),
        requester: {
          name: text('name'),
          ...(text('organization') ? { organization: text('organization') } : {}),
          ...(text('email') ? { email: text('email') } : {}),
          ...(text('feeCategory') ? { feeCategory: text('feeCategory') } : {}),
        },
        receivedOn: text('receivedOn'),
        description: text('description'),
        track: text('track'),
        ...(f.get('feeWaiverRequested') ? { feeWaiverRequested: true } : {}),
        documentIds: await recordIds(numbers),
      });
      navigate(`/requests/${request.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="new-rq" className="panel">
      <h2 id="new-rq">New request</h2>
      <label>
        Kind{' '}
        <select name="kind" defaultValue="FOIA">
          <option>FOIA</option>
          <option>MDR</option>
        </select>
      </label>
      <label>
        Requester <input name="name" required maxLength={200} />
      </label>
      <label>
        Organisation <input name="organization" maxLength={200} />
      </label>
      <label>
        E-mail <input name="email" type="email" maxLength={320} />
      </label>
      <label>
        Fee category{' '}
        <select name="feeCategory" defaultValue="">
          <option value="">—</option>
          {FEE_CATEGORIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <label>
        Received on <input name="receivedOn" type="date" required />
      </label>
      <label>
        Track{' '}
        <select name="track" defaultValue="simple">
          <option>simple</option>
          <option>complex</option>
          <option>expedited</option>
        </select>
      </label>
      <label>
        <input name="feeWaiverRequested" type="checkbox" /> Fee waiver asked (FOIA)
      </label>
      <label>
        Description <textarea name="description" required maxLength={4000} />
      </label>
      <label>
        Records (document numbers, one per line) <textarea name="records" />
      </label>
      <ErrorNote error={error} />
      <button type="submit" disabled={busy}>
        Open request
      </button>
    </form>
  );
}
