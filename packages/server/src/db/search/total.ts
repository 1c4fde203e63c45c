// Bundle.total per _total (search.html#total). The default is "accurate when free": exact when the
// page itself shows where the result set ends (the last page, or everything on one page), otherwise
// omitted — counting even the first thousand matches of a broad search (Observation?code=…) costs ten
// times the page itself at 500,000 resources. `_total=accurate` always counts; `_total=estimate`
// reports the planner's row estimate.
import type { Queryable } from '../engine.ts';
import type { ParsedSearch } from './ast.ts';
import { countStatement, type MatchRow, type Within } from './query.ts';

export interface TotalInput {
  search: ParsedSearch;
  within: Within;
  page: readonly MatchRow[];
  hasNext: boolean;
  /** _summary=count: the total is the whole answer, always counted. */
  countOnly: boolean;
}

export async function searchTotal(db: Queryable, input: TotalInput): Promise<number | undefined> {
  const { search, within, page, hasNext, countOnly } = input;
  // `_count=0` asks for no entries: what is left to answer is how many match (search.html#count).
  const mode = countOnly ? 'accurate' : search.count === 0 ? (search.total ?? 'accurate') : search.total;
  if (mode === 'none') return undefined;
  const endSeen = !countOnly && !hasNext && (page.length > 0 || search.offset === 0) && search.count > 0;
  if (endSeen) return search.offset + page.length;
  if (mode === 'estimate') return estimate(db, search, within);
  if (mode === undefined) return undefined;
  const { sql, params } = countStatement(search, within);
  return Number((await db.query<{ n: string | number }>(sql, params)).rows[0]?.n ?? 0);
}

/** The planner's estimate of the matching rows (EXPLAIN, both engines speak it). */
async function estimate(db: Queryable, search: ParsedSearch, within: Within): Promise<number> {
  const { sql, params } = countStatement(search, within);
  const inner = sql.replace(/^SELECT count\(\*\) AS n /, 'SELECT 1 ');
  const rows = (await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${inner}`, params)).rows;
  const plan = rows[0]?.['QUERY PLAN'];
  const parsed = (typeof plan === 'string' ? JSON.parse(plan) : plan) as [{ Plan: { 'Plan Rows': number } }];
  return Math.round(parsed[0].Plan['Plan Rows']);
}
