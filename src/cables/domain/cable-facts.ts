/**
 * What one reading of a cable export gathers: the facts its header gives, the body's lines and
 * the warnings, and how they become a `ParsedCable` together with the attribute block, whose
 * fields win where both speak. The header reader and the cable reader build on this class, line
 * by line; everything here runs once the lines are read.
 */
import { emptyDispositionFields } from './attribute-block';
import { readDate, readExemptionCodes } from './attribute-values';
import { assemble, signatureOf, type BodyLine } from './cable-body';
import type { StationRef } from './cable-header';
import type {
  AttributeBlock,
  CableSection,
  Classification,
  DispositionFields,
  ParsedCable,
  Precedence,
} from './cable.types';

const MAX_WARNINGS = 100;

const BANNER_SUFFIXES: ReadonlyArray<readonly [string, Classification]> = [
  ['UNCLASSIFIED', 'UNCLASSIFIED'],
  ['LIMITED OFFICIAL USE', 'LIMITED OFFICIAL USE'],
  ['CONFIDENTIAL', 'CONFIDENTIAL'],
  ['TOP SECRET', 'TOP SECRET'],
  ['SECRET', 'SECRET'],
  ['C O N F I D E N T I A L', 'CONFIDENTIAL'],
  ['S E C R E T', 'SECRET'],
];

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

export abstract class CableFacts {
  protected readonly notes = new Notes();
  protected headers = 0;
  protected sawDtg = false;
  protected sawClassLine = false;
  protected pendingBlank = false;
  protected pendingPage = false;
  protected pendingBreak = false;
  protected complete = false;

  private readonly body: BodyLine[] = [];
  protected bannerClassification: Classification | null = null;
  protected lineClassification: Classification | null = null;
  protected classRef: StationRef | null = null;
  protected pageRef: StationRef | null = null;
  protected sentAt: string | null = null;
  protected dtgYear: number | null = null;
  protected precedence: Precedence | null = null;
  protected from: string | null = null;
  protected readonly to: string[] = [];
  protected readonly info: string[] = [];
  protected office: string | null = null;
  protected drafter: string | null = null;
  protected approver: string | null = null;
  protected readonly clearances: string[] = [];
  protected readonly captions: string[] = [];
  protected readonly handling: string[] = [];
  protected executiveOrder: string | null = null;
  protected tags: string[] | null = null;
  protected subject: string | null = null;
  protected readonly references: string[] = [];
  protected section: CableSection | null = null;
  protected tosec: string | null = null;
  protected stamp: string | null = null;

  constructor(protected readonly file: string | null) {}

  // -- body -----------------------------------------------------------------------------------

  protected pushBody(text: string, indented: boolean): void {
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
  protected stripTrailingBanner(): void {
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

  protected result(block: AttributeBlock | null): ParsedCable {
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

export function emptyCable(file: string | null): ParsedCable {
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
