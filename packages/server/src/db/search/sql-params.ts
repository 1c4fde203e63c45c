// Collects SQL parameter values while a statement is built: every search value is a $n parameter,
// never text in the SQL (search values are attacker-controlled).
export class SqlParams {
  readonly values: unknown[] = [];
  private aliases = 0;

  /** A fresh table alias, so nested subqueries never shadow each other. */
  alias(prefix: string): string {
    this.aliases++;
    return `${prefix}${this.aliases}`;
  }

  /** Adds a value and returns its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** Placeholders for a list, for `IN (...)`. */
  list(values: readonly unknown[]): string {
    return values.map((v) => this.add(v)).join(', ');
  }
}
