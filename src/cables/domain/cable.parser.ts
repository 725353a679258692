/**
 * Reads a State Department telegram export: the teletype header, the body split into portions,
 * and the "Message Attributes" block. Pure and total: any string gives a result, and whatever is
 * not understood is reported in `warnings` while the text itself stays in `text`.
 *
 * One pass over the lines with a small state machine; every pattern is anchored and applied to
 * short lines only, so time grows linearly with the input (see the 50 MB test).
 */
import {
  emptyDispositionFields,
  CAPTION_WORDS,
  classificationPrefix,
  isoDay,
  monthNumber,
  fullYear,
  readAttributeLines,
  readDate,
  readExemptionCodes,
  readTags,
  startsWithKnownKey,
} from './attribute-block';
import type {
  AttributeBlock,
  CablePortion,
  CableSection,
  Classification,
  DispositionFields,
  ParsedCable,
  Precedence,
} from './cable.types';

const MAX_WARNINGS = 100;
/** Header lines are teletype lines; anything longer is body text and skips the header patterns. */
const MAX_HEADER_LINE = 300;

export function parseCable(text: string, fileName?: string): ParsedCable {
  const file = baseName(fileName);
  try {
    return new CableReader(file).read(typeof text === 'string' ? text : '');
  } catch (error) {
    // An import must not stop on one file: a defect here becomes that file's warning.
    const cable = emptyCable(file);
    cable.warnings.push(
      `the parser failed on this file: ${error instanceof Error ? error.message : String(error)}`,
    );
    return cable;
  }
}

// ---------------------------------------------------------------------------------------------
// Patterns

/** `STATE 139375`, `QUITO 6223`, `USUN N 01234`, `NEW DE 01234`: a station and its serial. */
const STATION_SERIAL = /^([A-Z]{2,}(?: [A-Z]{1,2})?) (\d{1,6})(?= |$)/;
const BARE_REF =
  /^[A-Z]{2,}(?: [A-Z]{1,2})? \d{1,6}(?: (?:TOSEC|SECTO) \d{1,7})?(?: \d{1,2} OF \d{1,2})?(?: \d{6}Z)?$/;
const PAGE = /^PAGE (\d{2,3})(?: (.*))?$/;
/** `R 160106Z JUN 77`, `P 220133 Z JUN 73` (1973 spacing), optionally followed by routing. */
const DTG =
  /^(FLASH|NIACT IMMEDIATE|IMMEDIATE|PRIORITY|ROUTINE|[ZOPR])(?: [ZOPR])? (\d{2})(\d{2})(\d{2}) ?Z ([A-Z]{3}) (\d{4}|\d{2})(?: (.*))?$/;
const EXECUTIVE_ORDER = /^E\. ?O\. ?(\d{5}) ?:? ?(.*)$/;
const TAGS_LINE = /^TAGS\b ?:? ?(.*)$/;
const SUBJECT_LINE = /^SUBJ(?:ECT)? ?[:.] ?(.*)$/;
const REF_LINE = /^REF(?:S|TEL|TELS|ERENCE|ERENCES)?(?: ?[:.])? (.*)$/;
const CITED = /[A-Z]{2,}(?: [A-Z]{1,2})? \d{1,6}\b|\(NOTAL\)/;
const REF_LABEL = /^\(?([A-Z])[.)]? +(?=[A-Z]{2,}(?: [A-Z]{1,2})? \d)/;
const NUMBER_LABEL = /^(\(\d{1,2}\)|\d{1,2}(?:\.|\)\.?))(?= |$)/;
const ROMAN_LABEL = /^([IVX]{2,5}\.)(?= |$)/;
const LETTER_LABEL = /^([A-Z])[.)](?= |$)/;
const MARKING =
  /^\( ?(TS|S|C|U|LOU|SBU|TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|LIMITED OFFICIAL USE)((?: ?\/ ?[A-Z]+)*)( ?- ?ENTIRE TEXT)? ?\.? ?\)/;
const STAMP = /Declassified\/Released US Department of State/;
const END_OF_DOCUMENT = /^<< ?END OF DOCUMENT ?>>$/i;

const PRECEDENCE: Record<string, Precedence> = {
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
const ADDRESSEE_PREFIXES: ReadonlySet<string> = new Set([
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
const ADDRESSEE_TRAILERS: ReadonlySet<string> = new Set([
  'FLASH',
  'IMMEDIATE',
  'PRIORITY',
  'ROUTINE',
  'NIACT',
]);
/** After a line-end hyphen these words mean a dash (`SITUATION- IN VIEW`), not a split word. */
const DASH_FOLLOWERS: ReadonlySet<string> = new Set([
  'A',
  'AN',
  'AND',
  'AS',
  'AT',
  'BE',
  'BUT',
  'BY',
  'FOR',
  'FROM',
  'IF',
  'IN',
  'IS',
  'IT',
  'OF',
  'ON',
  'OR',
  'THAT',
  'THE',
  'THIS',
  'TO',
  'WE',
  'WHICH',
  'WITH',
]);

const MARK_LEVEL: Record<string, Classification> = {
  TS: 'TOP SECRET',
  'TOP SECRET': 'TOP SECRET',
  S: 'SECRET',
  SECRET: 'SECRET',
  C: 'CONFIDENTIAL',
  CONFIDENTIAL: 'CONFIDENTIAL',
  U: 'UNCLASSIFIED',
  SBU: 'UNCLASSIFIED',
  UNCLASSIFIED: 'UNCLASSIFIED',
  LOU: 'LIMITED OFFICIAL USE',
  'LIMITED OFFICIAL USE': 'LIMITED OFFICIAL USE',
};

const BANNER_SUFFIXES: ReadonlyArray<readonly [string, Classification]> = [
  ['UNCLASSIFIED', 'UNCLASSIFIED'],
  ['LIMITED OFFICIAL USE', 'LIMITED OFFICIAL USE'],
  ['CONFIDENTIAL', 'CONFIDENTIAL'],
  ['TOP SECRET', 'TOP SECRET'],
  ['SECRET', 'SECRET'],
  ['C O N F I D E N T I A L', 'CONFIDENTIAL'],
  ['S E C R E T', 'SECRET'],
];

// ---------------------------------------------------------------------------------------------
// The reader

type Zone = 'start' | 'header' | 'body';
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

interface BodyLine {
  text: string;
  /** Began with a space: a broken line of the export, never a new paragraph by itself. */
  indented: boolean;
  /** A blank line came before it on the same page. */
  blankBefore: boolean;
  pageBreakBefore: boolean;
  /** Starts a paragraph whatever it looks like: after NNN, or a header line kept as text. */
  forceBreak: boolean;
}

interface StationRef {
  station: string;
  serial: string;
}

class Notes {
  readonly list: string[] = [];
  private dropped = 0;
  private readonly seen = new Set<string>();

  add(message: string): void {
    if (this.seen.has(message)) return;
    if (this.list.length >= MAX_WARNINGS) {
      this.dropped++;
      return;
    }
    this.seen.add(message);
    this.list.push(message);
  }

  all(): string[] {
    return this.dropped > 0
      ? [...this.list, `${this.dropped} further warnings not shown`]
      : this.list;
  }
}

class CableReader {
  private readonly notes = new Notes();
  private zone: Zone = 'start';
  private step: Step = 'none';
  private headers = 0;
  private unknownHeaderLines = 0;
  private sawDtg = false;
  private sawClassLine = false;
  /** The classification line or a later header line was seen: no more routing lines. */
  private addressed = false;
  private expectRef = false;
  private pendingBlank = false;
  private pendingPage = false;
  private pendingBreak = false;
  private complete = false;
  private subjectWidth = 0;
  private subjectLines = 0;

  private readonly body: BodyLine[] = [];
  private bannerClassification: Classification | null = null;
  private lineClassification: Classification | null = null;
  private classRef: StationRef | null = null;
  private pageRef: StationRef | null = null;
  private sentAt: string | null = null;
  private dtgYear: number | null = null;
  private precedence: Precedence | null = null;
  private from: string | null = null;
  private readonly to: string[] = [];
  private readonly info: string[] = [];
  private office: string | null = null;
  private drafter: string | null = null;
  private approver: string | null = null;
  private readonly clearances: string[] = [];
  private readonly captions: string[] = [];
  private readonly handling: string[] = [];
  private executiveOrder: string | null = null;
  private tags: string[] | null = null;
  private subject: string | null = null;
  private readonly references: string[] = [];
  private section: CableSection | null = null;
  private tosec: string | null = null;
  private stamp: string | null = null;

  constructor(private readonly file: string | null) {}

  read(input: string): ParsedCable {
    if (input.length === 0) {
      const cable = emptyCable(this.file);
      cable.warnings.push('the file is empty');
      return cable;
    }
    const { text, removed } = normalize(input);
    if (removed > 0) {
      this.notes.add(`removed ${removed} control characters (NUL or other binary bytes)`);
    }
    const lines = text.split('\n');
    const { message, block, endSeen } = splitBlock(lines);
    if (block !== null || endSeen) this.complete = true;
    for (let i = 0; i < message.length; i++) this.line(message[i] ?? '', i, message);
    if (this.complete) this.stripTrailingBanner();
    const attributes = block === null ? null : readAttributeLines(block);
    for (const w of attributes?.warnings ?? []) this.notes.add(w);
    return this.result(attributes);
  }

  // -- lines ----------------------------------------------------------------------------------

  private line(raw: string, index: number, lines: readonly string[]): void {
    const indented = raw.startsWith(' ');
    const t = collapse(raw);
    if (t === '') {
      this.pendingBlank = true;
      if (this.zone === 'header' && (this.step === 'subject' || this.step === 'ref')) {
        this.step = 'afterSubject';
      }
      return;
    }
    if (t.length > MAX_HEADER_LINE) {
      if (this.zone === 'header' && !this.sawDtg && !this.sawClassLine) {
        this.notes.add('the message header ended before its date-time group');
      }
      if (this.zone === 'header') this.zone = 'body';
      this.pushBody(t, indented);
      return;
    }
    if (t === 'Message Text' || t === 'Show Headers') return;
    if (t === 'NNN') {
      this.complete = true;
      this.stripTrailingBanner();
      this.pendingBreak = true;
      this.zone = 'start';
      return;
    }
    if (t.length > 40 && STAMP.test(t)) {
      this.stamp ??= t;
      return;
    }
    const banner = mayBeClassification(t) ? classificationPrefix(t) : null;
    if (banner && (banner.rest === '' || banner.rest === '.')) {
      this.bannerClassification ??= banner.classification;
      this.pendingPage = true;
      return;
    }
    if (this.expectRef) {
      this.expectRef = false;
      if (BARE_REF.test(t)) {
        this.pageRef ??= stationRef(t);
        return;
      }
    }
    const page = t.startsWith('PAGE ') ? PAGE.exec(t) : null;
    if (page && (page[2] === undefined || STATION_SERIAL.test(page[2]))) {
      this.page(Number(page[1]), page[2] ?? '', index, lines);
      return;
    }
    if (this.zone === 'start' && this.opensHeader(t)) this.enterHeader();
    if (this.zone === 'header' && this.headerLine(t, index, lines)) return;
    if (this.zone === 'header') this.zone = 'body';
    this.pushBody(t, indented);
  }

  private page(n: number, rest: string, index: number, lines: readonly string[]): void {
    const ref = rest === '' ? null : stationRef(rest);
    if (ref) this.pageRef ??= ref;
    if (rest === '') this.expectRef = true;
    if (n === 1) {
      this.enterHeader();
      const after = ref
        ? stripRefTrailers(rest.slice(ref.station.length + 1 + ref.serial.length))
        : '';
      if (after !== '' && !this.headerLine(after, index, lines)) this.pushBody(after, false);
      return;
    }
    this.stripTrailingBanner();
    this.pendingPage = true;
  }

  private opensHeader(t: string): boolean {
    // Every opening starts with an upper-case letter followed by one more letter or a space.
    const c1 = t.charCodeAt(1);
    if (!isUpper(t.charCodeAt(0)) || !(isUpper(c1) || c1 === 32)) return false;
    if (
      DTG.test(t) ||
      /^DRAFTED BY\b/.test(t) ||
      /^(?:ORIGIN|ACTION) [A-Z][A-Z/]*-\d{1,2}\b/.test(t)
    ) {
      return true;
    }
    const cls = mayBeClassification(t) ? classificationPrefix(t) : null;
    return cls !== null && cls.rest !== '' && readClassLine(cls.rest) !== null;
  }

  private enterHeader(): void {
    this.headers++;
    if (this.headers === 2) {
      this.notes.add('a second message header was found; the first one is used');
    }
    this.zone = 'header';
    this.step = 'none';
    this.addressed = false;
    this.unknownHeaderLines = 0;
  }

  /** True when the line belongs to the header; false when the body starts with it. */
  private headerLine(t: string, index: number, lines: readonly string[]): boolean {
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

  // -- body -----------------------------------------------------------------------------------

  private pushBody(text: string, indented: boolean): void {
    this.body.push({
      text,
      indented,
      blankBefore: this.pendingBlank && !this.pendingPage,
      pageBreakBefore: this.pendingPage,
      forceBreak: this.pendingBreak,
    });
    this.pendingBlank = false;
    this.pendingPage = false;
    this.pendingBreak = false;
  }

  /**
   * The one-line export appends the page's classification to its last line
   * (`… ADVOCATES. CONFIDENTIAL`, once `… WITH OTHER CONFIDENTIAL.`); a page break or the end
   * of the message shows it is furniture, not text.
   */
  private stripTrailingBanner(): void {
    const last = this.body[this.body.length - 1];
    if (!last) return;
    const tail = last.text.slice(-40);
    const known = this.lineClassification ?? this.bannerClassification;
    for (const [word, level] of BANNER_SUFFIXES) {
      if (known !== null && level !== known) continue;
      for (const suffix of [` ${word}`, ` ${word}.`]) {
        if (tail.endsWith(suffix)) {
          last.text = last.text.slice(0, last.text.length - suffix.length).trimEnd();
          return;
        }
      }
    }
  }

  // -- result ---------------------------------------------------------------------------------

  private result(block: AttributeBlock | null): ParsedCable {
    const fields: DispositionFields = block?.fields ?? emptyDispositionFields();
    const attributes = block?.attributes ?? {};
    const attributeValue = attributeReader(attributes);
    const sentDate = readDate(attributeValue('Sent Date'));
    const { portions, paragraphs, entire } = assemble(this.body);

    const derived = this.derivedDocumentNumber(sentDate.value);
    let documentNumber = fields.documentNumber ?? derived;
    if (fields.documentNumber !== null && derived !== null && fields.documentNumber !== derived) {
      this.notes.add(
        `the header gives document number ${derived} but the Document Number attribute says ${fields.documentNumber}`,
      );
    }
    if (documentNumber === null) {
      const fromName =
        this.file === null ? null : /^(\d{4}[A-Z]+\d{5,6})(?:\.\w+)?$/.exec(this.file);
      if (fromName) {
        documentNumber = fromName[1] ?? null;
        this.notes.add('document number taken from the file name');
      } else {
        this.notes.add(
          'no document number: no Document Number attribute and no message reference with a date',
        );
      }
    }

    const captions = [...this.captions];
    for (const c of fields.originalHandlingRestrictions)
      if (!captions.includes(c)) captions.push(c);

    const sentAt =
      this.sentAt ?? (sentDate.value === null ? null : `${sentDate.value}T00:00:00.000Z`);
    const exemptions: string[] = [];
    const addCodes = (raw: string | null): void => {
      for (const code of readExemptionCodes(raw).codes)
        if (!exemptions.includes(code)) exemptions.push(code);
    };
    addCodes(fields.dispositionReason);
    for (const entry of [...fields.reviewHistory, ...fields.dispositionHistory])
      addCodes(entry.reason);
    addCodes(attributeValue('Review Exemptions'));

    const hasHeader = this.sawDtg || this.sawClassLine || this.headers > 0;
    const hasText = portions.length > 0;
    if (!hasHeader && hasText)
      this.notes.add(
        'no message header found (no PAGE 01, date-time group or classification line)',
      );
    if (!hasText && block !== null)
      this.notes.add('no message text: the file holds only an attribute block');
    if (!this.complete && block === null) {
      this.notes.add(
        'no end-of-message marker (NNN or << END OF DOCUMENT >>): the text may be cut short',
      );
    }
    if (hasText && this.subject === null && fields.subject === null)
      this.notes.add('no subject line');

    const attributeDrafter = attributeValue('Drafter');
    return {
      ...fields,
      file: this.file,
      documentNumber,
      subject: fields.subject ?? this.subject,
      tags: fields.tags.length > 0 ? fields.tags : (this.tags ?? []),
      originalClassification:
        fields.originalClassification ?? this.lineClassification ?? this.bannerClassification,
      currentClassification:
        fields.currentClassification ?? (this.stamp !== null ? 'UNCLASSIFIED' : null),
      executiveOrder: fields.executiveOrder ?? this.executiveOrder,
      markings: fields.markings ?? this.stamp,
      captions,
      handlingInstructions: [...this.handling],
      sentAt,
      documentDate: sentAt === null ? null : sentAt.slice(0, 10),
      from: this.from ?? attributeValue('From'),
      to: [...this.to],
      info: [...this.info],
      precedence: this.precedence,
      references: [...this.references],
      section: this.section,
      tosec: this.tosec,
      office: this.office,
      drafter: attributeDrafter ?? this.drafter,
      approver: this.approver,
      clearances: [...this.clearances],
      signature: this.complete ? signatureOf(portions) : null,
      exemptions,
      hasText,
      text: paragraphs.join('\n\n'),
      portions,
      entireTextClassification: entire,
      attributes,
      hasAttributeBlock: block !== null,
      complete: this.complete,
      warnings: this.notes.all(),
    };
  }

  private derivedDocumentNumber(sentDate: string | null): string | null {
    const ref = this.classRef ?? this.pageRef;
    const year = this.dtgYear ?? (sentDate === null ? null : Number(sentDate.slice(0, 4)));
    if (ref === null || year === null) return null;
    const station = ref.station.replace(/ /g, '');
    // The Department pads serials to six digits for STATE and five for posts: 1974QUITO06223.
    const serial = ref.serial.replace(/^0+(?=\d)/, '').padStart(station === 'STATE' ? 6 : 5, '0');
    return `${year}${station}${serial}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

interface ClassLine {
  ref: StationRef;
  section: CableSection | null;
  tosec: string | null;
  extra: string[];
}

/** What follows the level on the classification line: `SECTION 1 OF 3 QUITO 6223`. */
function readClassLine(rest: string): ClassLine | null {
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

function stationRef(text: string): StationRef | null {
  const m = STATION_SERIAL.exec(text);
  return m ? { station: m[1] ?? '', serial: m[2] ?? '' } : null;
}

/** What a page header may carry after the reference: travel number, section, time. */
function stripRefTrailers(rest: string): string {
  return rest
    .trim()
    .replace(/^(?:TOSEC|SECTO) \d{1,7} ?/, '')
    .replace(/^\d{1,2} OF \d{1,2} ?/, '')
    .replace(/^\d{6}Z ?/, '')
    .trim();
}

function isDistribution(t: string): boolean {
  return t.split(' ').every((w) => /^(?:[A-Z][A-Z0-9/]*-\d{1,2}|\/\d{3}|[RW])$/.test(w));
}

function addresseeLike(t: string): boolean {
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
function headerAhead(index: number, lines: readonly string[]): boolean {
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
function officer(text: string): string {
  return text
    .trim()
    .replace(/([/:;]) +/g, '$1')
    .replace(/(\S)- +/g, '$1-');
}

function startsParagraph(t: string): boolean {
  const s = t.startsWith('- ') ? t.slice(2) : t;
  return NUMBER_LABEL.test(s) || ROMAN_LABEL.test(s) || MARKING.test(s.slice(0, 40));
}

// ---------------------------------------------------------------------------------------------
// Portions

interface Label {
  text: string;
  kind: 'number' | 'roman' | 'letter';
}

function readLabel(s: string): Label | null {
  const c0 = s.charCodeAt(0);
  const c1 = s.charCodeAt(1);
  // Cheap rejections first: most lines are running text.
  if (isUpper(c0) && c1 !== 46 && c1 !== 41 && !(c0 === 73 || c0 === 86 || c0 === 88)) return null;
  if (!isUpper(c0) && c0 !== 40 && !(c0 >= 48 && c0 <= 57)) return null;
  const head = s.slice(0, 8);
  let m = NUMBER_LABEL.exec(head);
  if (m) return { text: m[1] ?? '', kind: 'number' };
  m = ROMAN_LABEL.exec(head);
  if (m) return { text: m[1] ?? '', kind: 'roman' };
  m = LETTER_LABEL.exec(head);
  if (m) return { text: m[0], kind: 'letter' };
  return null;
}

function stripBullet(s: string): string {
  // The HTML export turns list items into `- 2) …`; the dash is not the cable's.
  return s.startsWith('- ') && readLabel(s.slice(2)) !== null ? s.slice(2) : s;
}

/**
 * Splits the body into paragraphs. A paragraph starts at a label (`1.`, `2)`, `III.`, a letter
 * in sequence `A.`, `B.` …), at a portion marking, after a blank line that follows a finished
 * sentence, or — in hard-wrapped teletype text — after a finished sentence on a line the next
 * word would have fitted on. Page furniture between two lines is not a paragraph break.
 */
function assemble(lines: readonly BodyLine[]): {
  portions: CablePortion[];
  paragraphs: string[];
  entire: Classification | null;
} {
  const width = wrapWidth(lines);
  const paragraphs: string[] = [];
  const portions: CablePortion[] = [];
  let entire: Classification | null = null;
  let pieces: string[] | null = null;
  let prev: string | null = null;
  let expectedLetter = 65;

  const flush = (): void => {
    if (pieces === null) return;
    const text = pieces.join('');
    pieces = null;
    paragraphs.push(text);
    const portion = toPortion(text, portions.length);
    if (portion.marking !== null && / ?- ?ENTIRE TEXT/.test(portion.marking)) {
      entire ??= portion.classification;
    }
    portions.push(portion);
  };

  for (const line of lines) {
    if (!hasLetterOrDigit(line.text)) {
      flush();
      paragraphs.push(line.text);
      prev = null;
      continue;
    }
    const s = stripBullet(line.text);
    const label = readLabel(s);
    let start = pieces === null || line.forceBreak;
    if (!start && label !== null) {
      if (label.kind === 'letter') {
        const code = label.text.charCodeAt(0);
        start = code === expectedLetter && (code !== 65 || endsWithOneOf(prev, ':.;'));
      } else {
        start = true;
      }
    }
    if (!start && !line.indented && s.charCodeAt(0) === 40 && MARKING.test(s.slice(0, 40))) {
      start = true;
    }
    if (!start && !line.indented && prev !== null && endsSentence(prev) && startsSentence(s)) {
      // Typists broke lines unevenly, so only a clearly short line counts as a paragraph end.
      start =
        line.blankBefore ||
        (width > 0 && prev.length <= width * 0.8 && prev.length + 1 + firstWordLength(s) <= width);
    }
    if (start && label !== null) {
      expectedLetter = label.kind === 'letter' ? label.text.charCodeAt(0) + 1 : 65;
    }
    if (start || pieces === null) {
      flush();
      pieces = [s];
    } else {
      appendLine(pieces, s);
    }
    prev = s;
  }
  flush();
  if (entire !== null) {
    for (const p of portions) p.classification ??= entire;
  }
  return { portions, paragraphs, entire };
}

function toPortion(text: string, index: number): CablePortion {
  const label = readLabel(text);
  // Numbers and romans always label; a lone letter only when a marking or text follows it.
  const labelText = label?.text ?? null;
  const after = labelText === null ? text : text.slice(labelText.length).trimStart();
  const m = after.charCodeAt(0) === 40 ? MARKING.exec(after.slice(0, 60)) : null;
  return {
    index,
    label: labelText,
    marking: m ? m[0] : null,
    classification: m ? (MARK_LEVEL[m[1] ?? ''] ?? null) : null,
    text,
  };
}

/** Adds a line to a paragraph, rejoining words the teletype or a page break split. */
function appendLine(pieces: string[], next: string): void {
  const lastIndex = pieces.length - 1;
  const last = pieces[lastIndex] ?? '';
  if (next.startsWith('- ') && /^[,.;:]/.test(next.slice(2, 3))) {
    // `WITH OUR ALLIES` / `- , WHICH …`: a list dash the export put before a continued sentence.
    pieces.push(next.slice(2));
    return;
  }
  const end = last.charCodeAt(last.length - 1);
  if (end === 45 && isLetter(last.charCodeAt(last.length - 2)) && isLetter(next.charCodeAt(0))) {
    const fragment = lastWordLength(last, last.length - 1);
    const word = firstWord(next);
    if (DASH_FOLLOWERS.has(word)) {
      pieces.push(' ', next);
    } else if (fragment <= 2) {
      pieces.push(next); // US-SOVIET: a short prefix keeps its hyphen
    } else {
      pieces[lastIndex] = last.slice(0, -1);
      pieces.push(next);
    }
    return;
  }
  if (end === 47) {
    pieces.push(next); // DONATION/ LOAN
    return;
  }
  pieces.push(' ', next);
}

function signatureOf(portions: readonly CablePortion[]): string | null {
  const last = portions[portions.length - 1];
  if (!last) return null;
  const m = /(?:[.)"]|\bEND (?:FYI|TEXT|QUOTE|SUMMARY)) ([A-Z][A-Z'-]{2,})$/.exec(
    last.text.slice(-200),
  );
  return m ? (m[1] ?? null) : null;
}

function wrapWidth(lines: readonly BodyLine[]): number {
  let max = 0;
  for (const line of lines) {
    const n = line.text.length;
    if (n <= 100 && n > max) max = n;
  }
  return max >= 30 ? max : 0;
}

/** `U.S.`, `J.`, `MR.` end a line without ending a sentence. */
const ABBREVIATION =
  /(?:^|[\s(])(?:(?:[A-Z]\.)+|MR|MRS|MS|DR|GEN|ST|NO|AMB|SEN|REP|GOV|LT|COL|CAPT|ADM|JR|SR)\.?$/;

function endsSentence(s: string): boolean {
  let i = s.length - 1;
  while (i >= 0 && (s[i] === '"' || s[i] === ')' || s[i] === "'")) i--;
  const ch = s[i];
  if (ch === ':' || ch === '?' || ch === '!') return true;
  return ch === '.' && !ABBREVIATION.test(s.slice(Math.max(0, i - 12), i + 1));
}

function endsWithOneOf(s: string | null, chars: string): boolean {
  return s !== null && s.length > 0 && chars.includes(s[s.length - 1] ?? '');
}

function startsSentence(s: string): boolean {
  const c = s.charCodeAt(0);
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 34 || c === 39 || c === 40;
}

function firstWord(s: string): string {
  let i = 0;
  while (i < s.length && isLetter(s.charCodeAt(i))) i++;
  return s.slice(0, i);
}

function firstWordLength(s: string): number {
  const space = s.indexOf(' ');
  return space < 0 ? s.length : space;
}

function lastWordLength(s: string, end: number): number {
  let i = end - 1;
  while (i >= 0 && isLetter(s.charCodeAt(i))) i--;
  return end - 1 - i;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** Levels start with T, S, C, L or U; a first-letter test spares twelve prefix checks per line. */
function mayBeClassification(t: string): boolean {
  const c = t.charCodeAt(0);
  return c === 84 || c === 83 || c === 67 || c === 76 || c === 85;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function hasLetterOrDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isLetter(c) || (c >= 48 && c <= 57)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Input

/**
 * Line ends to `\n`, tabs and no-break spaces to spaces; NUL and other control bytes are
 * dropped (and counted) because they carry no text and break every later step.
 */
function normalize(input: string): { text: string; removed: number } {
  let removed = 0;
  let chunks: string[] | null = null;
  let from = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c >= 32 && c !== 127 && c !== 0xa0 && c !== 0xfeff) continue;
    if (c === 10) continue;
    chunks ??= [];
    chunks.push(input.slice(from, i));
    from = i + 1;
    if (c === 13) {
      if (input.charCodeAt(i + 1) !== 10) chunks.push('\n');
    } else if (c === 9 || c === 0xa0) {
      chunks.push(' ');
    } else if (c !== 0xfeff) {
      removed++;
    }
  }
  if (chunks === null) return { text: input, removed };
  chunks.push(input.slice(from));
  return { text: chunks.join(''), removed };
}

function collapse(raw: string): string {
  const trimmed = raw.trim();
  return trimmed.includes('  ') ? trimmed.replace(/ {2,}/g, ' ') : trimmed;
}

/**
 * Separates the message from its attribute block: after `<< END OF DOCUMENT >>`, after a
 * `Message Attributes` heading, or the whole file when it starts with a known key.
 */
function splitBlock(lines: readonly string[]): {
  message: readonly string[];
  block: readonly string[] | null;
  endSeen: boolean;
} {
  let heading = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.length > 40) continue;
    const t = line.trim();
    if (END_OF_DOCUMENT.test(t)) {
      return { message: lines.slice(0, i), block: blockOrNull(lines.slice(i + 1)), endSeen: true };
    }
    if (heading < 0 && t.toLowerCase() === 'message attributes') heading = i;
  }
  if (heading >= 0) {
    return {
      message: lines.slice(0, heading),
      block: blockOrNull(lines.slice(heading + 1)),
      endSeen: false,
    };
  }
  for (const line of lines) {
    const t = line.slice(0, 80).trim();
    if (t === '' || t === 'Message Text') continue;
    if (startsWithKnownKey(t)) return { message: [], block: lines, endSeen: false };
    break;
  }
  return { message: lines, block: null, endSeen: false };
}

function blockOrNull(lines: readonly string[]): readonly string[] | null {
  const found = lines.some((l) => {
    const t = l.slice(0, 40).trim().toLowerCase();
    return t !== '' && t !== 'message attributes';
  });
  return found ? lines : null;
}

/** Looks attributes up by their known spelling, whatever case the export used. */
function attributeReader(
  attributes: Record<string, string | null>,
): (canonical: string) => string | null {
  let byLower: Map<string, string | null> | null = null;
  return (canonical) => {
    if (Object.hasOwn(attributes, canonical)) return attributes[canonical] ?? null;
    if (byLower === null) {
      byLower = new Map();
      for (const [key, value] of Object.entries(attributes)) {
        const lower = key.toLowerCase().replace(/\s+/g, ' ');
        if (!byLower.has(lower)) byLower.set(lower, value);
      }
    }
    return byLower.get(canonical.toLowerCase()) ?? null;
  };
}

function baseName(fileName: string | undefined): string | null {
  if (typeof fileName !== 'string' || fileName === '') return null;
  const cut = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  return fileName.slice(cut + 1);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function emptyCable(file: string | null): ParsedCable {
  return {
    ...emptyDispositionFields(),
    file,
    captions: [],
    handlingInstructions: [],
    sentAt: null,
    documentDate: null,
    from: null,
    to: [],
    info: [],
    precedence: null,
    references: [],
    section: null,
    tosec: null,
    office: null,
    drafter: null,
    approver: null,
    clearances: [],
    signature: null,
    exemptions: [],
    hasText: false,
    text: '',
    portions: [],
    entireTextClassification: null,
    attributes: {},
    hasAttributeBlock: false,
    complete: false,
    warnings: [],
  };
}
