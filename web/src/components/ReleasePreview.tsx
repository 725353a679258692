import { memo } from 'react';
import { mark } from '../lib/format';
import type { PreviewPortion } from '../lib/release';
import type { ReleaseCopy } from '../lib/types';

/** The old marking struck through, as on a stamped page. */
function Struck({ children }: { children: string }) {
  return (
    <s className="former" aria-label={`formerly ${children}`}>
      {children}
    </s>
  );
}

const STRUCK_RUN = /((?:[^\u0336]\u0336)+)/;

/**
 * A marking as the server writes it, struck levels as combining overlays (U+0336, right in text
 * exports), drawn with a real strike instead: some fonts spread the overlays into dashes.
 */
export function MarkingText({ text }: { text: string }) {
  return (
    <>
      {text.split(STRUCK_RUN).map((part, i) =>
        i % 2 === 1 ? (
          <s key={i} className="former">
            {part.replace(/\u0336/g, '')}
          </s>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** The release copy as the current decisions would make it, computed in the browser. */
export const ReleasePreview = memo(function ReleasePreview({
  portions,
}: {
  portions: PreviewPortion[];
}) {
  const undecided = portions.filter((p) => p.kind === 'undecided' || p.kind === 'referred').length;
  return (
    <div className="release-copy" data-testid="release-preview">
      <p className="copy-class">UNCLASSIFIED</p>
      <p className="muted small">
        Preview from the decisions so far
        {undecided ? `; ${undecided} portion${undecided === 1 ? '' : 's'} still open` : ''}. The
        marking is added when a supervisor approves.
      </p>
      {portions.map((p) => {
        switch (p.kind) {
          case 'released':
            return (
              <p key={p.id} className="copy-portion">
                <Struck>{mark(p.classification)}</Struck> {p.text}
              </p>
            );
          case 'withheld':
            return (
              <div
                key={p.id}
                className="redaction"
                role="note"
                aria-label={`Portion ${p.seq} withheld under ${p.codes.join('; ')}`}
              >
                WITHHELD: {p.codes.join('; ')}
              </div>
            );
          case 'referred':
            return (
              <div
                key={p.id}
                className="redaction pending"
                role="note"
                aria-label={`Portion ${p.seq} referred to ${p.agency}`}
              >
                ¶{p.seq} referred to {p.agency}
              </div>
            );
          case 'undecided':
            return (
              <div
                key={p.id}
                className="redaction undecided"
                role="note"
                aria-label={`Portion ${p.seq} not decided`}
              >
                ¶{p.seq} not decided yet
              </div>
            );
        }
      })}
    </div>
  );
});

/** The copy the server produced on approval (GET /api/reviews/:id/release). */
export function ReleaseCopyView({ copy }: { copy: ReleaseCopy }) {
  return (
    <div className="release-copy final" data-testid="release-copy">
      <p className="copy-class">{copy.classification}</p>
      <p className="marking-line">
        <MarkingText text={copy.marking} />
      </p>
      {copy.portions.map((p) =>
        p.status === 'WITHHELD' ? (
          <div
            key={p.seq}
            className="redaction"
            role="note"
            aria-label={`Portion ${p.seq} withheld under ${p.codes.join('; ')}`}
          >
            WITHHELD: {p.codes.join('; ')}
          </div>
        ) : (
          <p key={p.seq} className="copy-portion">
            <Struck>{p.formerMarking}</Struck> {p.text}
          </p>
        ),
      )}
      <details>
        <summary>Printable text</summary>
        <pre>{copy.text}</pre>
      </details>
    </div>
  );
}
