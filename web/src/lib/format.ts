/** How dates, markings and states read on the page. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `16 Jun 1977` for a calendar date (no time zone games: the string is read as written). */
export function day(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return iso;
  return `${d} ${MONTHS[m - 1] ?? ''} ${y}`;
}

/** The agency's time zone, in which the desk shows moments; UTC until the server has said. */
let agencyTimeZone = 'UTC';
let clockFormat = formatIn(agencyTimeZone);

function formatIn(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
}

/** Set from GET /auth/me once signed in: every moment on the desk reads in that zone. */
export function setAgencyTimeZone(timeZone: string): void {
  if (timeZone === agencyTimeZone) return;
  agencyTimeZone = timeZone;
  clockFormat = formatIn(timeZone);
}

/** `16 Jun 2026 10:05 EDT` for a moment, in the agency's time zone. */
export function moment(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const part = Object.fromEntries(clockFormat.formatToParts(t).map((p) => [p.type, p.value]));
  return `${day(`${part.year}-${part.month}-${part.day}`)} ${part.hour}:${part.minute} ${part.timeZoneName}`;
}

export const PORTION_MARK: Record<string, string> = {
  UNCLASSIFIED: 'U',
  'LIMITED OFFICIAL USE': 'LOU',
  CONFIDENTIAL: 'C',
  SECRET: 'S',
  'TOP SECRET': 'TS',
};

export const mark = (classification: string) => `(${PORTION_MARK[classification] ?? '?'})`;

const STATE_WORDS: Record<string, string> = {
  queued: 'Queued',
  inReview: 'In review',
  awaitingReferral: 'Awaiting referral',
  pendingApproval: 'Pending approval',
  released: 'Released',
  withheld: 'Withheld',
  closed: 'Closed',
};

export const stateName = (state: string) => STATE_WORDS[state] ?? state;

export const words = (code: string) =>
  code
    .toLowerCase()
    .split('_')
    .map((w, i) => (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w))
    .join(' ');

/**
 * 31 December of the 25th year after origin (E.O. 13526 §3.3): the date a permanent record is
 * declassified automatically unless exempted. Derived from the document date the API gives.
 */
export function automaticDeclassification(documentDate: string): string {
  const year = Number(documentDate.slice(0, 4));
  return `${year + 25}-12-31`;
}

export function isOverdue(dueAt: string | null, state: string, now = Date.now()): boolean {
  return !!dueAt && !['released', 'withheld', 'closed'].includes(state) && Date.parse(dueAt) < now;
}

/** `20271231` from `2027-12-31`, as exemption markings write dates. */
export const compactDate = (iso: string) => iso.replace(/-/g, '');

/** `2027-12-31` from `20271231`. */
export function isoFromCompact(compact: string): string {
  return /^\d{8}$/.test(compact)
    ? `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`
    : compact;
}
