import {
  codesValidFor,
  formatExemption,
  parseExemption,
  validateCitations,
  validateExemption,
  yearsBetween,
  type Exemption,
  type ExemptionSetting,
} from './exemptions';

/** The day of the decisions below. */
const ON = '2026-03-02';
/** A 1977 cable: 48 years old, past 25, 25X limit 31 Dec 2027, 50X-HUM limit 31 Dec 2052. */
const CABLE_1977: ExemptionSetting = {
  documentDate: '1977-06-16',
  on: ON,
  reviewKind: 'SYSTEMATIC',
};
/** A 2010 memo: 15 years old, 1.4 codes declassify on 31 Dec 2035 at the latest. */
const MEMO_2010: ExemptionSetting = {
  documentDate: '2010-03-04',
  on: ON,
  reviewKind: 'SYSTEMATIC',
};
/** A 1970 airgram: 56 years old, old enough for 50X. */
const AIRGRAM_1970: ExemptionSetting = {
  documentDate: '1970-01-15',
  on: ON,
  reviewKind: 'SYSTEMATIC',
};
/** A 1945 telegram: 80 years old, old enough for 75X. */
const TELEGRAM_1945: ExemptionSetting = {
  documentDate: '1945-05-08',
  on: ON,
  reviewKind: 'SYSTEMATIC',
};
const foia = (setting: ExemptionSetting, reviewKind = 'FOIA'): ExemptionSetting => ({
  ...setting,
  reviewKind,
});

/** Parses and validates one citation, as a reviewer's input goes through both. */
function check(raw: string, setting: ExemptionSetting) {
  const parsed = parseExemption(raw);
  return parsed.ok ? validateExemption(parsed.exemption, setting) : parsed;
}

function cited(raw: string, setting: ExemptionSetting): Exemption {
  const result = check(raw, setting);
  if (!result.ok) throw new Error(result.message);
  return result.exemption;
}

const messageOf = (result: { ok: true } | { ok: false; message: string }) =>
  result.ok ? '(accepted)' : result.message;

describe(parseExemption.name, () => {
  it.each([
    ['1.4(d)', '1.4(d)', '1.4'],
    ['1.4 (D)', '1.4(d)', '1.4'],
    ['1.4D', '1.4(d)', '1.4'],
    ['25x6', '25X6', '25X'],
    ['50X1-HUM', '50X1-HUM', '50X-HUM-WMD'],
    ['50x2-wmd', '50X2-WMD', '50X-HUM-WMD'],
    ['50X3', '50X3', '50X'],
    ['75X2', '75X2', '75X'],
    ['b(6)', 'b(6)', 'FOIA'],
    ['B(7)(c)', 'b(7)(C)', 'FOIA'],
    ['rd', 'RD', 'ATOMIC'],
    ['FRD', 'FRD', 'ATOMIC'],
    ['TFNI', 'TFNI', 'ATOMIC'],
  ])('reads %s as %s of family %s', (raw, code, family) => {
    expect(parseExemption(raw)).toEqual({
      ok: true,
      exemption: { code, family, expiresOn: null, statute: null },
    });
  });

  it('reads the marking form "25X6, 20271231" with its date', () => {
    expect(parseExemption('25X6, 20271231')).toEqual({
      ok: true,
      exemption: { code: '25X6', family: '25X', expiresOn: '2027-12-31', statute: null },
    });
  });

  it('accepts an ISO date after the comma and extra spaces', () => {
    expect(parseExemption('  25X1 ,  2027-06-30 ')).toMatchObject({
      ok: true,
      exemption: { code: '25X1', expiresOn: '2027-06-30' },
    });
  });

  it('keeps the statute named by b(3)', () => {
    expect(parseExemption('b(3) 50 U.S.C. 3024(i)')).toEqual({
      ok: true,
      exemption: { code: 'b(3)', family: 'FOIA', expiresOn: null, statute: '50 U.S.C. 3024(i)' },
    });
  });

  it.each(['20270231', '20271331', '20270001', '2027-02-29'])(
    'refuses "25X6, %s", which is not a calendar date',
    (date) => {
      const result = parseExemption(`25X6, ${date}`);
      expect(result.ok).toBe(false);
      expect(messageOf(result)).toContain(`${date} is not a valid date`);
    },
  );

  it('accepts 29 February in a leap year', () => {
    expect(parseExemption('25X6, 20280229')).toMatchObject({
      ok: true,
      exemption: { expiresOn: '2028-02-29' },
    });
  });

  it('refuses b(7) without its subparagraph', () => {
    expect(messageOf(parseExemption('b(7)'))).toContain(
      'b(7) needs its subparagraph, e.g. b(7)(C)',
    );
  });

  it('refuses a lettered subparagraph on a b-code other than b(7)', () => {
    expect(messageOf(parseExemption('b(6)(C)'))).toContain('only b(7) has lettered subparagraphs');
  });

  it('refuses text after a b-code other than b(3)', () => {
    expect(messageOf(parseExemption('b(6) Privacy Act'))).toContain('unexpected text after b(6)');
  });

  it.each([
    '1.4(i)',
    '1.5D',
    '25X0',
    '25X10',
    '50X1-WMD',
    '75X1-HUM',
    'b(10)',
    'X1',
    'GDS',
    'SECRET',
    '',
  ])('refuses "%s", listing the codes a reviewer may cite', (raw) => {
    const result = parseExemption(raw);
    expect(result.ok).toBe(false);
    expect(messageOf(result)).toContain(
      'is not an exemption code: use 1.4(a)–1.4(h), 25X1–25X9 with a date',
    );
  });
});

describe(validateExemption.name, () => {
  describe('1.4 codes (records under 25 years)', () => {
    it('accepts 1.4(d) on a 2010 memo and sets its declassify-on date 25 years from origin', () => {
      expect(check('1.4(d)', MEMO_2010)).toEqual({
        ok: true,
        exemption: { code: '1.4(d)', family: '1.4', expiresOn: '2035-12-31', statute: null },
      });
    });

    it('keeps an earlier declassify-on date the reviewer states', () => {
      expect(cited('1.4(a), 20301231', MEMO_2010).expiresOn).toBe('2030-12-31');
    });

    it('accepts a stated date of exactly 31 December of origin + 25', () => {
      expect(cited('1.4(a), 20351231', MEMO_2010).expiresOn).toBe('2035-12-31');
    });

    it('refuses a stated date beyond 25 years from origin', () => {
      expect(messageOf(check('1.4(a), 20360101', MEMO_2010))).toContain(
        'at most 25 years from origin (2035-12-31)',
      );
    });

    it('refuses 1.4 on a 1977 cable and points to 25X instead', () => {
      const message = messageOf(check('1.4(d)', CABLE_1977));
      expect(message).toContain('applies only to records under 25 years old');
      expect(message).toContain('cite a 25X code with its date instead');
    });

    it('accepts 1.4 the day before the record turns 25 and refuses it on the day', () => {
      const turning25 = { documentDate: '2001-03-02', reviewKind: 'SYSTEMATIC' };
      expect(check('1.4(b)', { ...turning25, on: '2026-03-01' }).ok).toBe(true);
      expect(check('1.4(b)', { ...turning25, on: '2026-03-02' }).ok).toBe(false);
    });

    // Fails today: the 1.4 branch never compares a stated date with the day of the decision,
    // unlike 25X/50X/75X ("the date … has already passed").
    it('refuses a 1.4 declassify-on date that has already passed', () => {
      expect(check('1.4(d), 20200101', MEMO_2010).ok).toBe(false);
    });
  });

  describe('25X codes (records of 25 years or more, a date up to 50 years from origin)', () => {
    it('accepts "25X6, 20271231" on a 1977 cable, the last day 50 years allow', () => {
      expect(check('25X6, 20271231', CABLE_1977)).toEqual({
        ok: true,
        exemption: { code: '25X6', family: '25X', expiresOn: '2027-12-31', statute: null },
      });
    });

    it('refuses a date after 31 December of origin + 50', () => {
      expect(messageOf(check('25X6, 20280101', CABLE_1977))).toContain(
        'the date 2028-01-01 is later than 2027-12-31, the limit for this code',
      );
    });

    it('refuses a 25X code without its date', () => {
      expect(messageOf(check('25X6', CABLE_1977))).toContain(
        '25X6 must carry its declassification date, written "25X6, YYYYMMDD"',
      );
    });

    it('refuses a date that has already passed', () => {
      expect(messageOf(check('25X1, 20251231', CABLE_1977))).toContain(
        'the date 2025-12-31 has already passed',
      );
    });

    it('refuses a date that is the day of the decision', () => {
      expect(messageOf(check('25X1, 20260302', CABLE_1977))).toContain('has already passed');
    });

    it('refuses 25X on a 2010 memo, which is under 25 years old', () => {
      expect(messageOf(check('25X6, 20271231', MEMO_2010))).toContain(
        'may be cited only for records at least 25 years old',
      );
    });

    it('accepts 25X on the day the record turns 25', () => {
      expect(
        check('25X6, 20301231', {
          documentDate: '2001-03-02',
          on: '2026-03-02',
          reviewKind: 'SYSTEMATIC',
        }).ok,
      ).toBe(true);
    });
  });

  describe('50X1-HUM and 50X2-WMD (records of 25 years or more, up to 75 years from origin)', () => {
    it('accepts 50X1-HUM without a date and lets it last 75 years from origin', () => {
      expect(cited('50X1-HUM', CABLE_1977)).toEqual({
        code: '50X1-HUM',
        family: '50X-HUM-WMD',
        expiresOn: '2052-12-31',
        statute: null,
      });
    });

    it('accepts a stated date up to 31 December of origin + 75', () => {
      expect(cited('50X2-WMD, 20521231', CABLE_1977).expiresOn).toBe('2052-12-31');
    });

    it('refuses a stated date beyond 75 years from origin', () => {
      expect(messageOf(check('50X1-HUM, 20530101', CABLE_1977))).toContain('later than 2052-12-31');
    });

    it('refuses 50X1-HUM on a 2010 memo', () => {
      expect(messageOf(check('50X1-HUM', MEMO_2010))).toContain('at least 25 years old');
    });
  });

  describe('50X and 75X codes (extraordinary, with an approved date)', () => {
    it('accepts 50X1 with a date on a 1970 airgram', () => {
      expect(cited('50X1, 20351231', AIRGRAM_1970).expiresOn).toBe('2035-12-31');
    });

    it('refuses 50X1 on a 1977 cable, which is under 50 years old', () => {
      expect(messageOf(check('50X1, 20351231', CABLE_1977))).toContain(
        'may be cited only for records at least 50 years old',
      );
    });

    it('refuses 50X1 without its date', () => {
      expect(messageOf(check('50X1', AIRGRAM_1970))).toContain(
        'must carry its declassification date',
      );
    });

    it('accepts 75X1 with a date on a 1945 telegram', () => {
      expect(cited('75X1, 20301231', TELEGRAM_1945).expiresOn).toBe('2030-12-31');
    });

    it('refuses 75X1 on a 1970 airgram, which is under 75 years old', () => {
      expect(messageOf(check('75X1, 20301231', AIRGRAM_1970))).toContain('at least 75 years old');
    });

    it('refuses 75X1 without its date', () => {
      expect(messageOf(check('75X1', TELEGRAM_1945))).toContain(
        'must carry its declassification date',
      );
    });
  });

  describe('FOIA b-codes', () => {
    it.each(['FOIA', 'APPEAL'])('accepts b(6) in a %s review, with no date of its own', (kind) => {
      expect(cited('b(6)', foia(CABLE_1977, kind))).toEqual({
        code: 'b(6)',
        family: 'FOIA',
        expiresOn: null,
        statute: null,
      });
    });

    it.each(['SYSTEMATIC', 'AUTOMATIC_25', 'MDR', 'RE_REVIEW'])(
      'refuses b(6) in a %s review',
      (kind) => {
        expect(messageOf(check('b(6)', foia(CABLE_1977, kind)))).toContain(
          `may be cited only in FOIA reviews and appeals, not in a ${kind} review`,
        );
      },
    );

    it('accepts b(5) on a 2010 memo, read as deliberative process when no privilege is named', () => {
      expect(cited('b(5)', foia(MEMO_2010))).toMatchObject({ code: 'b(5)', privilege: 'DP' });
    });

    it('refuses b(5) DP on a 1977 cable: deliberative process ends at 25 years', () => {
      for (const raw of ['b(5)', 'b(5) DP', 'b(5) dp']) {
        expect(messageOf(check(raw, foia(CABLE_1977)))).toContain(
          'b(5) DP (deliberative process) cannot be used on a record that was 25 or more years old when it was requested',
        );
      }
    });

    it.each(['AC', 'AWP'])(
      'accepts b(5) %s on a 1977 cable: that privilege has no 25-year limit',
      (p) => {
        const ex = cited(`b(5) ${p}`, foia(CABLE_1977));
        expect(ex).toMatchObject({ code: 'b(5)', privilege: p });
        expect(formatExemption(ex)).toBe(`b(5) ${p}`);
      },
    );

    it('measures the 25 years to the day the request was received, not the day of the decision', () => {
      // A 2001 memo requested in November 2025 (24 years old) and decided in 2027 (26 years old).
      const memo = { documentDate: '2001-12-01', on: '2027-02-01', reviewKind: 'FOIA' };
      expect(check('b(5) DP', { ...memo, requestedOn: '2025-11-03' }).ok).toBe(true);
      expect(messageOf(check('b(5) DP', { ...memo, requestedOn: '2026-12-02' }))).toContain(
        'was requested on 2026-12-02',
      );
    });

    it('refuses b(5) with a privilege it does not know', () => {
      expect(messageOf(check('b(5) executive', foia(MEMO_2010)))).toContain(
        'b(5) names its privilege: DP (deliberative process), AC (attorney-client) or AWP',
      );
    });

    it('refuses b(3) that names no statute', () => {
      expect(messageOf(check('b(3)', foia(CABLE_1977)))).toContain('b(3) must name its statute');
    });

    it('accepts b(3) naming its statute', () => {
      expect(cited('b(3) 50 U.S.C. 3024(i)', foia(CABLE_1977)).statute).toBe('50 U.S.C. 3024(i)');
    });

    it('accepts b(7)(C) in a FOIA review', () => {
      expect(cited('b(7)(C)', foia(MEMO_2010)).code).toBe('b(7)(C)');
    });

    it('refuses a b-code carrying a date', () => {
      expect(messageOf(check('b(6), 20271231', foia(CABLE_1977)))).toContain(
        'b(6) has no date of its own',
      );
    });
  });

  describe('atomic-energy markings', () => {
    it.each([
      ['RD', CABLE_1977],
      ['FRD', MEMO_2010],
      ['TFNI', foia(MEMO_2010)],
    ])('accepts %s at any age and in any review, without expiry', (raw, setting) => {
      expect(cited(raw, setting).expiresOn).toBeNull();
    });

    it('refuses RD with a date: only DOE removes it', () => {
      expect(messageOf(check('RD, 20271231', CABLE_1977))).toContain(
        'RD lasts until DOE removes it; it takes no date',
      );
    });
  });
});

describe(validateCitations.name, () => {
  it('refuses an exemption that cites nothing', () => {
    expect(validateCitations([], CABLE_1977)).toEqual({
      ok: false,
      message: 'An exemption must cite at least one code',
    });
  });

  it('returns every code, validated and in the order cited', () => {
    const result = validateCitations(['25X6, 20271231', '50X1-HUM'], CABLE_1977);
    expect(result).toEqual({
      ok: true,
      exemptions: [
        { code: '25X6', family: '25X', expiresOn: '2027-12-31', statute: null },
        { code: '50X1-HUM', family: '50X-HUM-WMD', expiresOn: '2052-12-31', statute: null },
      ],
    });
  });

  it('refuses the same code cited twice, however it is written', () => {
    expect(messageOf(validateCitations(['1.4(d)', '1.4 D'], MEMO_2010))).toBe(
      '1.4(d) is cited twice',
    );
  });

  it('reports the first code that breaks a rule', () => {
    expect(
      messageOf(validateCitations(['25X6, 20271231', '1.4(d)', 'b(6)'], CABLE_1977)),
    ).toContain('1.4(d) applies only to records under 25 years old');
  });

  it('reports a code that cannot be read', () => {
    expect(messageOf(validateCitations(['25X6, 20270231'], CABLE_1977))).toContain(
      '20270231 is not a valid date',
    );
  });

  it('refuses b(1) on its own: properly classified needs its classification code', () => {
    expect(messageOf(validateCitations(['b(1)'], foia(MEMO_2010)))).toContain(
      'b(1) (properly classified) must be paired with the 1.4 or 25X code',
    );
  });

  it.each([
    ['b(1)', 'b(6)'],
    ['b(1)', 'RD'],
  ])('refuses %s with %s, neither of which classifies the portion', (a, b) => {
    expect(validateCitations([a, b], foia(CABLE_1977)).ok).toBe(false);
  });

  it('accepts b(1) with 1.4(c) on a 2010 memo', () => {
    expect(validateCitations(['b(1)', '1.4(c)'], foia(MEMO_2010)).ok).toBe(true);
  });

  it('accepts b(1) with 25X1 on a 1977 cable', () => {
    expect(validateCitations(['25X1, 20271231', 'b(1)'], foia(CABLE_1977)).ok).toBe(true);
  });
});

describe(formatExemption.name, () => {
  it.each([
    ['25X6, 20271231', CABLE_1977, '25X6, 20271231'],
    ['50X1-HUM', CABLE_1977, '50X1-HUM, 20521231'],
    ['50X1, 20351231', AIRGRAM_1970, '50X1, 20351231'],
    ['75X1, 20301231', TELEGRAM_1945, '75X1, 20301231'],
    ['1.4(d)', MEMO_2010, '1.4(d)'],
    ['b(3) 50 U.S.C. 3024(i)', foia(CABLE_1977), 'b(3) 50 U.S.C. 3024(i)'],
    ['b(7)(c)', foia(CABLE_1977), 'b(7)(C)'],
    ['RD', CABLE_1977, 'RD'],
  ])('writes %s as "%s" in a marking', (raw, setting, written) => {
    expect(formatExemption(cited(raw, setting))).toBe(written);
  });

  it('writes what parseExemption reads back to the same exemption', () => {
    for (const raw of ['25X6, 20271231', '50X2-WMD, 20401231', 'b(3) 42 U.S.C. 2162', 'b(7)(E)']) {
      const exemption = cited(raw, foia(CABLE_1977));
      expect(cited(formatExemption(exemption), foia(CABLE_1977))).toEqual(exemption);
    }
  });
});

describe(yearsBetween.name, () => {
  it('counts whole years, turning over on the anniversary', () => {
    expect(yearsBetween('1977-06-16', '2002-06-15')).toBe(24);
    expect(yearsBetween('1977-06-16', '2002-06-16')).toBe(25);
    expect(yearsBetween('1977-06-16', '2026-03-02')).toBe(48);
  });
});

describe('codesValidFor', () => {
  const codes = (documentDate: string, reviewKind: string) =>
    codesValidFor({ documentDate, on: '2026-11-27', reviewKind }).map((c) => c.code);

  it('offers 25X codes and not 1.4 for a 1977 cable in a systematic review', () => {
    const offered = codes('1977-06-16', 'SYSTEMATIC');
    expect(offered).toEqual(expect.arrayContaining(['25X1', '25X6', '50X1-HUM', 'RD']));
    expect(offered).not.toContain('1.4(d)');
    expect(offered.some((c) => c.startsWith('b('))).toBe(false);
  });

  it('offers 1.4 codes and not 25X for a 2010 memorandum', () => {
    const offered = codes('2010-03-04', 'SYSTEMATIC');
    expect(offered).toContain('1.4(d)');
    expect(offered).not.toContain('25X6');
  });

  it('offers FOIA codes in a FOIA review, but never b(5) DP on a record 25 or more years old', () => {
    expect(codes('2010-03-04', 'FOIA')).toEqual(
      expect.arrayContaining(['b(1)', 'b(5) DP', 'b(5) AC', 'b(6)', 'b(7)(C)']),
    );
    const old = codes('1977-06-16', 'FOIA');
    expect(old).toEqual(expect.arrayContaining(['b(6)', 'b(5) AC', 'b(5) AWP']));
    expect(old).not.toContain('b(5) DP');
  });

  it('offers no 25X code once even the latest allowed date has passed, leaving 50X', () => {
    const offered = codes('1970-01-01', 'SYSTEMATIC');
    expect(offered).not.toContain('25X6');
    expect(offered).toContain('50X6');
  });
});

describe('rules of the order that bound what a review may cite', () => {
  const validate = (raw: string, at: ExemptionSetting) => {
    const parsed = parseExemption(raw);
    if (!parsed.ok) throw new Error(parsed.message);
    return validateExemption(parsed.exemption, at);
  };

  it.each(['1.4(d)', '25X6, 20271231', 'b(1)', '50X1-HUM'])(
    'refuses %s on a record that is UNCLASSIFIED now: a review does not reclassify (§1.7(c))',
    (code) => {
      const result = validate(code, { ...foia(CABLE_1977), classification: 'UNCLASSIFIED' });
      expect(result).toEqual({ ok: false, message: expect.stringContaining('§1.7(c)') as string });
    },
  );

  it('still allows FOIA codes on an UNCLASSIFIED record', () => {
    expect(validate('b(6)', { ...foia(CABLE_1977), classification: 'UNCLASSIFIED' }).ok).toBe(true);
  });

  it('limits a 50X date to 31 December of origin + 75 and sends records past 75 to 75X', () => {
    expect(validate('50X6, 20451231', AIRGRAM_1970).ok).toBe(true);
    expect(validate('50X6, 20461231', AIRGRAM_1970)).toEqual({
      ok: false,
      message: expect.stringContaining('2045-12-31') as string,
    });
    expect(validate('50X6, 20301231', TELEGRAM_1945)).toEqual({
      ok: false,
      message: expect.stringContaining('cite a 75X code') as string,
    });
  });

  it('refuses FOIA codes in an MDR appeal, which is decided under the order', () => {
    const mdrAppeal: ExemptionSetting = { ...CABLE_1977, reviewKind: 'APPEAL', appealOf: 'MDR' };
    expect(validate('b(6)', mdrAppeal)).toEqual({
      ok: false,
      message: expect.stringContaining('MDR appeal') as string,
    });
    expect(validate('b(6)', { ...mdrAppeal, appealOf: 'FOIA' }).ok).toBe(true);
  });

  it('lets the review that precedes a record’s 25-year date exempt it under 25X', () => {
    // Dated 31 December 2001: 24 on the day of the decision, 25 on its §3.3 date, 31 Dec 2026.
    const turning25: ExemptionSetting = {
      documentDate: '2001-12-31',
      on: '2026-06-01',
      reviewKind: 'AUTOMATIC_25',
    };
    expect(validate('25X6, 20361231', turning25).ok).toBe(true);
    expect(validate('1.4(d)', turning25)).toEqual({
      ok: false,
      message: expect.stringContaining('cite a 25X code') as string,
    });
    // A systematic review judges the record's age on the day of the decision.
    expect(validate('25X6, 20361231', { ...turning25, reviewKind: 'SYSTEMATIC' }).ok).toBe(false);
    expect(codesValidFor(turning25).map((c) => c.code)).toContain('25X1');
  });
});
