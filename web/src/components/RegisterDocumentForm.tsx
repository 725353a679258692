import { useState, type FormEvent } from 'react';
import { api } from '../lib/api';
import { CAPTIONS, CLASSIFICATIONS, type DocumentRecord } from '../lib/types';
import { ErrorNote } from './ErrorNote';

interface PortionDraft {
  key: number;
  text: string;
  classification: string;
}

const RANK: Record<string, number> = {
  UNCLASSIFIED: 0,
  'LIMITED OFFICIAL USE': 0,
  CONFIDENTIAL: 1,
  SECRET: 2,
  'TOP SECRET': 3,
};

const list = (s: string) =>
  s
    .split(/[,\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export function RegisterDocumentForm({
  onRegistered,
}: {
  onRegistered(doc: DocumentRecord): void;
}) {
  const [documentNumber, setNumber] = useState('');
  const [title, setTitle] = useState('');
  const [documentDate, setDate] = useState('');
  const [originalClassification, setClassification] = useState('');
  const [captions, setCaptions] = useState<string[]>([]);
  const [tags, setTags] = useState('');
  const [originator, setOriginator] = useState('');
  const [authority, setAuthority] = useState('');
  const [declassifyOn, setDeclassifyOn] = useState('');
  const [equities, setEquities] = useState('');
  const [restrictedData, setRestrictedData] = useState(false);
  const [portions, setPortions] = useState<PortionDraft[]>([
    { key: 1, text: '', classification: 'UNCLASSIFIED' },
  ]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  // The document's level is the highest of its portions; offer that unless the user chose.
  const highest = portions.reduce((top, p) => {
    const a = RANK[p.classification] ?? 0;
    const b = RANK[top] ?? 0;
    return a > b || (a === b && top === 'UNCLASSIFIED') ? p.classification : top;
  }, 'UNCLASSIFIED');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const doc = await api.post<DocumentRecord>('/documents', {
        documentNumber: documentNumber.trim(),
        title: title.trim(),
        documentDate,
        originalClassification: originalClassification || highest,
        captions,
        tags: list(tags),
        ...(originator.trim() ? { originator: originator.trim() } : {}),
        ...(authority.trim() ? { classificationAuthority: authority.trim() } : {}),
        ...(declassifyOn.trim() ? { declassifyOn: declassifyOn.trim() } : {}),
        equities: list(equities),
        ...(restrictedData ? { restrictedData: true } : {}),
        portions: portions.map((p) => ({ text: p.text, classification: p.classification })),
      });
      onRegistered(doc);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const update = (key: number, patch: Partial<PortionDraft>) =>
    setPortions((ps) => ps.map((p) => (p.key === key ? { ...p, ...patch } : p)));

  return (
    <form className="card register" aria-labelledby="reg-title" onSubmit={(e) => void submit(e)}>
      <h2 id="reg-title">Register a document</h2>
      <div className="grid2">
        <label>
          Document number
          <input
            value={documentNumber}
            onChange={(e) => setNumber(e.target.value)}
            required
            placeholder="1977STATE139375"
          />
        </label>
        <label>
          Document date
          <input
            type="date"
            value={documentDate}
            onChange={(e) => setDate(e.target.value)}
            required
          />
        </label>
        <label className="wide">
          Title / subject
          <input value={title} onChange={(e) => setTitle(e.target.value)} required />
        </label>
        <label>
          Original classification
          <select
            value={originalClassification}
            onChange={(e) => setClassification(e.target.value)}
          >
            <option value="">highest of the portions ({highest})</option>
            {CLASSIFICATIONS.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Originator
          <input
            value={originator}
            onChange={(e) => setOriginator(e.target.value)}
            placeholder="STATE/EUR/SOV"
          />
        </label>
        <label>
          TAGS
          <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="PFOR, PARM" />
        </label>
        <label>
          E.O. line (classification authority)
          <input
            value={authority}
            onChange={(e) => setAuthority(e.target.value)}
            placeholder="E.O. 11652: GDS"
          />
        </label>
        <label>
          Declassify on
          <input
            value={declassifyOn}
            onChange={(e) => setDeclassifyOn(e.target.value)}
            placeholder="GDS"
          />
        </label>
        <label>
          Equities (agencies)
          <input
            value={equities}
            onChange={(e) => setEquities(e.target.value)}
            placeholder="CIA, DOD"
          />
        </label>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={restrictedData}
          onChange={(e) => setRestrictedData(e.target.checked)}
        />
        Holds Restricted Data or Formerly Restricted Data (never declassified automatically)
      </label>
      <fieldset>
        <legend>Captions</legend>
        {CAPTIONS.map((c) => (
          <label key={c} className="check">
            <input
              type="checkbox"
              checked={captions.includes(c)}
              onChange={(e) =>
                setCaptions(e.target.checked ? [...captions, c] : captions.filter((x) => x !== c))
              }
            />
            {c}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Portions, in order</legend>
        <ol className="portion-inputs">
          {portions.map((p, i) => (
            <li key={p.key}>
              <label>
                Marking of portion {i + 1}
                <select
                  value={p.classification}
                  onChange={(e) => update(p.key, { classification: e.target.value })}
                >
                  {CLASSIFICATIONS.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              </label>
              <label className="wide">
                Text of portion {i + 1}
                <textarea
                  value={p.text}
                  onChange={(e) => update(p.key, { text: e.target.value })}
                  required
                  rows={2}
                />
              </label>
              {portions.length > 1 && (
                <button
                  type="button"
                  className="link"
                  onClick={() => setPortions(portions.filter((x) => x.key !== p.key))}
                >
                  Remove portion {i + 1}
                </button>
              )}
            </li>
          ))}
        </ol>
        <button
          type="button"
          onClick={() =>
            setPortions([
              ...portions,
              {
                key: Math.max(...portions.map((p) => p.key)) + 1,
                text: '',
                classification: 'UNCLASSIFIED',
              },
            ])
          }
        >
          Add a portion
        </button>
      </fieldset>
      <button type="submit" className="primary" disabled={busy}>
        Register
      </button>
      <ErrorNote error={error} />
    </form>
  );
}
