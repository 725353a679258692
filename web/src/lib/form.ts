/** A form field's text, trimmed; '' when absent or a file. */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/** The form's non-empty text fields as an object. */
export function filledFields(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string' && value.trim() !== '') out[name] = value.trim();
  }
  return out;
}
