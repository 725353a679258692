// Validating and formatting citations, the codes a record may cite, and the order's bounds.
import {
  codesValidFor,
  formatExemption,
  parseExemption,
  validateCitations,
  validateExemption,
  yearsBetween,
  type ExemptionSetting,
} from './exemptions';
import {
  CABLE_1977,
  MEMO_2010,
  AIRGRAM_1970,
  TELEGRAM_1945,
  foia,
  cited,
  messageOf,
} from './exemptions.fixtures';

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
