import type { ReactNode } from 'react';
import { automaticDeclassification, day, mark } from '../lib/format';
import type { DocumentRecord } from '../lib/types';

/** `2 (U), 1 (C)`: how many portions carry each marking, in the order they first appear. */
function markingCounts(doc: DocumentRecord): string {
  const counts = new Map<string, number>();
  for (const p of doc.portions)
    counts.set(p.classification, (counts.get(p.classification) ?? 0) + 1);
  return [...counts].map(([c, n]) => `${n} ${mark(c)}`).join(', ');
}

/** The server's date when it gives one; older servers leave it to the E.O. 13526 §3.3 rule. */
function autoDeclassification(doc: DocumentRecord): ReactNode {
  if ('autoDeclassifyOn' in doc) {
    if (doc.autoDeclassifyOn) return day(doc.autoDeclassifyOn);
    return doc.restrictedData ? 'never (Restricted Data: DOE review)' : 'not applicable';
  }
  return (
    <>
      {day(automaticDeclassification(doc.documentDate))}{' '}
      <span className="muted small">(31 Dec of year 25, E.O. 13526 §3.3)</span>
    </>
  );
}

/** What a document says about itself: the facts a reviewer checks before deciding. */
export function DocumentMeta({ doc }: { doc: DocumentRecord }) {
  const rows: [string, ReactNode][] = [
    [
      'Document',
      <>
        {doc.documentNumber} <span className="muted">({doc.collection})</span>
      </>,
    ],
    ['Date', day(doc.documentDate)],
    ['Original classification', doc.originalClassification],
    ['Current classification', doc.currentClassification],
    ['Captions', doc.captions.length ? doc.captions.join(', ') : 'none'],
    ['TAGS', doc.tags.length ? doc.tags.join(', ') : '—'],
    ['E.O. line', doc.classificationAuthority ?? '—'],
    ['Declassify on', doc.declassifyOn ?? '—'],
    ['Automatic declassification', autoDeclassification(doc)],
    ['Originator', doc.originator ?? '—'],
    ['Format', doc.format],
    ['Equities', doc.equities.length ? doc.equities.join(', ') : '—'],
    ...(doc.restrictedData
      ? [['Atomic energy', 'Restricted Data / Formerly Restricted Data'] as [string, ReactNode]]
      : []),
    [
      'Portions',
      <>
        {doc.portions.length} <span className="muted">({markingCounts(doc)})</span>
      </>,
    ],
  ];
  return (
    <dl className="meta cols">
      <div className="meta-row wide">
        <dt>Subject</dt>
        <dd>{doc.title}</dd>
      </div>
      {rows.map(([label, value]) => (
        <div className="meta-row" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
