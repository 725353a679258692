import { memo, useState, type FormEvent } from 'react';
import { mark, moment } from '../lib/format';
import type { ExemptionCode, ReviewPortion } from '../lib/types';
import { ErrorNote } from './ErrorNote';
import { ExemptionPicker } from './ExemptionPicker';

export type Editor = 'exempt' | 'refer' | null;

export interface DecideInput {
  action: 'RELEASE' | 'EXEMPT' | 'REFER';
  exemptions?: string[];
  justification?: string;
  agency?: string;
}

interface Props {
  portion: ReviewPortion;
  text: string | undefined;
  active: boolean;
  canDecide: boolean;
  /** The agency holding this portion in an open referral. */
  referredTo: string | undefined;
  editor: Editor;
  codes: ExemptionCode[];
  equities: string[];
  decidedBy: string | null;
  busy: boolean;
  error: unknown;
  onActivate(seq: number): void;
  onEdit(seq: number, editor: Editor): void;
  onDecide(portionId: string, input: DecideInput): void;
}

function ReferEditor({
  initial,
  equities,
  busy,
  error,
  onSave,
  onCancel,
}: {
  initial: string;
  equities: string[];
  busy: boolean;
  error: unknown;
  onSave(agency: string): void;
  onCancel(): void;
}) {
  const [agency, setAgency] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave(agency.trim());
  };
  return (
    <form className="refer-editor" onSubmit={submit} aria-label="Referral">
      <label>
        Refer to agency
        <input
          value={agency}
          onChange={(e) => setAgency(e.target.value)}
          required
          list="equities"
          autoFocus
          placeholder="CIA"
        />
      </label>
      {equities.length > 0 && (
        <datalist id="equities">
          {equities.map((e) => (
            <option key={e} value={e} />
          ))}
        </datalist>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Save referral
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <ErrorNote error={error} />
    </form>
  );
}

/** One portion: its marking and text, its decision, and (for the assignee) the decision controls. */
export const PortionRow = memo(function PortionRow({
  portion,
  text,
  active,
  canDecide,
  referredTo,
  editor,
  codes,
  equities,
  decidedBy,
  busy,
  error,
  onActivate,
  onEdit,
  onDecide,
}: Props) {
  const d = portion.decision;
  const seq = portion.seq;
  const decidable = canDecide && !referredTo;
  return (
    <li
      id={`portion-${seq}`}
      className={`portion${active ? ' active' : ''}${d ? ` decided-${d.action.toLowerCase()}` : ''}`}
      aria-current={active ? 'true' : undefined}
      tabIndex={-1}
      onClick={() => !active && onActivate(seq)}
      data-seq={seq}
    >
      <div className="portion-text">
        <span className="seq" aria-label={`Portion ${seq}`}>
          ¶{seq}
        </span>{' '}
        <span className="marking" title={portion.classification}>
          {mark(portion.classification)}
        </span>{' '}
        {text ?? <span className="muted">(text not loaded)</span>}
      </div>
      <div className="portion-decision" aria-live="polite">
        {referredTo ? (
          <span className="decision refer">With {referredTo}, awaiting its answer</span>
        ) : d ? (
          <>
            <span className={`decision ${d.action.toLowerCase()}`}>
              {d.action === 'RELEASE' && 'Release'}
              {d.action === 'EXEMPT' && `Exempt: ${d.exemptions.join('; ')}`}
              {d.action === 'REFER' && `Refer to ${d.agency ?? '?'}`}
            </span>
            {d.justification && <span className="justification"> — {d.justification}</span>}
            {decidedBy && (
              <span className="muted small">
                {' '}
                by {decidedBy}, {moment(d.decidedAt)}
              </span>
            )}
          </>
        ) : (
          <span className="decision none">Not decided</span>
        )}
      </div>
      {decidable && (
        <div className="portion-actions" role="group" aria-label={`Decide portion ${seq}`}>
          <button
            type="button"
            aria-label={`Release portion ${seq}`}
            aria-keyshortcuts="r"
            disabled={busy}
            aria-pressed={d?.action === 'RELEASE'}
            onClick={(e) => {
              e.stopPropagation();
              onDecide(portion.id, { action: 'RELEASE' });
            }}
          >
            Release
          </button>
          <button
            type="button"
            aria-label={`Exempt portion ${seq}`}
            aria-keyshortcuts="e"
            aria-expanded={editor === 'exempt'}
            aria-pressed={d?.action === 'EXEMPT'}
            onClick={(e) => {
              e.stopPropagation();
              onEdit(seq, editor === 'exempt' ? null : 'exempt');
            }}
          >
            Exempt…
          </button>
          <button
            type="button"
            aria-label={`Refer portion ${seq}`}
            aria-keyshortcuts="f"
            aria-expanded={editor === 'refer'}
            aria-pressed={d?.action === 'REFER'}
            onClick={(e) => {
              e.stopPropagation();
              onEdit(seq, editor === 'refer' ? null : 'refer');
            }}
          >
            Refer…
          </button>
        </div>
      )}
      {decidable && editor === 'exempt' && (
        <ExemptionPicker
          codes={codes}
          initial={d?.action === 'EXEMPT' ? d.exemptions : undefined}
          initialJustification={d?.action === 'EXEMPT' ? d.justification : undefined}
          submitLabel={`Exempt portion ${seq}`}
          busy={busy}
          error={error}
          onSave={(exemptions, justification) =>
            onDecide(portion.id, { action: 'EXEMPT', exemptions, justification })
          }
          onCancel={() => onEdit(seq, null)}
        />
      )}
      {decidable && editor === 'refer' && (
        <ReferEditor
          initial={d?.action === 'REFER' ? (d.agency ?? '') : ''}
          equities={equities}
          busy={busy}
          error={error}
          onSave={(agency) => onDecide(portion.id, { action: 'REFER', agency })}
          onCancel={() => onEdit(seq, null)}
        />
      )}
      {!editor && <ErrorNote error={error} />}
    </li>
  );
});
