/**
 * The teletype header's vocabulary: anchored patterns for its lines (page headers, the date-time
 * group, E.O., TAGS, SUBJECT and REF lines), the precedences and the words that open an addressee,
 * and the helpers that read a classification line, a station reference and the routing lines.
 */
import type { CableSection, Precedence } from './cable.types';
import { startsParagraph } from './cable-body';
import { collapse } from './cable-text';

/** `STATE 139375`, `QUITO 6223`, `USUN N 01234`, `NEW DE 01234`: a station and its serial. */
export const STATION_SERIAL = /^([A-Z]{2,}(?: [A-Z]{1,2})?) (\d{1,6})(?= |$)/;
export const BARE_REF =
  /^[A-Z]{2,}(?: [A-Z]{1,2})? \d{1,6}(?: (?:TOSEC|SECTO) \d{1,7})?(?: \d{1,2} OF \d{1,2})?(?: \d{6}Z)?$/;
export const PAGE = /^PAGE (\d{2,3})(?: (.*))?$/;
/** `R 160106Z JUN 77`, `P 220133 Z JUN 73` (1973 spacing), optionally followed by routing. */
export const DTG =
  /^(FLASH|NIACT IMMEDIATE|IMMEDIATE|PRIORITY|ROUTINE|[ZOPR])(?: [ZOPR])? (\d{2})(\d{2})(\d{2}) ?Z ([A-Z]{3}) (\d{4}|\d{2})(?: (.*))?$/;
export const EXECUTIVE_ORDER = /^E\. ?O\. ?(\d{5}) ?:? ?(.*)$/;
export const TAGS_LINE = /^TAGS\b ?:? ?(.*)$/;
export const SUBJECT_LINE = /^SUBJ(?:ECT)? ?[:.] ?(.*)$/;
export const REF_LINE = /^REF(?:S|TEL|TELS|ERENCE|ERENCES)?(?: ?[:.])? (.*)$/;
export const CITED = /[A-Z]{2,}(?: [A-Z]{1,2})? \d{1,6}\b|\(NOTAL\)/;
export const REF_LABEL = /^\(?([A-Z])[.)]? +(?=[A-Z]{2,}(?: [A-Z]{1,2})? \d)/;

export const PRECEDENCE: Record<string, Precedence> = {
  Z: 'FLASH',
  FLASH: 'FLASH',
  O: 'IMMEDIATE',
  IMMEDIATE: 'IMMEDIATE',
  'NIACT IMMEDIATE': 'IMMEDIATE',
  P: 'PRIORITY',
  PRIORITY: 'PRIORITY',
  R: 'ROUTINE',
  ROUTINE: 'ROUTINE',
};

/** Words that open an addressee: each starts a new one in a run-together TO line. */
export const ADDRESSEE_PREFIXES: ReadonlySet<string> = new Set([
  'AMEMBASSY',
  'AMCONSUL',
  'AMCONGEN',
  'USMISSION',
  'USDEL',
  'USLO',
  'USINT',
  'USNATO',
  'SECSTATE',
  'SECDEF',
  'CINCPAC',
  'CINCEUR',
  'CINCLANT',
  'USCINCEUR',
  'USNMR',
  'JCS',
  'CIA',
  'DIA',
  'NSA',
  'USIA',
  'WHITEHOUSE',
]);
export const ADDRESSEE_TRAILERS: ReadonlySet<string> = new Set([
  'FLASH',
  'IMMEDIATE',
  'PRIORITY',
  'ROUTINE',
  'NIACT',
]);

export interface StationRef {
  station: string;
  serial: string;
}

// ---------------------------------------------------------------------------------------------
// Helpers

export interface ClassLine {
  ref: StationRef;
  section: CableSection | null;
  tosec: string | null;
  extra: string[];
}

/** What follows the level on the classification line: `SECTION 1 OF 3 QUITO 6223`. */
export function readClassLine(rest: string): ClassLine | null {
  let r = rest;
  let section: CableSection | null = null;
  let tosec: string | null = null;
  const s = /(?:^| )SECTION (\d{1,2}) OF (\d{1,2})(?= |$)/.exec(r);
  if (s) {
    section = { n: Number(s[1]), of: Number(s[2]) };
    r = `${r.slice(0, s.index)} ${r.slice(s.index + s[0].length)}`.trim();
  }
  const t = /(?:^| )(TOSEC|SECTO) (\d{1,7})(?= |$)/.exec(r);
  if (t) {
    tosec = `${t[1]} ${t[2]}`;
    r = `${r.slice(0, t.index)} ${r.slice(t.index + t[0].length)}`.trim();
  }
  // UNCLAS E F T O: encrypted for transmission only, no handling meaning for a reader.
  r = r.replace(/^(?:E F T O|EFTO) ?/, '');
  const ref = stationRef(r);
  if (ref === null) return null;
  const extra = r
    .slice(ref.station.length + ref.serial.length + 1)
    .split(/[\s,/]+/)
    .filter((w) => w !== '');
  if (extra.some((w) => !/^[A-Z]+$/.test(w)) || extra.length > 6) return null;
  return { ref, section, tosec, extra };
}

export function stationRef(text: string): StationRef | null {
  const m = STATION_SERIAL.exec(text);
  return m ? { station: m[1] ?? '', serial: m[2] ?? '' } : null;
}

/** What a page header may carry after the reference: travel number, section, time. */
export function stripRefTrailers(rest: string): string {
  return rest
    .trim()
    .replace(/^(?:TOSEC|SECTO) \d{1,7} ?/, '')
    .replace(/^\d{1,2} OF \d{1,2} ?/, '')
    .replace(/^\d{6}Z ?/, '')
    .trim();
}

export function isDistribution(t: string): boolean {
  return t.split(' ').every((w) => /^(?:[A-Z][A-Z0-9/]*-\d{1,2}|\/\d{3}|[RW])$/.test(w));
}

export function addresseeLike(t: string): boolean {
  const first = t.slice(0, t.indexOf(' ') >= 0 ? t.indexOf(' ') : t.length);
  if (ADDRESSEE_PREFIXES.has(first)) return true;
  return (
    t.length <= 50 &&
    t.split(' ').length <= 6 &&
    /^[A-Z][A-Z0-9 /&'-]*$/.test(t) &&
    !startsParagraph(t)
  );
}

/** Handling lines sit between the classification line and the E.O., TAGS and SUBJECT lines. */
export function headerAhead(index: number, lines: readonly string[]): boolean {
  let seen = 0;
  for (let i = index + 1; i < lines.length && seen < 4; i++) {
    const t = collapse((lines[i] ?? '').slice(0, 40));
    if (t === '') continue;
    seen++;
    if (EXECUTIVE_ORDER.test(t) || /^TAGS\b/.test(t) || /^SUBJ(?:ECT)? ?[:.]/.test(t)) return true;
  }
  return false;
}

/** `S/ S- O: KKURZE` (1973 spacing) → `S/S-O:KKURZE`; `NEA/IRN - HENRY PRECHT` stays. */
export function officer(text: string): string {
  return text
    .trim()
    .replace(/([/:;]) +/g, '$1')
    .replace(/(\S)- +/g, '$1-');
}
