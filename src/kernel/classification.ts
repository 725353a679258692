/**
 * Classification levels and handling captions.
 * LIMITED OFFICIAL USE is an administrative control, not a level: it is stored as found and
 * ranks with UNCLASSIFIED for clearance checks.
 */
export const CLASSIFICATIONS = [
  'UNCLASSIFIED',
  'LIMITED OFFICIAL USE',
  'CONFIDENTIAL',
  'SECRET',
  'TOP SECRET',
] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** Clearances a person can hold: the levels proper, without LOU. */
export const CLEARANCES = ['UNCLASSIFIED', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'] as const;
export type Clearance = (typeof CLEARANCES)[number];

/** Captions limit distribution independently of the level; a reader needs each as a caveat. */
export const CAPTIONS = [
  'NODIS',
  'EXDIS',
  'LIMDIS',
  'STADIS',
  'NOFORN',
  'ONLY',
  'CHEROKEE',
  'CONDIS',
] as const;
export type Caption = (typeof CAPTIONS)[number];

const RANK: Record<Classification, number> = {
  UNCLASSIFIED: 0,
  'LIMITED OFFICIAL USE': 0,
  CONFIDENTIAL: 1,
  SECRET: 2,
  'TOP SECRET': 3,
};

/** Portion markings as printed in front of a paragraph. */
export const PORTION_MARK: Record<Classification, string> = {
  UNCLASSIFIED: 'U',
  'LIMITED OFFICIAL USE': 'LOU',
  CONFIDENTIAL: 'C',
  SECRET: 'S',
  'TOP SECRET': 'TS',
};

export function isClassification(value: unknown): value is Classification {
  return typeof value === 'string' && (CLASSIFICATIONS as readonly string[]).includes(value);
}

export function isClearance(value: unknown): value is Clearance {
  return typeof value === 'string' && (CLEARANCES as readonly string[]).includes(value);
}

export function isCaption(value: unknown): value is Caption {
  return typeof value === 'string' && (CAPTIONS as readonly string[]).includes(value);
}

export function rankOf(level: Classification): number {
  return RANK[level];
}

/** The highest of several levels; a document's level is the highest of its portions. */
export function highest(levels: readonly Classification[]): Classification {
  let top: Classification = 'UNCLASSIFIED';
  for (const level of levels) {
    if (RANK[level] > RANK[top] || (RANK[level] === RANK[top] && level !== 'UNCLASSIFIED')) {
      top = level;
    }
  }
  return top;
}

/** What a reader must hold to see a record. */
export interface AccessRequirement {
  classification: Classification;
  captions: readonly string[];
}

/** What a person holds. */
export interface Holder {
  clearance: Clearance;
  caveats: readonly string[];
}

/** Need-to-know: clearance at or above the level, and every caption as a caveat. */
export function canAccess(holder: Holder, record: AccessRequirement): boolean {
  return (
    RANK[holder.clearance] >= RANK[record.classification] &&
    record.captions.every((caption) => holder.caveats.includes(caption))
  );
}
