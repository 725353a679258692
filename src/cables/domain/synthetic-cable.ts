/**
 * Invented telegrams in the layouts of the real exports (`test/fixtures/cables`), for the import
 * benchmark and for tests that need many varied cables. Deterministic: the same seed gives the
 * same cable, so a failing seed can be replayed. The content is nonsense made of cable words;
 * the layout, numbering and attribute block follow the Department's.
 */
import { formatDayMonthYear, formatDashedDateTime, formatShortDate, pad } from './attribute-values';
import type { Classification } from './cable.types';

/** What a reader would write down about a synthetic cable; tests compare the parser with it. */
export interface SyntheticCableFacts {
  documentNumber: string;
  layout: 'teletype' | 'export';
  originalClassification: Classification;
  currentClassification: Classification | null;
  captions: string[];
  tags: string[];
  subject: string;
  executiveOrder: string;
  sentAt: string;
  from: string;
  to: string[];
  section: { n: number; of: number } | null;
  /** One entry per paragraph: its marking's level, or null when unmarked. */
  portionClassifications: Array<Classification | null>;
  hasAttributeBlock: boolean;
  dispositionAction: string | null;
  exemptions: string[];
}

export interface SyntheticCable {
  text: string;
  facts: SyntheticCableFacts;
}

const POSTS = [
  'MOSCOW',
  'QUITO',
  'PARIS',
  'BONN',
  'LONDON',
  'TOKYO',
  'TEHRAN',
  'CAIRO',
  'ROME',
  'MADRID',
  'OTTAWA',
  'VIENNA',
  'BRUSSELS',
  'CANBERRA',
];
const OFFICES = ['EUR', 'NEA', 'ARA', 'EA', 'AF', 'IO', 'EB', 'PM', 'INR', 'OES'];
const TAGS = [
  'PFOR',
  'PINT',
  'PARM',
  'EGEN',
  'ECON',
  'EAIR',
  'SHUM',
  'OVIP',
  'OGEN',
  'MARR',
  'ETRD',
  'UR',
  'US',
  'IR',
  'GW',
  'FR',
  'UK',
  'NATO',
];
const CAPTIONS = ['EXDIS', 'LIMDIS', 'NODIS', 'STADIS'];
const NAMES = ['SMITHJ', 'JONESK', 'GARCIAM', 'BROWNR', 'WHITEL', 'GREENP', 'HALLD', 'KINGS'];
const SIGNERS = ['KISSINGER', 'INGERSOLL', 'VANCE', 'CHRISTOPHER', 'STOESSEL', 'TOON', 'SULLIVAN'];
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WORDS = (
  'AMBASSADOR MINISTER DELEGATION EMBASSY GOVERNMENT MEETING DISCUSSION PROPOSAL AGREEMENT ' +
  'NEGOTIATION TREATY CONFERENCE POSITION POLICY ASSISTANCE PROGRAM REQUEST RESPONSE VIEWS ' +
  'ALLIANCE SECURITY ECONOMIC MILITARY POLITICAL CULTURAL BILATERAL MULTILATERAL REGIONAL ' +
  'SOVIET EUROPEAN ALLIED WESTERN FOREIGN OFFICIAL PUBLIC PRIVATE FORMAL INFORMAL INITIAL ' +
  'FURTHER CURRENT PRESENT RECENT EARLY LATE WILL WOULD SHOULD MAY CAN MUST HAS HAVE WAS ' +
  'THE THE THE OF OF OF TO TO TO AND AND IN IN ON FOR WITH BY FROM THAT THIS WHICH THEIR OUR ' +
  'WE THEY HE SHE IT ALSO NOT ONLY BUT HOWEVER MOREOVER THEREFORE INDICATED STATED NOTED ' +
  'EXPRESSED CONFIRMED DISCUSSED RAISED AGREED CONCERN INTEREST SUPPORT QUESTION ISSUE ' +
  'MATTER ACTION STEPS TIME DATE VISIT TALKS CONSULTATIONS REPORT SUMMARY COMMENT DEPARTMENT ' +
  'SECRETARY COUNSELOR DIRECTOR OFFICER STAFF PARTY LEADERSHIP PRESS STATEMENT ARRANGEMENTS'
).split(' ');

type Rng = () => number;

/** mulberry32: tiny, fast and good enough to vary test data. */
function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function int(r: Rng, min: number, max: number): number {
  return min + Math.floor(r() * (max - min + 1));
}

function pick<T>(r: Rng, items: readonly T[]): T {
  const item = items[Math.floor(r() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function some<T>(r: Rng, items: readonly T[], min: number, max: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  const n = int(r, min, Math.min(max, pool.length));
  while (out.length < n) {
    const i = Math.floor(r() * pool.length);
    const [item] = pool.splice(i, 1);
    if (item !== undefined) out.push(item);
  }
  return out;
}

const LEVEL_MARK: Record<Classification, string> = {
  UNCLASSIFIED: 'U',
  'LIMITED OFFICIAL USE': 'LOU',
  CONFIDENTIAL: 'C',
  SECRET: 'S',
  'TOP SECRET': 'TS',
};
const SPACED: Partial<Record<Classification, string>> = {
  CONFIDENTIAL: 'C O N F I D E N T I A L',
  SECRET: 'S E C R E T',
};

function sentence(r: Rng): string {
  const n = int(r, 6, 16);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(pick(r, WORDS));
  return `${words.join(' ')}.`;
}

/** Greedy wrap at the teletype width, as the originals were typed. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

export function syntheticCable(seed: number): string {
  return syntheticCableWithFacts(seed).text;
}

export function syntheticCableWithFacts(seed: number): SyntheticCable {
  const r = rng(seed);
  const year = int(r, 1973, 1979);
  const month = int(r, 1, 12);
  const day = int(r, 1, 28);
  const hour = int(r, 0, 23);
  const minute = int(r, 0, 59);
  const monthName = MONTHS[month - 1] ?? 'JAN';
  const fromState = r() < 0.55;
  const station = fromState ? 'STATE' : pick(r, POSTS);
  const serial = fromState ? int(r, 100000, 299999) : int(r, 1, 35000);
  const documentNumber = `${year}${station}${pad(serial, fromState ? 6 : 5)}`;
  const level = pick<Classification>(r, [
    'UNCLASSIFIED',
    'LIMITED OFFICIAL USE',
    'LIMITED OFFICIAL USE',
    'CONFIDENTIAL',
    'CONFIDENTIAL',
    'CONFIDENTIAL',
    'SECRET',
    'SECRET',
  ]);
  const classified = level === 'CONFIDENTIAL' || level === 'SECRET';
  const captions = classified && r() < 0.4 ? some(r, CAPTIONS, 1, 2) : [];
  const tags = some(r, TAGS, 1, 4);
  const subject = Array.from({ length: int(r, 3, 7) }, () => pick(r, WORDS)).join(' ');
  const precedence = pick(r, ['R', 'R', 'R', 'P', 'O']);
  const office = pick(r, OFFICES);
  const executiveOrder =
    year >= 1978 && classified
      ? `12065 GDS ${month}/${day}/${(year + 6) % 100} (${pick(r, NAMES)}, J)`
      : classified
        ? pick(r, ['11652 GDS', '11652 XGDS-1', '11652 XGDS-2'])
        : '11652 N/A';
  const from = fromState ? 'SECSTATE WASHDC' : `AMEMBASSY ${station}`;
  const to = fromState ? some(r, POSTS, 1, 4).map((p) => `AMEMBASSY ${p}`) : ['SECSTATE WASHDC'];
  const layout: 'teletype' | 'export' = r() < 0.5 ? 'teletype' : 'export';
  const section = layout === 'teletype' && r() < 0.2 ? { n: 1, of: int(r, 2, 3) } : null;

  // Paragraphs and their markings.
  const paragraphCount = int(r, 2, 14);
  const marking: 'none' | 'each' | 'entire' =
    level === 'UNCLASSIFIED' || r() < 0.3 ? 'none' : year >= 1978 && r() < 0.4 ? 'entire' : 'each';
  const below: Classification[] =
    level === 'SECRET'
      ? ['SECRET', 'CONFIDENTIAL', 'UNCLASSIFIED']
      : level === 'CONFIDENTIAL'
        ? ['CONFIDENTIAL', 'UNCLASSIFIED']
        : ['LIMITED OFFICIAL USE', 'UNCLASSIFIED'];
  const paragraphs: string[] = [];
  const portionClassifications: Array<Classification | null> = [];
  for (let p = 1; p <= paragraphCount; p++) {
    const body = Array.from({ length: int(r, 3, 8) }, () => sentence(r)).join(' ');
    let mark = '';
    let portionLevel: Classification | null = null;
    if (marking === 'each') {
      portionLevel = p === 1 ? level : pick(r, below);
      mark = `(${LEVEL_MARK[portionLevel]}) `;
    } else if (marking === 'entire') {
      portionLevel = level;
      if (p === 1) mark = `(${LEVEL_MARK[level]} - ENTIRE TEXT) `;
    }
    paragraphs.push(`${p}. ${mark}${body}`);
    portionClassifications.push(portionLevel);
  }
  const signer = pick(r, SIGNERS);
  const lastIndex = paragraphs.length - 1;
  paragraphs[lastIndex] = `${paragraphs[lastIndex] ?? ''} ${signer}`;

  // Disposition.
  const outcome = pick(r, ['released', 'released', 'part', 'denied']);
  const withBlock = layout === 'export' && r() < 0.85;
  const reviewYear = int(r, 2003, 2012);
  const reviewDate = `${reviewYear}-${pad(int(r, 1, 12), 2)}-${pad(int(r, 1, 28), 2)}`;
  const reasons =
    outcome === 'released' ? [] : some(r, ['1.4D', '1.4B', '25X1', '25X6', 'B6'], 1, 3);
  const dispositionAction =
    outcome === 'released'
      ? 'RELEASED'
      : outcome === 'part'
        ? 'Released in Part'
        : 'Denied in Full';
  const currentClassification: Classification = outcome === 'denied' ? level : 'UNCLASSIFIED';
  const reviewer = pick(r, NAMES).toLowerCase();
  const approver = pick(r, NAMES).toLowerCase();
  const privacy = outcome === 'denied' && r() < 0.5;

  const sentAt = new Date(Date.UTC(year, month - 1, day, hour, minute)).toISOString();
  const dtg = `${pad(day, 2)}${pad(hour, 2)}${pad(minute, 2)}Z ${monthName} ${pad(year % 100, 2)}`;
  const ref = `${station} ${fromState ? serial : pad(serial, 5)}`;
  const classLine = [
    classified && r() < 0.5
      ? (SPACED[level] ?? level)
      : level === 'UNCLASSIFIED'
        ? 'UNCLAS'
        : level,
    section ? `SECTION ${section.n} OF ${section.of}` : '',
    `${station} ${serial}`,
  ]
    .filter((s) => s !== '')
    .join(' ');
  const eoLine = `E.O. ${executiveOrder.replace(/^(\d{5}) /, '$1: ')}`;
  const distribution = `INFO OCT-01 ISO-00 ${some(r, ['SS-15', 'NSC-05', 'CIAE-00', 'INR-07', 'NSAE-00', 'PM-04', 'L-03', 'SP-02'], 2, 6).join(' ')} /0${int(r, 10, 99)} R`;
  const drafter = `${office}/${pick(r, ['P', 'RPM', 'SOV', 'IRN', 'CMD'])}:${pick(r, NAMES)}:${pick(r, ['LK', 'SS', 'AMP', 'CB'])}`;
  const approvedBy = `${office}:${pick(r, NAMES)}`;
  const fromStateOrPost = fromState ? 'ORIGIN' : 'ACTION';

  let text: string;
  if (layout === 'teletype') {
    const width = int(r, 58, 69);
    const banner = level;
    const lines: string[] = [];
    lines.push(
      banner,
      `PAGE 01 ${ref} ${pad(day, 2)}${pad(hour, 2)}${pad(minute, 2)}Z`,
      String(int(r, 10, 99)),
    );
    lines.push(`${fromStateOrPost} ${office}-${pad(int(r, 1, 25), 2)}`, distribution);
    if (fromState) lines.push(`DRAFTED BY ${drafter}`, `APPROVED BY ${approvedBy}`);
    lines.push(`------------------${int(r, 100000, 999999)} ${dtg.slice(0, 7)} /${int(r, 10, 99)}`);
    lines.push(`${precedence} ${dtg}`, `FM ${from}`);
    to.forEach((addressee, i) => lines.push(i === 0 ? `TO ${addressee}` : addressee));
    lines.push(classLine);
    if (captions.length > 0) lines.push(captions.join(' '));
    lines.push(eoLine, `TAGS: ${tags.join(', ')}`, `SUBJECT: ${subject}`);
    for (const paragraph of paragraphs) lines.push(...wrap(paragraph, width));
    // Page breaks every 40 lines, with the banner at the foot and the head of each page.
    const paged: string[] = [];
    let page = 1;
    lines.forEach((line, i) => {
      if (i > 0 && i % 40 === 0) {
        page++;
        paged.push(
          banner,
          banner,
          `PAGE ${pad(page, 2)} ${ref} ${pad(day, 2)}${pad(hour, 2)}${pad(minute, 2)}Z`,
        );
      }
      paged.push(line);
    });
    paged.push(banner, 'NNN');
    text = paged.join('\n') + '\n';
  } else {
    const lines: string[] = ['Message Text', ''];
    lines.push(`PAGE 01 ${ref} ${fromStateOrPost} ${office}-${pad(int(r, 1, 25), 2)}`, '');
    lines.push(distribution, '');
    lines.push(`DRAFTED BY ${drafter} APPROVED BY ${approvedBy}`, '');
    lines.push(`-----${dtg.slice(0, 7)} ${int(r, 100000, 999999)} /${int(r, 10, 99)}`, '');
    lines.push(`${precedence} ${dtg} FM ${from} TO ${to.join(' ')}`, '');
    lines.push(classLine, '');
    if (captions.length > 0) lines.push(captions.join(' '), '');
    lines.push(eoLine, '', `TAGS: ${tags.join(', ')}`, '', `SUBJECT: ${subject}`, '');
    paragraphs.forEach((paragraph, i) => {
      const pageEnds = i % 4 === 3 && i < paragraphs.length - 1;
      // The export sometimes glues the page's classification to its last line.
      const glued = pageEnds && r() < 0.5;
      lines.push(glued ? `${paragraph} ${level}` : paragraph, '');
      if (pageEnds) {
        if (!glued) lines.push(level, '');
        lines.push(`PAGE ${pad(Math.floor(i / 4) + 2, 2)} ${ref}`, '');
      }
    });
    lines.push(level, '', '<< END OF DOCUMENT >>', '');
    if (withBlock) {
      lines.push(
        ...attributeBlock({
          documentNumber,
          level,
          currentClassification,
          captions,
          tags,
          subject,
          executiveOrder,
          sentIso: sentAt.slice(0, 10),
          reviewDate,
          dispositionAction,
          reasons,
          reviewer,
          approver,
          privacy,
          drafter,
          station,
          r,
        }),
      );
    }
    text = lines.join('\n');
  }

  return {
    text,
    facts: {
      documentNumber,
      layout,
      originalClassification: level,
      currentClassification: withBlock ? currentClassification : null,
      captions,
      tags,
      subject,
      executiveOrder,
      sentAt,
      from,
      to,
      section,
      portionClassifications,
      hasAttributeBlock: withBlock,
      dispositionAction: withBlock ? dispositionAction : null,
      exemptions: withBlock ? reasons : [],
    },
  };
}

interface BlockInput {
  documentNumber: string;
  level: Classification;
  currentClassification: Classification;
  captions: string[];
  tags: string[];
  subject: string;
  executiveOrder: string;
  sentIso: string;
  reviewDate: string;
  dispositionAction: string;
  reasons: string[];
  reviewer: string;
  approver: string;
  privacy: boolean;
  drafter: string;
  station: string;
  r: Rng;
}

/** The block as the Department exports it: several pairs to a line, some values empty. */
function attributeBlock(b: BlockInput): string[] {
  const approved = addDays(b.reviewDate, 2);
  const disposed = addDays(b.reviewDate, int(b.r, 30, 400));
  const history = b.privacy
    ? `WITHDRAWN <${formatDayMonthYear(b.reviewDate)} by ${b.reviewer}, PRIVACY>; APPROVED <${formatDayMonthYear(approved)} by ${b.approver}>`
    : `RELEASED <${formatDayMonthYear(b.reviewDate)} by ${b.reviewer}>; APPROVED <${formatDayMonthYear(approved)} by ${b.approver}>`;
  const reason = b.reasons.join(', ');
  const caption = b.captions.length > 0 ? b.captions.join(', ') : 'n/a';
  return [
    'Message Attributes',
    '',
    `Automatic Decaptioning: X Capture Date: ${formatDashedDateTime(b.sentIso)} Channel Indicators: n/a Current Classification: ${b.currentClassification} Concepts: ${b.tags.join(', ')} Control Number: n/a`,
    '',
    `Copy: SINGLE Sent Date: ${formatDashedDateTime(b.sentIso)} Decaption Date: 01-Jan-1960 12:00:00 am Decaption Note: Disposition Action: ${b.dispositionAction} Disposition Approved on Date: ${formatDayMonthYear(approved)}`,
    'Disposition Case Number: n/a',
    'Disposition Comment: 25 YEAR REVIEW',
    '',
    `Disposition Date: ${formatDayMonthYear(disposed)} Disposition Event:`,
    `Disposition History: ${b.dispositionAction} by ${b.reviewer.toUpperCase()} on ${formatShortDate(b.reviewDate)} ;`,
    `Disposition Reason: ${reason}`,
    'Disposition Remarks:',
    `Document Number: ${b.documentNumber}`,
    `Document Source: CORE Document Unique ID: 00`,
    `Drafter: ${b.drafter}`,
    'Enclosure: n/a',
    `Executive Order: ${b.executiveOrder}`,
    'Errors: N/A **Expiration:**',
    `Film Number: D${b.documentNumber.slice(2, 4)}0${int(b.r, 100, 999)}-${int(b.r, 1000, 9999)}`,
    `Format: TEL From: ${b.station}`,
    `Handling Restrictions: n/a Image Path:`,
    'ISecure: 1',
    `Original Classification: ${b.level}`,
    `Original Handling Restrictions: ${caption}`,
    `Previous Classification: ${b.level} Previous Handling Restrictions: ${caption}`,
    'Reference: n/a Retention: 0',
    `Review Action: ${b.privacy ? 'WITHDRAWN' : 'RELEASED'}, APPROVED Review Content Flags: Review Date: ${formatDashedDateTime(b.reviewDate)}`,
    `Review History: ${history}`,
    `SAS ID: ${int(b.r, 100000, 9999999)} Secure: OPEN Status: NATIVE`,
    `Subject: ${b.subject}`,
    `TAGS: ${b.tags.join(', ')}`,
    'Type: TE',
    `Markings: Declassified/Released US Department of State EO Systematic Review ${formatDayMonthYear(disposed)}`,
  ];
}

function addDays(iso: string, days: number): string {
  const t = Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
