/**
 * One CSV cell (RFC 4180) that a spreadsheet shows as text: quoted when it holds a comma, quote
 * or line break, and prefixed with an apostrophe when it starts with a character a spreadsheet
 * would read as a formula (`=`, `+`, `-`, `@`, tab, carriage return), as OWASP advises against
 * CSV injection. Values that are not strings are written as JSON; null and undefined as empty.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n\t]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}
