// One small adapter over two engines that speak the same SQL (DESIGN.md §4): embedded PGlite and
// PostgreSQL. Everything above this file sees only `Engine` / `Queryable`.

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Prepare the statement once per connection under this name and reuse its plan (PostgreSQL's
   * extended protocol, protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY): for hot statements whose text never
   * varies, such as read by id. One name, one text.
   */
  name?: string;
}

export interface Queryable {
  /** One statement with $1..$n parameters. */
  query<T = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    opts?: QueryOptions,
  ): Promise<QueryResult<T>>;
}

export interface Engine extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs fn in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
