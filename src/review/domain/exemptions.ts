/**
 * Exemption codes: what a reviewer may cite to withhold a portion,
 * when each code is valid for a record, and when it expires. Dates are ISO `YYYY-MM-DD` strings.
 */
export type ExemptionFamily = '1.4' | '25X' | '50X-HUM-WMD' | '50X' | '75X' | 'FOIA' | 'ATOMIC';

export interface Exemption {
  /** Canonical code: `1.4(d)`, `25X6`, `50X1-HUM`, `b(7)(C)`, `RD` … */
  code: string;
  family: ExemptionFamily;
  /** The date the exemption lapses; null where the code has none of its own (FOIA, atomic). */
  expiresOn: string | null;
  /** b(3) names the statute that exempts the information. */
  statute: string | null;
  /**
   * b(5) names its privilege: deliberative process (DP, the one read when none is named),
   * attorney-client (AC) or attorney work product (AWP). Only DP ends at 25 years.
   */
  privilege?: B5Privilege;
}

export type B5Privilege = 'DP' | 'AC' | 'AWP';

/** The facts about a record and a review that decide whether a code may be cited. */
export interface ExemptionSetting {
  documentDate: string;
  /** The day of the decision. */
  on: string;
  reviewKind: string;
  /**
   * The record's level as it stands now. Classification codes may be cited only on a record that
   * is still classified: a review cannot classify again what is unclassified or was released.
   * Absent: the record is taken to be classified.
   */
  classification?: string;
  /** An APPEAL's subject: an MDR appeal is decided under the order, not under FOIA. */
  appealOf?: 'FOIA' | 'MDR';
  /**
   * The day the request was received: b(5)'s deliberative-process privilege does not reach a
   * record 25 or more years old on that day. Absent: the day of the decision.
   */
  requestedOn?: string;
}

/** The families that keep information classified (E.O. 13526 §1.4, §3.3). */
export const CLASSIFICATION_FAMILIES: ReadonlySet<ExemptionFamily> = new Set([
  '1.4',
  '25X',
  '50X-HUM-WMD',
  '50X',
  '75X',
]);

/** Whether citing this code withholds the portion as classified information. */
export function keepsClassified(ex: Pick<Exemption, 'family' | 'code'>): boolean {
  return CLASSIFICATION_FAMILIES.has(ex.family) || ex.code === 'b(1)';
}

/** Restricted Data, Formerly Restricted Data and TFNI: only the Department of Energy declassifies them. */
export function isAtomic(ex: Pick<Exemption, 'family'>): boolean {
  return ex.family === 'ATOMIC';
}

const UNCLASSIFIED_LEVELS = new Set(['UNCLASSIFIED', 'LIMITED OFFICIAL USE']);

/**
 * The day from which a record's age is counted for the 25-, 50- and 75-year exemptions. An
 * automatic declassification review exists to decide, ahead of time, what is exempted on the
 * record's 31 December of origin + 25: its codes take effect on that day, so they are judged on
 * it. Every other review judges on the day of the decision.
 */
function ageDay(at: ExemptionSetting): string {
  if (at.reviewKind !== 'AUTOMATIC_25') return at.on;
  const automatic = `${Number(at.documentDate.slice(0, 4)) + 25}-12-31`;
  return automatic > at.on ? automatic : at.on;
}

export type ExemptionResult = { ok: true; exemption: Exemption } | { ok: false; message: string };

const FOIA_KINDS = new Set(['FOIA', 'APPEAL']);

/** Written `25X6, 20271231` in markings; we also accept an ISO date after the comma. */
const DATED = /^(.+?)\s*,\s*(\d{8}|\d{4}-\d{2}-\d{2})$/;

/** Parses one citation as a reviewer writes it: `1.4(d)`, `25X6, 20271231`, `b(3) 50 U.S.C. 3024(i)`. */
export function parseExemption(raw: string): ExemptionResult {
  const text = raw.trim().replace(/\s+/g, ' ');
  let body = text;
  let stated: string | null = null;
  const dated = DATED.exec(text);
  if (dated) {
    body = dated[1]!;
    stated = toIsoDate(dated[2]!);
    if (!stated) return { ok: false, message: `"${raw}": ${dated[2]} is not a valid date` };
  }
  const upper = body.toUpperCase();
  let m: RegExpExecArray | null;
  if ((m = /^1\.4\s*\(?([A-H])\)?$/.exec(upper))) {
    return ok(`1.4(${m[1]!.toLowerCase()})`, '1.4', stated, null);
  }
  if ((m = /^25X([1-9])$/.exec(upper))) return ok(`25X${m[1]}`, '25X', stated, null);
  if ((m = /^50X(1-HUM|2-WMD)$/.exec(upper))) return ok(`50X${m[1]}`, '50X-HUM-WMD', stated, null);
  if ((m = /^(50|75)X([1-9])$/.exec(upper))) {
    return ok(`${m[1]}X${m[2]}`, m[1] === '50' ? '50X' : '75X', stated, null);
  }
  if ((m = /^B\s*\(([1-9])\)(?:\s*\(([A-F])\))?(?:\s+(.+))?$/i.exec(body))) {
    const n = m[1]!;
    const sub = m[2]?.toUpperCase();
    if (sub && n !== '7')
      return { ok: false, message: `"${raw}": only b(7) has lettered subparagraphs` };
    if (n === '7' && !sub) {
      return { ok: false, message: `"${raw}": b(7) needs its subparagraph, e.g. b(7)(C)` };
    }
    const after = m[3]?.trim() ?? null;
    if (n === '5') {
      const privilege = (after ?? 'DP').toUpperCase();
      if (privilege !== 'DP' && privilege !== 'AC' && privilege !== 'AWP') {
        return {
          ok: false,
          message: `"${raw}": b(5) names its privilege: DP (deliberative process), AC (attorney-client) or AWP (attorney work product)`,
        };
      }
      return {
        ok: true,
        exemption: { code: 'b(5)', family: 'FOIA', expiresOn: stated, statute: null, privilege },
      };
    }
    if (after && n !== '3')
      return { ok: false, message: `"${raw}": unexpected text after b(${n})` };
    return ok(`b(${n})${sub ? `(${sub})` : ''}`, 'FOIA', stated, after);
  }
  if (/^(RD|FRD|TFNI)$/.test(upper)) return ok(upper, 'ATOMIC', stated, null);
  return {
    ok: false,
    message:
      `"${raw}" is not an exemption code: use 1.4(a)–1.4(h), 25X1–25X9 with a date ` +
      `(e.g. "25X6, 20271231"), 50X1-HUM, 50X2-WMD, 50X1–50X9, 75X1–75X9, b(1)–b(9), b(7)(A)–(F), RD, FRD or TFNI`,
  };
}

function ok(
  code: string,
  family: ExemptionFamily,
  expiresOn: string | null,
  statute: string | null,
): ExemptionResult {
  return { ok: true, exemption: { code, family, expiresOn, statute } };
}

/**
 * Checks one parsed code against the record and review, and fills in the expiry the rules give
 * when none was stated. Returns a message naming the rule that failed.
 */
export function validateExemption(ex: Exemption, at: ExemptionSetting): ExemptionResult {
  const year = Number(at.documentDate.slice(0, 4));
  const age = yearsBetween(at.documentDate, ageDay(at));
  if (keepsClassified(ex) && at.classification && UNCLASSIFIED_LEVELS.has(at.classification)) {
    return {
      ok: false,
      message: `${ex.code} withholds information as classified, but this record is ${at.classification} now: a review cannot classify again what is unclassified or was released; that takes the agency head under E.O. 13526 §1.7(c). Cite a FOIA exemption other than b(1) if the information must be withheld`,
    };
  }
  const endOfYear = (offset: number) => `${year + offset}-12-31`;
  const needsAge = (min: number): string | null =>
    age >= min
      ? null
      : `${ex.code} may be cited only for records at least ${min} years old; this record dates from ${at.documentDate}`;
  const needsDate = (limit: string | null): string | null => {
    if (!ex.expiresOn) {
      return `${ex.code} must carry its declassification date, written "${ex.code}, YYYYMMDD"`;
    }
    if (ex.expiresOn <= at.on) return `${ex.code}: the date ${ex.expiresOn} has already passed`;
    if (limit && ex.expiresOn > limit) {
      return `${ex.code}: the date ${ex.expiresOn} is later than ${limit}, the limit for this code`;
    }
    return null;
  };
  let problem: string | null = null;
  let expiresOn = ex.expiresOn;
  switch (ex.family) {
    case '1.4':
      problem =
        age < 25
          ? null
          : `${ex.code} applies only to records under 25 years old; this record dates from ${at.documentDate}: cite a 25X code with its date instead`;
      expiresOn = ex.expiresOn ?? endOfYear(25);
      if (!problem && expiresOn > endOfYear(25)) {
        problem = `${ex.code}: a declassify-on date may be at most 25 years from origin (${endOfYear(25)})`;
      } else if (!problem && expiresOn <= at.on) {
        problem = `${ex.code}: the date ${expiresOn} has already passed`;
      }
      break;
    case '25X':
      problem = needsAge(25) ?? needsDate(endOfYear(50));
      break;
    case '50X-HUM-WMD':
      expiresOn = ex.expiresOn ?? endOfYear(75);
      problem =
        needsAge(25) ??
        (ex.expiresOn
          ? needsDate(endOfYear(75))
          : expiresOn <= at.on
            ? `${ex.code}: its 75-year limit (${expiresOn}) has already passed; cite a 75X code`
            : null);
      break;
    case '50X':
      problem =
        needsAge(50) ??
        (age >= 75
          ? `${ex.code} covers records under 75 years old; this record dates from ${at.documentDate}: cite a 75X code with its date`
          : needsDate(endOfYear(75)));
      break;
    case '75X':
      problem = needsAge(75) ?? needsDate(null);
      break;
    case 'FOIA':
      if (!FOIA_KINDS.has(at.reviewKind)) {
        problem = `${ex.code} is a FOIA exemption and may be cited only in FOIA reviews and appeals, not in a ${at.reviewKind} review`;
      } else if (at.reviewKind === 'APPEAL' && at.appealOf === 'MDR') {
        problem = `${ex.code} is a FOIA exemption; an MDR appeal is decided under E.O. 13526 (§3.5(d)), so cite the order's codes`;
      } else if (
        ex.code === 'b(5)' &&
        (ex.privilege ?? 'DP') === 'DP' &&
        yearsBetween(at.documentDate, at.requestedOn ?? at.on) >= 25
      ) {
        problem = `b(5) DP (deliberative process) cannot be used on a record that was 25 or more years old when it was requested (5 U.S.C. 552(b)(5)); this record dates from ${at.documentDate}${at.requestedOn ? ` and was requested on ${at.requestedOn}` : ''}. The attorney-client (b(5) AC) and work-product (b(5) AWP) privileges have no such limit`;
      } else if (ex.code === 'b(3)' && !ex.statute) {
        problem = 'b(3) must name its statute, e.g. "b(3) 50 U.S.C. 3024(i)"';
      } else if (ex.expiresOn) {
        problem = `${ex.code} has no date of its own; remove ", ${ex.expiresOn}"`;
      }
      break;
    case 'ATOMIC':
      if (ex.expiresOn) problem = `${ex.code} lasts until DOE removes it; it takes no date`;
      break;
  }
  return problem ? { ok: false, message: problem } : { ok: true, exemption: { ...ex, expiresOn } };
}

/**
 * Validates the codes one EXEMPT decision cites: at least one, each valid, no repeats, and a
 * b(1) paired with the classification code that makes the information properly classified.
 */
export function validateCitations(
  raw: readonly string[],
  at: ExemptionSetting,
): { ok: true; exemptions: Exemption[] } | { ok: false; message: string } {
  if (raw.length === 0) return { ok: false, message: 'An exemption must cite at least one code' };
  const exemptions: Exemption[] = [];
  for (const item of raw) {
    const parsed = parseExemption(item);
    if (!parsed.ok) return parsed;
    const valid = validateExemption(parsed.exemption, at);
    if (!valid.ok) return valid;
    if (exemptions.some((e) => e.code === valid.exemption.code)) {
      return { ok: false, message: `${valid.exemption.code} is cited twice` };
    }
    exemptions.push(valid.exemption);
  }
  const classified = exemptions.some((e) => CLASSIFICATION_FAMILIES.has(e.family));
  if (exemptions.some((e) => e.code === 'b(1)') && !classified) {
    return {
      ok: false,
      message:
        'b(1) (properly classified) must be paired with the 1.4 or 25X code that classifies the portion',
    };
  }
  return { ok: true, exemptions };
}

/** How an exemption is written in a marking or a redaction box: `25X6, 20271231`. */
export function formatExemption(ex: Exemption): string {
  if (ex.family === '1.4' || ex.family === 'FOIA' || ex.family === 'ATOMIC' || !ex.expiresOn) {
    const qualifier = ex.statute ?? ex.privilege;
    return qualifier ? `${ex.code} ${qualifier}` : ex.code;
  }
  return `${ex.code}, ${ex.expiresOn.replace(/-/g, '')}`;
}

/** Whole years from `from` to `to` (both ISO dates): the record's age on a given day. */
export function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  let years = ty - fy;
  if (tm < fm || (tm === fm && td < fd)) years -= 1;
  return years;
}

function toIsoDate(value: string): string | null {
  const compact = value.replace(/-/g, '');
  if (!/^\d{8}$/.test(compact)) return null;
  const iso = `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

/** Every code a reviewer can cite, with what it protects (see docs/legal-rules.md). */
export const EXEMPTION_CATALOG: readonly {
  code: string;
  family: ExemptionFamily;
  meaning: string;
  needsDate: boolean;
}[] = [
  ...(
    [
      ['a', 'military plans, weapons systems, or operations'],
      ['b', 'foreign government information'],
      ['c', 'intelligence activities, sources or methods, or cryptology'],
      [
        'd',
        'foreign relations or foreign activities of the United States, including confidential sources',
      ],
      ['e', 'scientific, technological or economic matters relating to national security'],
      ['f', 'programs for safeguarding nuclear materials or facilities'],
      [
        'g',
        'vulnerabilities or capabilities of systems, installations, infrastructures, projects, plans or protection services',
      ],
      ['h', 'development, production or use of weapons of mass destruction'],
    ] as const
  ).map(([letter, meaning]) => ({
    code: `1.4(${letter})`,
    family: '1.4' as const,
    meaning,
    needsDate: false,
  })),
  ...(
    [
      'reveal the identity of a confidential human source or key design concepts of weapons of mass destruction',
      'reveal information that would assist in the development or use of weapons of mass destruction',
      'reveal information that would impair U.S. cryptologic systems or activities',
      'reveal information that would impair the application of state-of-the-art technology within a U.S. weapon system',
      'reveal formally named or numbered U.S. military war plans that remain in effect',
      'reveal information that would seriously impair relations between the United States and a foreign government',
      'reveal information that would impair the ability of officials to protect the President and others',
      'reveal information that would seriously impair national security emergency preparedness plans or vulnerabilities',
      'violate a statute, treaty, or international agreement',
    ] as const
  ).map((meaning, i) => ({
    code: `25X${i + 1}`,
    family: '25X' as const,
    meaning,
    needsDate: true,
  })),
  {
    code: '50X1-HUM',
    family: '50X-HUM-WMD',
    meaning: 'the identity of a confidential human intelligence source',
    needsDate: false,
  },
  {
    code: '50X2-WMD',
    family: '50X-HUM-WMD',
    meaning: 'key design concepts of weapons of mass destruction',
    needsDate: false,
  },
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({
    code: `50X${n}`,
    family: '50X' as const,
    meaning: `extraordinary 50-year exemption, category ${n} of 25X`,
    needsDate: true,
  })),
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({
    code: `75X${n}`,
    family: '75X' as const,
    meaning: `exceptional exemption beyond 75 years, category ${n} of 25X`,
    needsDate: true,
  })),
  ...(
    [
      ['b(1)', 'properly classified information (pair with the 1.4 or 25X code)'],
      ['b(2)', 'internal personnel rules and practices'],
      ['b(3)', 'exempted by another statute (name it)'],
      ['b(4)', 'trade secrets and confidential commercial information'],
      [
        'b(5) DP',
        'deliberative process privilege (not on records 25 or more years old when requested)',
      ],
      ['b(5) AC', 'attorney-client privilege'],
      ['b(5) AWP', 'attorney work-product privilege'],
      ['b(6)', 'personal privacy'],
      ['b(7)(A)', 'law enforcement: interference with proceedings'],
      ['b(7)(B)', 'law enforcement: deprivation of a fair trial'],
      ['b(7)(C)', 'law enforcement: personal privacy'],
      ['b(7)(D)', 'law enforcement: confidential sources'],
      ['b(7)(E)', 'law enforcement: techniques and procedures'],
      ['b(7)(F)', 'law enforcement: endangering life or physical safety'],
      ['b(8)', 'examination reports of financial institutions'],
      ['b(9)', 'geological information about wells'],
    ] as const
  ).map(([code, meaning]) => ({ code, family: 'FOIA' as const, meaning, needsDate: false })),
  {
    code: 'RD',
    family: 'ATOMIC',
    meaning: 'Restricted Data (Atomic Energy Act)',
    needsDate: false,
  },
  { code: 'FRD', family: 'ATOMIC', meaning: 'Formerly Restricted Data', needsDate: false },
  {
    code: 'TFNI',
    family: 'ATOMIC',
    meaning: 'Transclassified Foreign Nuclear Information',
    needsDate: false,
  },
];

/**
 * The codes a reviewer may cite for this record in this review today: the age windows, the
 * FOIA-only rule and b(5)'s 25-year bar, each checked through validateExemption itself.
 */
export function codesValidFor(at: ExemptionSetting): typeof EXEMPTION_CATALOG {
  const year = Number(at.documentDate.slice(0, 4));
  return EXEMPTION_CATALOG.filter((entry) => {
    // 25X dates may reach 31 Dec of origin + 50, 50X dates origin + 75; 75X dates have no ceiling.
    const probeDate =
      entry.family === '25X'
        ? `${year + 50}1231`
        : entry.family === '50X'
          ? `${year + 75}1231`
          : '99991231';
    const probe = entry.needsDate
      ? `${entry.code}, ${probeDate}`
      : entry.code === 'b(3)'
        ? 'b(3) statute'
        : entry.code;
    const parsed = parseExemption(probe);
    return parsed.ok && validateExemption(parsed.exemption, at).ok;
  });
}
