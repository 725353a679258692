import * as fs from 'node:fs';
import * as path from 'node:path';

import { HEADERS } from './cable.fixtures';
import { parseCable } from './cable.parser';
import type { ParsedCable } from './cable.types';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/cables');

function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

function parseFixture(name: string): ParsedCable {
  return parseCable(fixture(name), name);
}

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
});
