import {
  parseExemption,
  validateExemption,
  type Exemption,
  type ExemptionSetting,
} from './exemptions';

/**
 * Test support for the exemption rules: the records cited against, as of one day, and helpers
 * that parse and validate a citation. Only specs import this module.
 */

/** The day of the decisions below. */
export const ON = '2026-03-02';
/** A 1977 cable: 48 years old, past 25, 25X limit 31 Dec 2027, 50X-HUM limit 31 Dec 2052. */
export const CABLE_1977: ExemptionSetting = {
  documentDate: '1977-06-16',
  on: ON,
  reviewKind: 'SYSTEMATIC',
};
/** A 2010 memo: 15 years old, 1.4 codes declassify on 31 Dec 2035 at the latest. */
export const MEMO_2010: ExemptionSetting = {
  documentDate: '2010-03-04',
  on: ON,
  reviewKind: 'SYSTEMATIC',
};
/** A 1970 airgram: 56 years old, old enough for 50X. */
export const AIRGRAM_1970: ExemptionSetting = {
  documentDate: '1970-01-15',
  on: ON,
  reviewKind: 'SYSTEMATIC',
};
/** A 1945 telegram: 80 years old, old enough for 75X. */
export const TELEGRAM_1945: ExemptionSetting = {
  documentDate: '1945-05-08',
  on: ON,
  reviewKind: 'SYSTEMATIC',
};
export const foia = (setting: ExemptionSetting, reviewKind = 'FOIA'): ExemptionSetting => ({
  ...setting,
  reviewKind,
});

/** Parses and validates one citation, as a reviewer's input goes through both. */
export function check(raw: string, setting: ExemptionSetting) {
  const parsed = parseExemption(raw);
  return parsed.ok ? validateExemption(parsed.exemption, setting) : parsed;
}

export function cited(raw: string, setting: ExemptionSetting): Exemption {
  const result = check(raw, setting);
  if (!result.ok) throw new Error(result.message);
  return result.exemption;
}

export const messageOf = (result: { ok: true } | { ok: false; message: string }) =>
  result.ok ? '(accepted)' : result.message;
