import { useState, type ReactNode } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { api } from '../lib/api';
import { download } from '../lib/download';
import { day, words } from '../lib/format';
import type { DaysSummary, Flow, FoiaAnnualReport, PendingRequest } from '../lib/types';
import { useLoad } from '../lib/use-load';

/** The federal fiscal year a day is in: from 1 October it is the next calendar year's. */
const fiscalYearOf = (iso: string) => Number(iso.slice(0, 4)) + (iso.slice(5) >= '10-01' ? 1 : 0);

/** `decidedWithinTenDays` → `Decided within ten days`. */
const label = (key: string) => {
  const spaced = key.replace(/([A-Z])/g, ' $1').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};

const show = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));

function Table(props: { label: string; head: string[]; rows: ReactNode[][] }) {
  return (
    <table aria-label={props.label}>
      <thead>
        <tr>
          {props.head.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) =>
              j === 0 ? (
                <th key={j} scope="row">
                  {cell}
                </th>
              ) : (
                <td key={j}>{cell}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const flowRows = (f: Flow) => [
  ['Pending at the start of the year', f.pendingAtStart],
  ['Received', f.received],
  ['Processed', f.processed],
  ['Pending at the end of the year', f.pendingAtEnd],
];

const daysHead = ['', 'Processed', 'Median', 'Average', 'Lowest', 'Highest'];
const daysRow = (label: string, d: DaysSummary) => [
  label,
  d.count,
  show(d.median),
  show(d.average),
  show(d.lowest),
  show(d.highest),
];

const oldestRows = (ps: PendingRequest[]) =>
  ps.map((p) => [p.number, day(p.receivedOn), p.workingDaysPending]);

/** Horizontal bars, one per disposition, each labelled with its count. */
function DispositionChart({ bars }: { bars: [string, number][] }) {
  const most = Math.max(1, ...bars.map(([, n]) => n));
  const row = 22;
  return (
    <svg
      role="img"
      aria-label="Dispositions of the requests processed"
      viewBox={`0 0 520 ${bars.length * row}`}
      width="100%"
      className="chart"
    >
      {bars.map(([label, n], i) => (
        <g key={label} transform={`translate(0 ${i * row})`}>
          <text x="0" y="15" fontSize="12">
            {label}
          </text>
          <rect x="190" y="4" height="14" width={(n / most) * 280} className="chart-bar" />
          <text x={196 + (n / most) * 280} y="15" fontSize="12">
            {n}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** The annual FOIA report of a fiscal year: its tables, a chart of dispositions, and the CSV. */
export function AnnualReportPage() {
  const [year, setYear] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const loaded = useLoad(async () => {
    const fy =
      year ?? fiscalYearOf((await api.get<{ agency: { today: string } }>('/auth/me')).agency.today);
    return api.get<FoiaAnnualReport>('/reports/foia-annual', { fiscalYear: fy });
  }, [year]);
  const r = loaded.data;
  const d = r?.dispositions;

  return (
    <section aria-labelledby="ar-title">
      <h1 id="ar-title">Annual FOIA report</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setYear(Number(new FormData(e.currentTarget).get('fiscalYear')));
        }}
      >
        <label>
          Fiscal year{' '}
          <input
            name="fiscalYear"
            type="number"
            min={1967}
            defaultValue={r?.fiscalYear}
            key={r?.fiscalYear}
          />
        </label>
        <button type="submit">Show</button>
        {r && (
          <button
            type="button"
            onClick={() =>
              void download(
                '/reports/foia-annual',
                { fiscalYear: String(r.fiscalYear), format: 'csv' },
                `foia-annual-${r.fiscalYear}.csv`,
              ).catch(setError)
            }
          >
            Download CSV
          </button>
        )}
      </form>
      <ErrorNote error={loaded.error ?? error} />
      {loaded.loading && !r && <p>Loading…</p>}
      {r && d && (
        <>
          <p className="muted">
            Fiscal year {r.fiscalYear}: {day(r.from)} to {day(r.to)}.
          </p>
          <h2>FOIA requests</h2>
          <Table
            label="Requests received, processed and pending"
            head={['', 'Requests']}
            rows={flowRows(r.requests)}
          />
          <h2>Dispositions</h2>
          <DispositionChart
            bars={[
              ['Full grants', d.grantedInFull],
              ['Partial grants', d.grantedInPart],
              ['Full denials on exemptions', d.deniedInFull],
              ...Object.entries(d.otherReasons).map(([k, n]) => [words(k), n] as [string, number]),
            ]}
          />
          <Table
            label="Dispositions"
            head={['', 'Requests']}
            rows={[
              ['Full grants', d.grantedInFull],
              ['Partial grants / partial denials', d.grantedInPart],
              ['Full denials based on exemptions', d.deniedInFull],
              ['of which Glomar', d.glomar],
              ...Object.entries(d.otherReasons).map(([k, n]) => [words(k), n]),
              ['Total', d.total],
            ]}
          />
          <h2>Exemptions cited</h2>
          <Table
            label="Exemptions cited"
            head={['Exemption', 'Requests citing it']}
            rows={[
              ...Object.entries(r.exemptions).map(([code, n]) => [code, n]),
              ...r.exemption3Statutes.map((s) => [`b(3): ${s.statute}`, s.requests]),
            ]}
          />
          <h2>Response times (working days)</h2>
          <Table
            label="Response times"
            head={daysHead}
            rows={Object.entries(r.responseTimes).map(([track, s]) => daysRow(track, s))}
          />
          <Table
            label="Pending at the end of the year by track"
            head={['Track', 'Pending']}
            rows={Object.entries(r.pendingByTrack).map(([track, n]) => [track, n])}
          />
          <Table
            label="Ten oldest pending requests"
            head={['Request', 'Received', 'Working days pending']}
            rows={oldestRows(r.tenOldestPending)}
          />
          <h2>Appeals</h2>
          <Table
            label="Appeals received, processed and pending"
            head={['', 'Appeals']}
            rows={flowRows(r.appeals.flow)}
          />
          <Table
            label="Appeal dispositions"
            head={['Outcome', 'Appeals']}
            rows={Object.entries(r.appeals.outcomes).map(([k, n]) => [label(k), n])}
          />
          <Table
            label="Appeal response times"
            head={daysHead}
            rows={[daysRow('Appeals', r.appeals.responseTimes)]}
          />
          <Table
            label="Ten oldest pending appeals"
            head={['Appeal', 'Received', 'Working days pending']}
            rows={oldestRows(r.appeals.tenOldestPending)}
          />
          <h2>Expedited processing and fee waivers</h2>
          <Table
            label="Expedited processing"
            head={['', 'Value']}
            rows={Object.entries(r.expedite).map(([k, v]) => [label(k), show(v)])}
          />
          <Table
            label="Fee waivers"
            head={['', 'Value']}
            rows={Object.entries(r.feeWaivers).map(([k, v]) => [label(k), show(v)])}
          />
          <h2>Mandatory declassification review (ISOO)</h2>
          <Table
            label="MDR requests and appeals"
            head={['', 'Requests', 'Appeals']}
            rows={flowRows(r.mdr.requests).map(([label, n], i) => [
              label,
              n,
              flowRows(r.mdr.appeals)[i]![1],
            ])}
          />
          <Table
            label="MDR documents"
            head={['Documents', 'Requests', 'Appeals']}
            rows={Object.entries(r.mdr.documents).map(([k, n]) => [
              label(k),
              n,
              r.mdr.appealDocuments[k],
            ])}
          />
        </>
      )}
    </section>
  );
}
