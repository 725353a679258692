import { isISO8601, ValidateBy } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

function writtenAs(name: string, form: RegExp, message: string): PropertyDecorator {
  return ValidateBy({
    name,
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && form.test(value) && isISO8601(value, { strict: true }),
      defaultMessage: () => message,
    },
  });
}

/**
 * A calendar day written `YYYY-MM-DD` that exists (no 30 February). ISO 8601's other forms
 * (`20260101`, week and ordinal dates) are refused here, where the database would refuse them later.
 */
export function IsCalendarDay(field: string): PropertyDecorator {
  return writtenAs('isCalendarDay', DAY, `${field}: a date written YYYY-MM-DD`);
}

/** A day, or a moment written `YYYY-MM-DDTHH:MM[:SS[.ffffff]][Z|±HH:MM]`, that exists. */
export function IsInstant(field: string): PropertyDecorator {
  return writtenAs(
    'isInstant',
    INSTANT,
    `${field}: a date written YYYY-MM-DD or a time written YYYY-MM-DDTHH:MM:SSZ`,
  );
}
