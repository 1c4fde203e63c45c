// One SQL statement assembled from data-modifying CTEs (`WITH a AS (INSERT …), b AS (DELETE …) …`), so a
// whole write costs one round trip. All parts run on one snapshot (PostgreSQL docs, "Data-Modifying
// Statements in WITH"): a DELETE part removes only rows that existed before the statement, never rows
// an INSERT part of the same statement adds — which is what replacing a resource's index rows needs.
export interface Statement {
  ctes: string[];
  params: unknown[];
}

export function newStatement(): Statement {
  return { ctes: [], params: [] };
}

/** Adds a parameter and returns its placeholder, cast to `type`. */
export function param(s: Statement, value: unknown, type: string): string {
  s.params.push(value);
  return `$${s.params.length}::${type}`;
}

/** The statement text: every CTE, then `main` (which may read a RETURNING CTE). */
export function statementText(s: Statement, main = 'SELECT 1'): string {
  return s.ctes.length === 0 ? main : `WITH ${s.ctes.join(',\n')}\n${main}`;
}
