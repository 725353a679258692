import * as fs from 'node:fs';
import * as path from 'node:path';

import { parseCable } from './cable.parser';
import type { ParsedCable } from './cable.types';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/cables');

function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

function parseFixture(name: string): ParsedCable {
  return parseCable(fixture(name), name);
}

/** What a reader writes down from the header of each fixture. */
interface HeaderFacts {
  file: string;
  documentNumber: string;
  originalClassification: ParsedCable['originalClassification'];
  captions: string[];
  tags: string[];
  executiveOrder: string | null;
  subject: string | null;
  sentAt: string;
  precedence: ParsedCable['precedence'];
  from: string | null;
  to: string[];
  section: ParsedCable['section'];
  portions: number;
}

const HEADERS: HeaderFacts[] = [
  {
    file: '1973STATE121974.txt',
    documentNumber: '1973STATE121974',
    originalClassification: 'UNCLASSIFIED',
    captions: [],
    tags: ['OGEN', 'PARM'],
    executiveOrder: '11652 N/A',
    subject: 'NEW SALT PRINCIPLES AGREEMENT',
    sentAt: '1973-06-22T01:33:00.000Z',
    precedence: 'PRIORITY',
    from: 'SECSTATE WASHDC',
    to: [
      'AMEMBASSY ABU DHABI',
      'AMEMBASSY BANJUL',
      'AMEMBASSY BERN',
      'AMEMBASSY BRIDGETOWN',
      'AMEMBASSY DUBLIN',
      'AMEMBASSY KIGALI',
      'AMEMBASSY LUXEMBOURG',
      'AMEMBASSY MANAMA',
      'AMEMBASSY MBABANE',
      'AMEMBASSY NOUAKCHOTT',
      'USLO PEKING',
      'AMEMBASSY PORT LOUIS',
      'AMEMBASSY REYKJAVIK',
      'AMEMBASSY SANAA',
      'AMEMBASSY SUVA',
      'AMEMBASSY VALLETTA',
    ],
    section: null,
    portions: 3,
  },
  {
    file: '1974QUITO06223.txt',
    documentNumber: '1974QUITO06223',
    originalClassification: 'SECRET',
    captions: ['LIMDIS'],
    tags: ['EAIR', 'PFOR', 'EC'],
    executiveOrder: '11652 GDS',
    subject: 'AID POLICY TOWARDS ECUADOR',
    sentAt: '1974-09-20T21:44:00.000Z',
    precedence: 'ROUTINE',
    from: 'AMEMBASSY QUITO',
    to: ['SECSTATE WASHDC'],
    section: { n: 1, of: 3 },
    portions: 5,
  },
  {
    file: '1974STATE149165.txt',
    documentNumber: '1974STATE149165',
    originalClassification: 'LIMITED OFFICIAL USE',
    captions: [],
    tags: [],
    executiveOrder: null,
    subject: null,
    sentAt: '1974-07-10T23:41:00.000Z',
    precedence: 'ROUTINE',
    from: null,
    to: [],
    section: null,
    portions: 4,
  },
  {
    file: '1975STATE133602.txt',
    documentNumber: '1975STATE133602',
    originalClassification: 'LIMITED OFFICIAL USE',
    captions: [],
    tags: ['UN', 'EGEN'],
    executiveOrder: '11652 GDS',
    subject: 'CONSULTATIONS ON DEALING WITH REFERENCES TO CERDS',
    sentAt: '1975-06-07T17:29:00.000Z',
    precedence: 'ROUTINE',
    from: 'SECSTATE WASHDC',
    to: [
      'AMEMBASSY BONN',
      'AMEMBASSY BRUSSELS',
      'AMEMBASSY COPENHAGEN',
      'AMEMBASSY DUBLIN',
      'AMEMBASSY LONDON',
      'AMEMBASSY VIENNA',
      'AMEMBASSY LUXEMBOURG',
      'AMEMBASSY MADRID',
      'AMEMBASSY OSLO',
      'AMEMBASSY OTTAWA',
      'AMEMBASSY PARIS',
      'AMEMBASSY ROME',
      'AMEMBASSY THE HAGUE',
      'AMEMBASSY TOKYO',
    ],
    section: null,
    portions: 1,
  },
  {
    file: '1976STATE181062.txt',
    documentNumber: '1976STATE181062',
    originalClassification: 'SECRET',
    captions: ['STADIS', 'EXDIS'],
    tags: ['PFOR'],
    executiveOrder: '11652 GDS',
    subject: 'DAILY ACTIVITY REPORTS, WEDNESDAY, JULY 21, 1976',
    sentAt: '1976-07-22T01:11:00.000Z',
    precedence: 'PRIORITY',
    from: 'SECSTATE WASHDC',
    to: ['USDEL SECRETARY'],
    section: null,
    portions: 5,
  },
  {
    file: '1976STATE900101.txt',
    documentNumber: '1976STATE900101',
    originalClassification: 'SECRET',
    captions: ['EXDIS'],
    tags: ['PFOR', 'NATO', 'GW', 'US'],
    executiveOrder: '11652 XGDS-1',
    subject: 'ALLIANCE CONSULTATIONS ON FORCE POSTURE',
    sentAt: '1976-03-05T17:00:00.000Z',
    precedence: 'IMMEDIATE',
    from: 'SECSTATE WASHDC',
    to: ['USMISSION NATO'],
    section: null,
    portions: 4,
  },
  {
    file: '1977MOSCOW12806.txt',
    documentNumber: '1977MOSCOW12806',
    originalClassification: 'LIMITED OFFICIAL USE',
    captions: [],
    tags: ['TGEN', 'OVIP', 'UR', 'US'],
    executiveOrder: '11652 N/A',
    subject:
      "US-USSR HOUSING AGREEMENT: JOINT COMMITTEE MEETING (JCM): SECRETARY HARRIS' VISIT TO THE USSR",
    sentAt: '1977-09-02T17:10:00.000Z',
    precedence: 'ROUTINE',
    from: 'AMEMBASSY MOSCOW',
    to: ['SECSTATE WASHDC'],
    section: null,
    portions: 3,
  },
  {
    file: '1977STATE139375.txt',
    documentNumber: '1977STATE139375',
    originalClassification: 'CONFIDENTIAL',
    captions: [],
    tags: ['SHUM', 'PINT', 'UR', 'US'],
    executiveOrder: '11652 GDS',
    subject: 'HUMAN RIGHTS: COUNTRY ACTION PLAN FOR THE USSR',
    sentAt: '1977-06-16T01:06:00.000Z',
    precedence: 'ROUTINE',
    from: 'SECSTATE WASHDC',
    to: ['AMEMBASSY MOSCOW', 'AMCONSUL LENINGRAD'],
    section: null,
    portions: 21,
  },
  {
    file: '1978MOSCOW30030.txt',
    documentNumber: '1978MOSCOW30030',
    originalClassification: 'CONFIDENTIAL',
    captions: [],
    tags: ['OGEN'],
    executiveOrder: '12065 GDS - 12/6/84 (GARRISON, MARK) OR-M',
    subject: 'OFFICIAL-INFORMAL',
    sentAt: '1978-12-06T23:29:00.000Z',
    precedence: 'PRIORITY',
    from: 'AMEMBASSY MOSCOW',
    to: ['SECSTATE WASHDC'],
    section: { n: 1, of: 2 },
    portions: 4,
  },
  {
    file: '1979STATE241927.txt',
    documentNumber: '1979STATE241927',
    originalClassification: 'CONFIDENTIAL',
    captions: ['LIMDIS'],
    tags: ['PINT', 'IR'],
    executiveOrder: '12065 GDS 9/14/85 (PRECHT, HENRY)',
    subject: 'CALL ON IRANIAN CHARGE AGAH',
    sentAt: '1979-09-14T21:23:00.000Z',
    precedence: 'IMMEDIATE',
    from: 'SECSTATE WASHDC',
    to: ['AMEMBASSY TEHRAN'],
    section: null,
    portions: 3,
  },
];

/** Page furniture that must never reach a portion. */
const FURNITURE =
  /PAGE \d\d|^(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)$|NNN|Declassified/;

describe(parseCable.name, () => {
  describe('reads the header of every fixture', () => {
    it.each(HEADERS)('$file', (facts) => {
      const cable = parseFixture(facts.file);
      expect(cable.file).toBe(facts.file);
      expect(cable.documentNumber).toBe(facts.documentNumber);
      expect(cable.originalClassification).toBe(facts.originalClassification);
      expect(cable.captions).toEqual(facts.captions);
      expect(cable.tags).toEqual(facts.tags);
      expect(cable.executiveOrder).toBe(facts.executiveOrder);
      expect(cable.subject).toBe(facts.subject);
      expect(cable.sentAt).toBe(facts.sentAt);
      expect(cable.documentDate).toBe(facts.sentAt.slice(0, 10));
      expect(cable.precedence).toBe(facts.precedence);
      expect(cable.from).toBe(facts.from);
      expect(cable.to).toEqual(facts.to);
      expect(cable.section).toEqual(facts.section);
      expect(cable.portions).toHaveLength(facts.portions);
      expect(cable.hasText).toBe(true);
    });

    it.each(HEADERS.map((h) => h.file))('%s: keeps page furniture out of the portions', (file) => {
      const cable = parseFixture(file);
      for (const portion of cable.portions) {
        expect(portion.text).not.toMatch(FURNITURE);
        expect(portion.text).toBe(portion.text.trim());
      }
    });
  });

  describe('1973STATE121974 (1973 spacing artefacts)', () => {
    const cable = parseFixture('1973STATE121974.txt');

    it('reads E. O., the spaced date-time group and the spaced officers', () => {
      expect(cable.executiveOrder).toBe('11652 N/A');
      expect(cable.drafter).toBe('S/S-O:KKURZE');
      expect(cable.approver).toBe('S/S-O:KKURZE');
      expect(cable.clearances).toEqual(['S/S:MILLER']);
      expect(cable.office).toBe('ORIGIN SS-15');
      expect(cable.references).toEqual(['STATE 121605']);
    });

    it('starts the body after the page break that follows the REF line', () => {
      expect(cable.portions[0]?.text).toMatch(
        /^KISSINGER PRESS CONFERENCE \( TEXT\) \(4,600\) WASHINGTON, JUNE 21 --/,
      );
      expect(cable.portions[1]?.text).toMatch(/^ALSO, AN AGREEMENT WILL BE SIGNED TODAY/);
      expect(cable.portions[2]?.text).toMatch(/^BEFORE DR. KISSINGER BRIEFS YOU/);
      expect(cable.portions.every((p) => p.classification === null && p.label === null)).toBe(true);
    });

    it('says the export is cut short, and there is no attribute block', () => {
      expect(cable.complete).toBe(false);
      expect(cable.hasAttributeBlock).toBe(false);
      expect(cable.currentClassification).toBeNull();
      expect(cable.warnings).toContain(
        'no end-of-message marker (NNN or << END OF DOCUMENT >>): the text may be cut short',
      );
    });
  });

  describe('1974QUITO06223 (spaced S E C R E T, section, references)', () => {
    const cable = parseFixture('1974QUITO06223.txt');

    it('reads the references with their letters', () => {
      expect(cable.references).toEqual(['A. STATE 197229', 'B. QUITO 6074']);
      expect(cable.office).toBe('ACTION ARA-10');
    });

    it('splits numbered and lettered paragraphs and rejoins REF- / TEL across the page break', () => {
      expect(cable.portions.map((p) => p.label)).toEqual(['1.', '2.', 'A.', 'B.', 'C.']);
      expect(cable.portions[1]?.text).toBe(
        '2. INTRODUCTION: IN LIGHT OF INSTRUCTIONS PROVIDED REFTEL A WE HAVE CAREFULLY REVIEWED OUR PROGRAM TO ASCERTAIN:',
      );
      expect(cable.portions[0]?.text).toContain('A SIMILAR DONATION/LOAN COMBINATION');
      expect(cable.portions[0]?.text).toContain('PL 480 TITLE II COMMODITIES.');
      expect(cable.portions[4]?.text).toBe('C. UPON THE BASIS OF THE');
    });

    it('leaves unmarked portions unclassified for the caller to decide', () => {
      expect(cable.portions.map((p) => p.classification)).toEqual([null, null, null, null, null]);
      expect(cable.entireTextClassification).toBeNull();
    });
  });

  describe('1974STATE149165 (the body before the header)', () => {
    const cable = parseFixture('1974STATE149165.txt');

    it('reads the header that follows NNN', () => {
      expect(cable.office).toBe('ORIGIN EUR-25');
      expect(cable.drafter).toBe('EUR/P:WJGEHRON:SS');
      expect(cable.approver).toBe('EUR/RPM - MR. STREATOR');
      expect(cable.clearances).toEqual(['EUR/RPM - MR. REHFELD', 'A - MR. WISNER']);
    });

    it('keeps the body in order and rejoins PUB- / LIC across the page break', () => {
      expect(cable.portions.map((p) => p.label)).toEqual(['1.', '2.', '3.', '4.']);
      expect(cable.portions[1]?.text).toContain('"ONE-MAN" OFFICE IN U.S. TO SUPPLEMENT CURRENT');
      expect(cable.portions[2]?.text).toMatch(/BETWEEN U\.S\. AND NATO PUBLIC AFFAIRS STAFFS\.$/);
      expect(cable.portions[3]?.text).toMatch(/^4\. FYI: WHILE WE CONTINUE/);
    });

    it('sees the end of the message, its signature, and the empty FM line', () => {
      expect(cable.complete).toBe(true);
      expect(cable.signature).toBe('KISSINGER');
      expect(cable.from).toBeNull();
      expect(cable.warnings).toContain('the FM line is empty (the export may be cut short)');
    });
  });

  describe('1975STATE133602 (a page break inside the address list)', () => {
    const cable = parseFixture('1975STATE133602.txt');

    it('keeps information addressees from both pages apart from action addressees', () => {
      expect(cable.info).toEqual([
        'AMEMBASSY CANBERRA',
        'AMEMBASSY MEXICO',
        'AMEMBASSY TEL AVIV',
        'USMISSION USUN NEW YORK',
        'USMISSION GENEVA',
        'USMISSION OECD PARIS',
        'USMISSION EC BRUSSELS',
      ]);
    });

    it('lists the clearing officers', () => {
      expect(cable.drafter).toBe('IO/CMD:RAPOOLE:CB');
      expect(cable.approver).toBe('IO:RDMOREY');
      expect(cable.clearances).toEqual([
        'L:SMSCHWEBEL',
        'EB/OT/GCP:DJDUNFORD',
        'EUR/RPE:GFALK',
        'ARA/MEX:JTMCCARTHY',
        'EB/IDF:PHBOEKER',
      ]);
    });

    it('rejoins words broken at line ends', () => {
      expect(cable.portions[0]?.text).toMatch(
        /^1\. SUMMARY AND INTRODUCTION\. WE ARE INCREASINGLY CONCERNED OVER THE RECURRING PROBLEM OF DEALING WITH REFERENCES TO/,
      );
    });
  });

  describe('1976STATE181062 (TOSEC number, STADIS and EXDIS)', () => {
    const cable = parseFixture('1976STATE181062.txt');

    it('reads the travel number from the classification line', () => {
      expect(cable.tosec).toBe('TOSEC 190010');
      expect(cable.documentNumber).toBe('1976STATE181062');
    });

    it('starts a paragraph at the bureau heading and joins the page break inside paragraph 1', () => {
      expect(cable.portions.map((p) => p.label)).toEqual(['1.', null, '1.', '2.', '3.']);
      expect(cable.portions[1]?.text).toBe('H - ROBERT J. MCCLOSKEY');
      expect(cable.portions[2]?.text).toContain(
        'BRIEF THEM ON ITS REPORTED DIFFERENCES WITH DOD ON THE NUMBER OF MISSILES',
      );
    });
  });

  describe('1976STATE900101 (released in part, with attribute block)', () => {
    const cable = parseFixture('1976STATE900101.txt');

    it('reads the run-together routing line', () => {
      expect(cable.to).toEqual(['USMISSION NATO']);
      expect(cable.info).toEqual(['AMEMBASSY BONN']);
      expect(cable.drafter).toBe('EUR/RPM:JQUILL:LK');
      expect(cable.approver).toBe('EUR:ASMITH');
    });

    it('reads each portion marking', () => {
      expect(cable.portions.map((p) => p.marking)).toEqual(['(S)', '(C)', '(S)', '(C)']);
      expect(cable.portions.map((p) => p.classification)).toEqual([
        'SECRET',
        'CONFIDENTIAL',
        'SECRET',
        'CONFIDENTIAL',
      ]);
      expect(cable.portions[2]?.text).toBe(
        '3. (S) PARAGRAPH THREE NAMES A LIAISON SOURCE AND WAS WITHHELD UNDER 25X1.',
      );
      expect(cable.portions[3]?.text).toBe(
        '4. (C) PARAGRAPH FOUR DISCUSSES A FOREIGN GOVERNMENT POSITION IN CONFIDENCE. KISSINGER',
      );
      expect(cable.signature).toBe('KISSINGER');
    });

    it('reads the disposition', () => {
      expect(cable.currentClassification).toBe('UNCLASSIFIED');
      expect(cable.originalHandlingRestrictions).toEqual(['EXDIS']);
      expect(cable.handlingRestrictions).toEqual([]);
      expect(cable.dispositionAction).toBe('Released in Part');
      expect(cable.dispositionDate).toBe('2009-05-22');
      expect(cable.dispositionApprovedOn).toBe('2008-06-18');
      expect(cable.dispositionCaseNumber).toBe('200800417');
      expect(cable.dispositionReason).toBe('1.4D, 25X1, 25X6');
      expect(cable.dispositionComment).toBe('25 YEAR REVIEW');
      expect(cable.exemptions).toEqual(['1.4D', '25X1', '25X6']);
      expect(cable.dispositionHistory).toEqual([
        { action: 'Released in Part', date: '2008-06-17', by: 'REVIEWER ONE', reason: null },
      ]);
      expect(cable.markings).toBe(
        'Declassified/Released US Department of State EO Systematic Review 22 May 2009',
      );
    });

    it('reads the reviewer and the approver from the review history', () => {
      expect(cable.reviewAction).toBe('RELEASED, APPROVED');
      expect(cable.reviewDate).toBe('2008-06-16');
      expect(cable.reviewHistory).toEqual([
        { action: 'RELEASED', date: '2008-06-16', by: 'oner', reason: null },
        { action: 'APPROVED', date: '2008-06-18', by: 'twot', reason: null },
      ]);
    });

    it('keeps every raw attribute, empty ones as null', () => {
      expect(cable.attributes).toMatchObject({
        'Automatic Decaptioning': 'X',
        'Capture Date': '01 JAN 1994',
        'Channel Indicators': null,
        Concepts: 'NATO, FORCE POSTURE',
        'Sent Date': '05-Mar-1976 12:00:00 am',
        'Decaption Note': '25 YEAR REVIEW',
        'Disposition Event': null,
        'Document Unique ID': '00',
        Errors: null,
        Expiration: null,
        'Film Number': 'D760083-0412',
        Format: 'TEL',
        From: 'STATE',
        'Image Path': null,
        'Line Count': '41',
        'Litigation Code IDs': null,
        'Litigation Codes': null,
        'Previous Handling Restrictions': 'EXDIS',
        'Review Media Identifier': null,
        'Review Withdrawn Fields': null,
        'SAS ID': '900101',
        Status: 'NATIVE',
        To: 'NATO BONN',
      });
      expect(Object.keys(cable.attributes)).toHaveLength(70);
      expect(cable.warnings).toEqual([]);
    });
  });

  describe('1977MOSCOW12806 (wrapped subject, handling line, NOTAL references)', () => {
    const cable = parseFixture('1977MOSCOW12806.txt');

    it('reads addressees, references and the pass instruction', () => {
      expect(cable.info).toEqual([
        'AMCONSUL LENINGRAD',
        'AMEMBASSY PARIS',
        'AMEMBASSY COOPENHAGEN',
      ]);
      expect(cable.references).toEqual(['A. STATE 210218 (NOTAL)', 'B. MOSCOW 12495 (NOTAL)']);
      expect(cable.handlingInstructions).toEqual(['DEPT PASS HUD HANCOCK']);
    });

    it('keeps a dash at the page break when the next word is an ordinary word', () => {
      expect(cable.portions[1]?.text).toContain(
        'A) SECRETARIAL SITUATION- IN VIEW OF LIMITED SECRETARIAL STAFF',
      );
    });
  });

  describe('1977STATE139375 (complete export, one line per paragraph)', () => {
    const cable = parseFixture('1977STATE139375.txt');
    const texts = cable.portions.map((p) => p.text);

    it('finds every paragraph of the plan', () => {
      expect(cable.portions.map((p) => p.label)).toEqual([
        '1.',
        '2.',
        '1)',
        '2)',
        '3)',
        '4)',
        '5)',
        'III.',
        null,
        '1)',
        '2)',
        '3).',
        '4)',
        '5)',
        '6)',
        '7)',
        '8)',
        '9)',
        '10)',
        null,
        '11)',
      ]);
      expect(texts[1]).toBe('2. "US OBJECTIVES');
      expect(texts[7]).toBe('III. RECOMMENDATIONS.');
      expect(texts[8]).toBe(
        'IN ORDER TO PROMOTE THE SHORT AND LONG TERM OBJECTIVES LISTED ABOVE, WE RECOMMEND THE FOLLOWING STEPS:',
      );
    });

    it('drops the classification glued to the last line of a page', () => {
      expect(texts[3]).toMatch(/AGAINST HUMAN RIGHTS AND EMIGRATION ADVOCATES\.$/);
      expect(texts[14]).toContain('WE SHOULD CONTINUE TO SPEAK OUT MORE ASSERTIVELY');
      expect(texts[17]).toContain(
        'DIRECTLY LINK HUMAN RIGHTS WITH OTHER ISSUES, PROGRESS ON THAT FRONT',
      );
    });

    it('joins paragraphs split by blank lines, page breaks and a hyphen', () => {
      expect(texts[4]).toContain('TO USE THE MEANS AVAILABLE TO US, SUCH AS THE CSCE MECHANISM');
      expect(texts[5]).toContain('CONCERNS ARE NOT EXPRESSED IN OVERLY RIGID TERMS');
      expect(texts[9]).toContain('CAN MAXIMIZE THE EFFECT WE CAN HAVE.');
      expect(texts[11]).toContain('WE CAN HAVE LITTLE EFFECT ON THE NATURE OF THE SOVIET SYSTEM');
      expect(texts[11]).toContain('SO DIRE THAT THEY FACE HARSH PUNISHMENT.');
      expect(texts[16]).toContain(
        'OUT OF STEP WITH OUR ALLIES, WHICH WOULD OPEN THE OPPORTUNITY FOR THE SOVIETS TO SPLIT',
      );
      expect(texts[20]).toMatch(/CIVIL AND POLITICAL RIGHTS\. CHRISTOPHER$/);
    });

    it('keeps the decorative separator in the text but not as a portion', () => {
      expect(cable.text).toContain('\n\n••••\n\n');
      expect(texts).not.toContain('••••');
    });

    it('reads the disposition and the markings', () => {
      expect(cable.currentClassification).toBe('UNCLASSIFIED');
      expect(cable.dispositionAction).toBe('RELEASED');
      expect(cable.dispositionDate).toBe('2009-05-22');
      expect(cable.dispositionApprovedOn).toBeNull();
      expect(cable.dispositionReason).toBeNull();
      expect(cable.dispositionComment).toBe('25 YEAR REVIEW');
      expect(cable.dispositionHistory).toEqual([]);
      expect(cable.reviewAction).toBe('RELEASED, APPROVED');
      expect(cable.reviewDate).toBe('2005-03-11');
      expect(cable.reviewHistory).toEqual([]);
      expect(cable.exemptions).toEqual([]);
      expect(cable.drafter).toBe('EUR;SOV;MLEVITSKY:REH');
      expect(cable.markings).toBe(
        'Margaret P. Grafeld Declassified/Released US Department of State EO Systematic Review 22 May 2009',
      );
      expect(cable.signature).toBe('CHRISTOPHER');
      expect(cable.warnings).toEqual([]);
    });

    it('keeps raw attribute values, including the legacy no-date and values with colons', () => {
      expect(cable.attributes['Decaption Date']).toBe('01-Jan-1960 12:00:00 am');
      expect(cable.attributes['Drafter']).toBe('EUR;SOV;MLEVITSKY:REH');
      expect(cable.attributes['vdkvgwkey']).toBe(
        'odbc://SAS/SAS.dbo.SAS_Docs/1a239e73-c288-dd11-92da-001cc4696bcc',
      );
      expect(cable.attributes['Review Media Identifier']).toBeNull();
      expect(cable.attributes['Review Transfer Date']).toBeNull();
      expect(cable.attributes['Locator']).toBe('TEXT ON-LINE, TEXT ON MICROFILM');
      expect(cable.attributes['Review Markings']).toContain('Margaret P. Grafeld');
    });
  });

  describe('1978MOSCOW30030 (ENTIRE TEXT marking, review stamps inside the page)', () => {
    const cable = parseFixture('1978MOSCOW30030.txt');

    it('applies the entire-text marking to every paragraph', () => {
      expect(cable.entireTextClassification).toBe('CONFIDENTIAL');
      expect(cable.portions.map((p) => p.marking)).toEqual(['(C-ENTIRE TEXT)', null, null, null]);
      expect(cable.portions.map((p) => p.classification)).toEqual([
        'CONFIDENTIAL',
        'CONFIDENTIAL',
        'CONFIDENTIAL',
        'CONFIDENTIAL',
      ]);
    });

    it('takes the declassification stamp out of the text and reads it as the marking', () => {
      expect(cable.portions[3]?.text).toContain('ONE OF THE TWO WESTERN CORRESPONDENTS ATTENDING');
      expect(cable.text).not.toContain('Sheryl');
      expect(cable.markings).toBe(
        'Sheryl P. Walter Declassified/Released US Department of State EO Systematic Review 20 Mar 2014',
      );
      expect(cable.currentClassification).toBe('UNCLASSIFIED');
    });

    it('keeps the distribution lines between the classification line and the E.O.', () => {
      expect(cable.handlingInstructions).toEqual([
        'NO DISTRIBUTION OUTSIDE EUR/SOV - 3 COPIES ONLY',
        'FOR SHINN FROM GARRISON',
      ]);
    });
  });

  describe('1979STATE241927 (caption with instruction, E.O. 12065)', () => {
    const cable = parseFixture('1979STATE241927.txt');

    it('splits the caption from its instruction', () => {
      expect(cable.captions).toEqual(['LIMDIS']);
      expect(cable.handlingInstructions).toEqual(['FOR CHARGE FROM PRECHT']);
      expect(cable.drafter).toBe('NEA/IRN:HPRECHT:AMP');
      expect(cable.approver).toBe('NEA/IRN - HENRY PRECHT');
      expect(cable.clearances).toEqual(['NEA:PCONSTABLE']);
    });

    it('marks every paragraph CONFIDENTIAL', () => {
      expect(cable.portions[0]?.text).toBe('1. (C - ENTIRE TEXT.)');
      expect(cable.portions.every((p) => p.classification === 'CONFIDENTIAL')).toBe(true);
      expect(cable.portions[2]?.text).toContain(
        'I TOLD HIM SECRETARY WOULD WANT TO MEET WITH HIM IF CONVENIENT.',
      );
    });
  });

  describe('hostile input', () => {
    it('reads an empty string as an empty cable with a warning', () => {
      const cable = parseCable('');
      expect(cable.documentNumber).toBeNull();
      expect(cable.portions).toEqual([]);
      expect(cable.hasText).toBe(false);
      expect(cable.warnings).toEqual(['the file is empty']);
    });

    it('reads blank lines only', () => {
      const cable = parseCable('\n\n   \r\n\t\n');
      expect(cable.portions).toEqual([]);
      expect(cable.hasText).toBe(false);
    });

    it('does not throw when given something that is not a string', () => {
      const cable = parseCable(undefined as unknown as string, undefined);
      expect(cable.portions).toEqual([]);
      expect(cable.warnings).toEqual(['the file is empty']);
    });

    it('survives binary garbage with NUL bytes and says what it removed', () => {
      const bytes = Buffer.alloc(64 * 1024);
      let x = 12345;
      for (let i = 0; i < bytes.length; i++) {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        bytes[i] = i % 7 === 0 ? 0 : x & 0xff;
      }
      const cable = parseCable(bytes.toString('latin1'), 'garbage.bin');
      expect(cable.file).toBe('garbage.bin');
      expect(cable.warnings.some((w) => /removed \d+ control characters/.test(w))).toBe(true);
      expect(cable.text).not.toContain('\u0000');
    });

    it('still reads a cable whose bytes carry NULs and CR LF line ends', () => {
      const text = fixture('1976STATE900101.txt')
        .replace(/\n/g, '\r\n')
        .replace(/SUBJECT/, 'SUB\u0000JECT');
      const cable = parseCable(text);
      expect(cable.documentNumber).toBe('1976STATE900101');
      expect(cable.subject).toBe('ALLIANCE CONSULTATIONS ON FORCE POSTURE');
      expect(cable.portions).toHaveLength(4);
      expect(cable.warnings).toEqual(['removed 1 control characters (NUL or other binary bytes)']);
    });

    it('parses 50 MB of cable text in a few seconds', () => {
      const page = fixture('1974QUITO06223.txt');
      const text = page.repeat(Math.ceil((50 * 1024 * 1024) / page.length));
      const started = Date.now();
      const cable = parseCable(text);
      const elapsed = Date.now() - started;
      expect(cable.documentNumber).toBe('1974QUITO06223');
      expect(cable.portions.length).toBeGreaterThan(1000);
      expect(cable.warnings).toContain('a second message header was found; the first one is used');
      expect(elapsed).toBeLessThan(10_000);
    }, 60_000);

    it('parses a single 50 MB line in a few seconds', () => {
      const text = 'PAGE 01 STATE 123456 ' + 'ABC: DEF- '.repeat(5 * 1024 * 1024);
      const started = Date.now();
      const cable = parseCable(text);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(cable.portions).toHaveLength(1);
      expect(cable.portions[0]?.text.length).toBeGreaterThan(50_000_000);
    }, 60_000);

    it('never throws on strings stitched from fixture lines and noise', () => {
      const lines = HEADERS.flatMap((h) => fixture(h.file).split('\n'));
      let x = 7;
      const next = (n: number): number => {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        return x % n;
      };
      for (let round = 0; round < 300; round++) {
        const parts: string[] = [];
        const count = 1 + next(80);
        for (let i = 0; i < count; i++) {
          const line = lines[next(lines.length)] ?? '';
          const cut = next(4) === 0 ? line.slice(next(line.length + 1)) : line;
          parts.push(next(10) === 0 ? `${cut}${String.fromCharCode(next(0x3000))}` : cut);
        }
        const cable = parseCable(parts.join(next(3) === 0 ? '\r\n' : '\n'));
        expect(Array.isArray(cable.portions)).toBe(true);
        expect(cable.warnings.every((w) => typeof w === 'string')).toBe(true);
        expect(cable.portions.every((p, i) => p.index === i && p.text.length > 0)).toBe(true);
      }
    });

    it('reads a file that holds only an attribute block', () => {
      const full = fixture('1976STATE900101.txt');
      const block = full.slice(full.indexOf('Message Attributes'));
      const cable = parseCable(block);
      expect(cable.hasText).toBe(false);
      expect(cable.hasAttributeBlock).toBe(true);
      expect(cable.documentNumber).toBe('1976STATE900101');
      expect(cable.subject).toBe('ALLIANCE CONSULTATIONS ON FORCE POSTURE');
      expect(cable.originalClassification).toBe('SECRET');
      expect(cable.sentAt).toBe('1976-03-05T00:00:00.000Z');
      expect(cable.dispositionAction).toBe('Released in Part');
      expect(cable.exemptions).toEqual(['1.4D', '25X1', '25X6']);
      expect(cable.warnings).toEqual(['no message text: the file holds only an attribute block']);

      const headless = parseCable(block.slice(block.indexOf('Automatic Decaptioning')));
      expect(headless.documentNumber).toBe('1976STATE900101');
      expect(headless.hasAttributeBlock).toBe(true);
    });

    it('reads attribute keys in odd case and order, and keeps keys it does not know', () => {
      const cable = parseCable(
        [
          'Message Attributes',
          '',
          'TAGS: PFOR, UR',
          'review history: WITHDRAWN <12 Mar 2004 by smithj, PRIVACY>; APPROVED <15 Mar 2004 by jonesk>',
          'DISPOSITION ACTION: Denied in Full',
          'document number: 1975MOSCOW01234',
          'Disposition reason: 25X1, b(6)',
          'original classification: Secret',
          'Reviewer Notes: see case file',
          'Current Classification: SECRET Disposition date: 20 Mar 2014',
        ].join('\n'),
      );
      expect(cable.documentNumber).toBe('1975MOSCOW01234');
      expect(cable.dispositionAction).toBe('Denied in Full');
      expect(cable.dispositionDate).toBe('2014-03-20');
      expect(cable.originalClassification).toBe('SECRET');
      expect(cable.currentClassification).toBe('SECRET');
      expect(cable.tags).toEqual(['PFOR', 'UR']);
      expect(cable.reviewHistory).toEqual([
        { action: 'WITHDRAWN', date: '2004-03-12', by: 'smithj', reason: 'PRIVACY' },
        { action: 'APPROVED', date: '2004-03-15', by: 'jonesk', reason: null },
      ]);
      expect(cable.exemptions).toEqual(['25X1', 'B(6)']);
      expect(cable.attributes['document number']).toBe('1975MOSCOW01234');
      expect(cable.attributes['Reviewer Notes']).toBe('see case file');
      expect(cable.warnings).toContain('unknown attribute "Reviewer Notes" kept as found');
    });

    it('reads a header that comes after the body', () => {
      const cable = parseCable(
        [
          'Show Headers',
          '1. (C) THE FIRST PARAGRAPH OF THE MESSAGE SAYS',
          'WHAT IT HAS TO SAY.',
          '2. (U) THE SECOND PARAGRAPH ENDS IT. VANCE',
          'CONFIDENTIAL',
          'NNN',
          'CONFIDENTIAL',
          'PAGE 01 STATE 012345',
          'ORIGIN EUR-12',
          'INFO OCT-01 /012 R',
          'DRAFTED BY EUR/SOV:JDOE',
          'APPROVED BY EUR:RROE',
          '--------------------- 123456',
          'O 041530Z APR 78',
          'FM SECSTATE WASHDC',
          'TO AMEMBASSY MOSCOW IMMEDIATE',
          'C O N F I D E N T I A L STATE 012345',
          'NODIS',
          'E.O. 12065: GDS 4/4/84 (DOE, JOHN)',
          'TAGS: PFOR, UR',
          'SUBJECT: A HEADER THAT COMES LAST',
        ].join('\n'),
      );
      expect(cable.documentNumber).toBe('1978STATE012345');
      expect(cable.sentAt).toBe('1978-04-04T15:30:00.000Z');
      expect(cable.precedence).toBe('IMMEDIATE');
      expect(cable.to).toEqual(['AMEMBASSY MOSCOW']);
      expect(cable.captions).toEqual(['NODIS']);
      expect(cable.subject).toBe('A HEADER THAT COMES LAST');
      expect(cable.originalClassification).toBe('CONFIDENTIAL');
      expect(cable.portions.map((p) => [p.label, p.classification, p.text])).toEqual([
        [
          '1.',
          'CONFIDENTIAL',
          '1. (C) THE FIRST PARAGRAPH OF THE MESSAGE SAYS WHAT IT HAS TO SAY.',
        ],
        ['2.', 'UNCLASSIFIED', '2. (U) THE SECOND PARAGRAPH ENDS IT. VANCE'],
      ]);
      expect(cable.signature).toBe('VANCE');
      expect(cable.complete).toBe(true);
      expect(cable.warnings).toEqual([]);
    });

    it('reports a date-time group it cannot read and keeps going', () => {
      const cable = parseCable(
        [
          'PAGE 01 STATE 000042',
          'R 321299Z JUN 77',
          'FM SECSTATE WASHDC',
          'TO AMEMBASSY PARIS',
          'UNCLAS STATE 000042',
          'SUBJECT: A BAD DATE',
          '1. TEXT.',
        ].join('\n'),
        '1977STATE000042.txt',
      );
      expect(cable.sentAt).toBeNull();
      expect(cable.precedence).toBe('ROUTINE');
      expect(cable.warnings).toContain('date-time group not understood: "R 321299Z JUN 77"');
      expect(cable.documentNumber).toBe('1977STATE000042');
      expect(cable.warnings).toContain('document number taken from the file name');
      expect(cable.portions.map((p) => p.text)).toEqual(['1. TEXT.']);
    });

    it('warns when the Document Number attribute disagrees with the header', () => {
      const text = fixture('1976STATE900101.txt').replace(
        'Document Number: 1976STATE900101',
        'Document Number: 1976STATE900102',
      );
      const cable = parseCable(text);
      expect(cable.documentNumber).toBe('1976STATE900102');
      expect(cable.warnings).toEqual([
        'the header gives document number 1976STATE900101 but the Document Number attribute says 1976STATE900102',
      ]);
    });
  });
});
