import type { DaysSummary, FoiaAnnualReport, Flow, Pending } from '../domain/annual-report';

const cell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * The annual report as CSV, one figure per line: `section,measure,value`, so a spreadsheet or a
 * script can find any figure by its two names.
 */
export function annualReportCsv(r: FoiaAnnualReport): string {
  const lines: [string, string, string | number | null][] = [
    ['report', 'fiscal year', r.fiscalYear],
    ['report', 'from', r.from],
    ['report', 'to', r.to],
  ];
  const flow = (section: string, f: Flow) => {
    lines.push([section, 'pending at start of year', f.pendingAtStart]);
    lines.push([section, 'received', f.received]);
    lines.push([section, 'processed', f.processed]);
    lines.push([section, 'pending at end of year', f.pendingAtEnd]);
  };
  const days = (section: string, d: DaysSummary) => {
    lines.push([section, 'processed', d.count]);
    lines.push([section, 'median days', d.median]);
    lines.push([section, 'average days', d.average]);
    lines.push([section, 'lowest days', d.lowest]);
    lines.push([section, 'highest days', d.highest]);
  };
  const oldest = (section: string, ps: Pending[]) =>
    ps.forEach((p, i) =>
      lines.push([section, `${i + 1}. ${p.number} received ${p.receivedOn}`, p.workingDaysPending]),
    );

  flow('V.A requests', r.requests);
  const d = r.dispositions;
  lines.push(['V.B(1) dispositions', 'full grants', d.grantedInFull]);
  lines.push(['V.B(1) dispositions', 'partial grants/partial denials', d.grantedInPart]);
  lines.push(['V.B(1) dispositions', 'full denials based on exemptions', d.deniedInFull]);
  lines.push(['V.B(1) dispositions', 'of which Glomar', d.glomar]);
  for (const [reason, n] of Object.entries(d.otherReasons)) {
    lines.push(['V.B(1) dispositions', reason.toLowerCase().replace(/_/g, ' '), n]);
  }
  lines.push(['V.B(1) dispositions', 'total', d.total]);
  for (const [code, n] of Object.entries(r.exemptions)) lines.push(['V.B(3) exemptions', code, n]);
  for (const s of r.exemption3Statutes)
    lines.push(['IV exemption 3 statutes', s.statute, s.requests]);
  for (const [track, summary] of Object.entries(r.responseTimes)) days(`VII.A ${track}`, summary);
  for (const [track, n] of Object.entries(r.pendingByTrack))
    lines.push(['VII.D pending', track, n]);
  oldest('VII.E ten oldest pending requests', r.tenOldestPending);
  flow('VI.A appeals', r.appeals.flow);
  for (const [outcome, n] of Object.entries(r.appeals.outcomes))
    lines.push(['VI.B appeal dispositions', outcome, n]);
  days('VI.C appeal response times', r.appeals.responseTimes);
  oldest('VI.C ten oldest pending appeals', r.appeals.tenOldestPending);
  for (const [measure, v] of Object.entries(r.expedite))
    lines.push(['VIII.A expedited processing', measure, v]);
  for (const [measure, v] of Object.entries(r.feeWaivers))
    lines.push(['VIII.B fee waivers', measure, v]);
  flow('ISOO MDR requests', r.mdr.requests);
  flow('ISOO MDR appeals', r.mdr.appeals);
  for (const [measure, v] of Object.entries(r.mdr.documents))
    lines.push(['ISOO MDR documents', measure, v]);
  for (const [measure, v] of Object.entries(r.mdr.appealDocuments))
    lines.push(['ISOO MDR appeal documents', measure, v]);
  return (
    ['section,measure,value', ...lines.map((l) => l.map(cell).join(','))].join('\r\n') + '\r\n'
  );
}
