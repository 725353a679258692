/**
 * Reads the teletype header a line at a time: the routing lines (ORIGIN or ACTION, INFO,
 * DRAFTED BY, APPROVED BY, the date-time group, FM, TO), then the classification line, captions,
 * E.O., TAGS, SUBJECT and REF. Each line either adds to the facts or is the body's first line.
 * When a file repeats its header, the first one gives the addressees, references and handling.
 */
import {
  CAPTION_WORDS,
  classificationPrefix,
  fullYear,
  isoDay,
  monthNumber,
  readTags,
} from './attribute-values';
import { startsParagraph } from './cable-body';
import { CableFacts } from './cable-facts';
import {
  ADDRESSEE_PREFIXES,
  ADDRESSEE_TRAILERS,
  CITED,
  DTG,
  EXECUTIVE_ORDER,
  PRECEDENCE,
  REF_LABEL,
  REF_LINE,
  SUBJECT_LINE,
  TAGS_LINE,
  addresseeLike,
  headerAhead,
  isDistribution,
  officer,
  readClassLine,
  type ClassLine,
} from './cable-header';
import { clip, pad2 } from './cable-text';
import type { Classification } from './cable.types';

type Step =
  | 'none'
  | 'distribution'
  | 'drafted'
  | 'approved'
  | 'routing'
  | 'to'
  | 'info'
  | 'classLine'
  | 'afterSubject'
  | 'subject'
  | 'ref';

export abstract class HeaderReader extends CableFacts {
  protected step: Step = 'none';
  protected unknownHeaderLines = 0;
  /** The classification line or a later header line was seen: no more routing lines. */
  protected addressed = false;
  private subjectWidth = 0;
  private subjectLines = 0;

  /** True when the line belongs to the header; false when the body starts with it. */
  protected headerLine(t: string, index: number, lines: readonly string[]): boolean {
    const first = this.headers <= 1;
    // Routing lines only come before the classification line; after it, `INFO ON …` is text.
    if (!this.addressed && this.routingLine(t, first)) return true;
    if (this.subjectPart(t, index, lines, first)) return true;
    if (this.step === 'approved' && t.length <= 60) {
      if (first) this.clearances.push(officer(t));
      return true;
    }
    if ((this.step === 'to' || this.step === 'info') && addresseeLike(t)) {
      if (first) this.addressees(t, this.step === 'to' ? this.to : this.info);
      return true;
    }
    if (!this.sawDtg && !this.addressed && this.unknownHeaderLines < 3) {
      // Before the date-time group every line should be routing; keep the odd one as text.
      this.unknownHeaderLines++;
      this.notes.add(`header line not understood, kept in the text: "${clip(t)}"`);
      this.pendingBreak = true;
      this.pushBody(t, false);
      this.pendingBreak = true;
      return true;
    }
    return false;
  }

  /** ORIGIN/ACTION, INFO, DRAFTED BY, APPROVED BY, the date-time group, FM, TO. */
  private routingLine(t: string, first: boolean): boolean {
    let m: RegExpExecArray | null;
    if (/^\d{1,6}$/.test(t)) return true; // line counts and channel numbers
    if (!this.sawDtg && /^(?:ORIGIN|ACTION) \S/.test(t)) {
      this.office ??= t;
      this.step = 'distribution';
      return true;
    }
    if ((m = /^INFO (.*)$/.exec(t))) {
      if (!this.sawDtg) {
        this.step = 'distribution';
      } else {
        this.step = 'info';
        if (first) this.addressees(m[1] ?? '', this.info);
      }
      return true;
    }
    if (this.step === 'distribution' && isDistribution(t)) return true;
    if ((m = /^DRAFTED BY:? ?(.*)$/.exec(t))) {
      const value = m[1] ?? '';
      const at = value.indexOf(' APPROVED BY ');
      this.drafter ??= officer(at >= 0 ? value.slice(0, at) : value);
      if (at >= 0) this.approver ??= officer(value.slice(at + 13).replace(/^: ?/, ''));
      this.step = at >= 0 ? 'approved' : 'drafted';
      return true;
    }
    if ((m = /^APPROVED BY:? ?(.*)$/.exec(t))) {
      this.approver ??= officer(m[1] ?? '');
      this.step = 'approved';
      return true;
    }
    if (/^-{3,}/.test(t)) {
      this.step = 'none';
      return true;
    }
    if ((m = DTG.exec(t))) {
      this.dateTimeGroup(m);
      return true;
    }
    if (this.step === 'drafted' && /^\d{1,2}\/\d{1,2}\/\d{2,4}\b/.test(t)) return true;
    if ((m = /^FM(?: (.*))?$/.exec(t))) {
      const from = (m[1] ?? '').trim();
      if (from === '') this.notes.add('the FM line is empty (the export may be cut short)');
      else this.from ??= from;
      this.step = 'routing';
      return true;
    }
    if ((m = /^TO (.*)$/.exec(t))) {
      if (first) this.addressees(m[1] ?? '', this.to);
      this.step = 'to';
      return true;
    }
    return false;
  }

  /** The classification line, captions, E.O., TAGS, SUBJECT and REF lines. */
  private subjectPart(t: string, index: number, lines: readonly string[], first: boolean): boolean {
    let m: RegExpExecArray | null;
    const cls = classificationPrefix(t);
    if (cls && cls.rest !== '') {
      const line = readClassLine(cls.rest);
      if (line) {
        this.classLine(cls.classification, line);
        return true;
      }
    }
    if ((m = EXECUTIVE_ORDER.exec(t))) {
      const value = (m[2] ?? '').trim();
      this.executiveOrder ??= `${m[1]} ${value === 'NA' ? 'N/A' : value}`.trim();
      this.beginSubjectPart('classLine');
      return true;
    }
    if ((m = TAGS_LINE.exec(t))) {
      this.tags ??= readTags(m[1]);
      this.beginSubjectPart('classLine');
      return true;
    }
    if ((m = SUBJECT_LINE.exec(t))) {
      this.subject ??= (m[1] ?? '').trim();
      this.subjectWidth = t.length;
      this.subjectLines = 0;
      this.beginSubjectPart('subject');
      return true;
    }
    if ((m = REF_LINE.exec(t)) && CITED.test(m[1] ?? '')) {
      if (first) this.addReferences(m[1] ?? '');
      this.beginSubjectPart('ref');
      return true;
    }
    if (this.captionLine(t)) return true;
    if (
      this.step === 'classLine' &&
      t.length <= 80 &&
      !startsParagraph(t) &&
      headerAhead(index, lines)
    ) {
      if (first) this.handling.push(t);
      return true;
    }
    if (
      this.step === 'subject' &&
      this.subjectWidth >= 50 &&
      this.subjectLines < 2 &&
      t.length <= 80 &&
      !startsParagraph(t)
    ) {
      // A subject wraps only when its line was full; a short subject line ends the subject.
      if (first && this.subject !== null) this.subject = `${this.subject} ${t}`;
      this.subjectWidth = t.length;
      this.subjectLines++;
      return true;
    }
    if (this.step === 'ref' && REF_LABEL.test(t) && CITED.test(t)) {
      if (first) this.addReferences(t);
      return true;
    }
    return false;
  }

  private beginSubjectPart(step: Step): void {
    this.addressed = true;
    this.step = step;
  }

  private dateTimeGroup(m: RegExpExecArray): void {
    this.sawDtg = true;
    this.step = 'routing';
    this.precedence ??= PRECEDENCE[m[1] ?? ''] ?? null;
    const day = Number(m[2]);
    const hour = Number(m[3]);
    const minute = Number(m[4]);
    const month = monthNumber(m[5] ?? '');
    const year = fullYear(m[6] ?? '');
    const iso = month === null ? null : isoDay(year, month, day);
    if (iso === null || hour > 23 || minute > 59) {
      this.notes.add(`date-time group not understood: "${clip(m[0])}"`);
    } else if (this.sentAt === null) {
      this.sentAt = `${iso}T${pad2(hour)}:${pad2(minute)}:00.000Z`;
      this.dtgYear = year;
    }
    const rest = (m[7] ?? '').trim();
    if (rest !== '') this.routing(rest);
  }

  /** `FM SECSTATE WASHDC TO AMEMBASSY MOSCOW AMCONSUL LENINGRAD INFO …` on one line. */
  private routing(rest: string): void {
    const parts: Record<'fm' | 'to' | 'info', string[]> = { fm: [], to: [], info: [] };
    let mode: 'fm' | 'to' | 'info' | null = null;
    const unread: string[] = [];
    for (const token of rest.split(' ')) {
      if (token === 'FM') mode = 'fm';
      else if (token === 'TO') mode = 'to';
      else if (token === 'INFO') mode = 'info';
      else if (mode !== null) parts[mode].push(token);
      // Z-prosigns such as ZFF4 are transmission instructions with nothing for a reader.
      else if (!/^Z[A-Z]{2}\d?$/.test(token)) unread.push(token);
    }
    if (unread.length > 0) {
      this.notes.add(`date-time group line: "${clip(unread.join(' '))}" not understood`);
    }
    if (parts.fm.length > 0) this.from ??= parts.fm.join(' ');
    if (this.headers <= 1) {
      this.addressees(parts.to.join(' '), this.to);
      this.addressees(parts.info.join(' '), this.info);
    }
    if (mode === 'to' || mode === 'info') this.step = mode;
  }

  private addressees(text: string, into: string[]): void {
    let current: string[] = [];
    const flush = (): void => {
      while (current.length > 0) {
        const last = current[current.length - 1] ?? '';
        if (ADDRESSEE_TRAILERS.has(last) || /^\d+$/.test(last)) current.pop();
        else break;
      }
      if (current.length > 0) into.push(current.join(' '));
      current = [];
    };
    for (const token of text.split(' ')) {
      if (token === '') continue;
      if (ADDRESSEE_PREFIXES.has(token)) flush();
      current.push(token);
    }
    flush();
  }

  private classLine(level: Classification, line: ClassLine): void {
    this.sawClassLine = true;
    this.beginSubjectPart('classLine');
    if (this.headers > 1 && this.lineClassification !== null) return;
    this.lineClassification ??= level;
    this.classRef ??= line.ref;
    this.section ??= line.section;
    this.tosec ??= line.tosec;
    for (const word of line.extra) {
      if (CAPTION_WORDS.has(word)) this.addCaption(word);
    }
    const other = line.extra.filter((w) => !CAPTION_WORDS.has(w)).join(' ');
    if (other !== '') this.handling.push(other);
  }

  /** `EXDIS`, `STADIS//////`, `LIMDIS, FOR CHARGE FROM PRECHT`, `NODIS CHEROKEE`. */
  private captionLine(t: string): boolean {
    let rest = t;
    let found = false;
    for (;;) {
      const m = /^([A-Z]+)[\s,/]*/.exec(rest);
      if (!m || !CAPTION_WORDS.has(m[1] ?? '')) break;
      this.addCaption(m[1] ?? '');
      found = true;
      rest = rest.slice(m[0].length);
    }
    if (!found) return false;
    const instruction = rest.trim();
    if (instruction !== '' && this.headers <= 1) this.handling.push(instruction);
    return true;
  }

  private addCaption(word: string): void {
    if (!this.captions.includes(word)) this.captions.push(word);
  }

  private addReferences(text: string): void {
    for (const piece of text.split(';')) {
      const item = piece.trim();
      if (item === '') continue;
      const label = REF_LABEL.exec(item);
      this.references.push(label ? `${label[1]}. ${item.slice(label[0].length)}` : item);
    }
  }
}
