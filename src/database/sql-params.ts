/**
 * The values of one parameterised statement built from parts: each `add` keeps a value and
 * returns its placeholder, so parts written apart number their parameters without clashing.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
