import { useId, useMemo, useState, type FormEvent } from 'react';
import { compactDate, isoFromCompact } from '../lib/format';
import type { ExemptionCode } from '../lib/types';
import { ErrorNote } from './ErrorNote';

interface Choice {
  date: string;
  statute: string;
}

/** Splits a citation as the API writes it (`25X6, 20271231`, `b(3) 50 U.S.C. 3024(i)`). */
function parseCitation(citation: string): { code: string; choice: Choice } {
  const dated = /^(.+?)\s*,\s*(\d{8})$/.exec(citation);
  if (dated) return { code: dated[1]!, choice: { date: isoFromCompact(dated[2]!), statute: '' } };
  const b3 = /^b\(3\)\s+(.+)$/.exec(citation);
  if (b3) return { code: 'b(3)', choice: { date: '', statute: b3[1]! } };
  return { code: citation, choice: { date: '', statute: '' } };
}

/**
 * Picks exemption codes from those the server says are valid for this review, with what each
 * protects, a declassification date where the code needs one, and a justification.
 */
export function ExemptionPicker({
  codes,
  initial,
  initialJustification,
  justificationRequired = true,
  submitLabel,
  busy,
  error,
  onSave,
  onCancel,
}: {
  codes: ExemptionCode[];
  initial?: string[];
  initialJustification?: string | null;
  justificationRequired?: boolean;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSave(exemptions: string[], justification: string): void;
  onCancel(): void;
}) {
  const uid = useId();
  const [selected, setSelected] = useState<Map<string, Choice>>(
    () =>
      new Map(
        (initial ?? []).map((c) => parseCitation(c)).map(({ code, choice }) => [code, choice]),
      ),
  );
  const [filter, setFilter] = useState('');
  const [justification, setJustification] = useState(initialJustification ?? '');
  const [problem, setProblem] = useState<string | null>(null);

  const visible = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return codes.filter(
      (c) =>
        !needle ||
        c.code.toLowerCase().includes(needle) ||
        c.meaning.toLowerCase().includes(needle) ||
        selected.has(c.code),
    );
  }, [codes, filter, selected]);

  const toggle = (code: string, on: boolean) => {
    const next = new Map(selected);
    if (on) next.set(code, { date: '', statute: '' });
    else next.delete(code);
    setSelected(next);
  };
  const update = (code: string, patch: Partial<Choice>) => {
    const next = new Map(selected);
    next.set(code, { ...(next.get(code) ?? { date: '', statute: '' }), ...patch });
    setSelected(next);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (selected.size === 0) {
      setProblem('Choose at least one exemption code.');
      return;
    }
    setProblem(null);
    const citations = [...selected].map(([code, choice]) => {
      if (choice.date) return `${code}, ${compactDate(choice.date)}`;
      if (code === 'b(3)' && choice.statute.trim()) return `b(3) ${choice.statute.trim()}`;
      return code;
    });
    onSave(citations, justification.trim());
  };

  const meaningOf = new Map(codes.map((c) => [c.code, c]));
  return (
    <form className="exempt-editor" onSubmit={submit} aria-label="Exemption">
      <fieldset>
        <legend>Exemption codes valid for this document</legend>
        <label>
          Filter codes
          <input
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="e.g. 25X6 or foreign relations"
            autoFocus
          />
        </label>
        {codes.length === 0 && <p className="muted">The server offers no code for this review.</p>}
        <ul className="codes" aria-label="Exemption codes">
          {visible.map((c) => {
            const choice = selected.get(c.code);
            return (
              <li key={c.code}>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={!!choice}
                    onChange={(e) => toggle(c.code, e.target.checked)}
                  />
                  <span>
                    <strong>{c.code}</strong> <span className="muted">{c.meaning}</span>
                  </span>
                </label>
                {choice && c.needsDate && (
                  <label className="sub">
                    Declassify on (date for {c.code})
                    <input
                      type="date"
                      value={choice.date}
                      onChange={(e) => update(c.code, { date: e.target.value })}
                      required
                    />
                  </label>
                )}
                {choice && c.code === 'b(3)' && (
                  <label className="sub">
                    Statute for b(3)
                    <input
                      value={choice.statute}
                      onChange={(e) => update(c.code, { statute: e.target.value })}
                      required
                      placeholder="50 U.S.C. 3024(i)"
                    />
                  </label>
                )}
              </li>
            );
          })}
          {[...selected.keys()]
            .filter((code) => !meaningOf.has(code))
            .map((code) => (
              <li key={code}>
                <label className="check">
                  <input type="checkbox" checked onChange={() => toggle(code, false)} />
                  <span>
                    <strong>{code}</strong>{' '}
                    <span className="muted">cited before; not offered for this review now</span>
                  </span>
                </label>
              </li>
            ))}
        </ul>
      </fieldset>
      <label htmlFor={`${uid}-why`}>
        Justification{justificationRequired ? '' : ' (optional)'}
      </label>
      <textarea
        id={`${uid}-why`}
        value={justification}
        onChange={(e) => setJustification(e.target.value)}
        required={justificationRequired}
        rows={2}
        placeholder="Why must this stay withheld?"
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <ErrorNote error={error} />
    </form>
  );
}
