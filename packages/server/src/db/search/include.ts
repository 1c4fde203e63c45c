// _include and _revinclude (FHIR R4 search.html#include), with :iterate. Includes are resolved for the
// current page only, through idx_reference: one statement per round, a part per (spec, resource type).
import type { Queryable } from '../engine.ts';
import type { RowCondition } from '../repository.types.ts';
import type { IncludeSpec } from './ast.ts';
import type { MatchRow } from './query.ts';
import { SqlParams } from './sql-params.ts';

/** At most this many included resources per page (search.html lets a server limit includes). */
export const MAX_INCLUDED = 1000;
/** :iterate rounds after the first; guards against reference cycles that keep adding resources. */
const MAX_ITERATIONS = 4;

const key = (r: { resource_type: string; id: string }) => `${r.resource_type}/${r.id}`;

export interface IncludeRequest {
  includes: readonly IncludeSpec[];
  revincludes: readonly IncludeSpec[];
}

/**
 * The resources the page's include parameters add, excluding the page's own matches. `access` leaves out
 * what the caller may not see, in SQL, before :iterate follows it (a denied resource never leads further).
 */
export async function findIncluded(
  db: Queryable,
  matches: readonly MatchRow[],
  request: IncludeRequest,
  access?: RowCondition,
): Promise<MatchRow[]> {
  const seen = new Set(matches.map(key));
  const included: MatchRow[] = [];
  let frontier: readonly MatchRow[] = matches;
  for (let round = 0; round <= MAX_ITERATIONS && frontier.length > 0; round++) {
    const active = (specs: readonly IncludeSpec[]) => specs.filter((s) => round === 0 || s.iterate);
    const found = await roundRows(db, frontier, {
      includes: active(request.includes),
      revincludes: active(request.revincludes),
      access,
    });
    const fresh: MatchRow[] = [];
    for (const row of found) {
      if (seen.has(key(row)) || included.length >= MAX_INCLUDED) continue;
      seen.add(key(row));
      included.push(row);
      fresh.push(row);
    }
    frontier = fresh;
  }
  return included;
}

/**
 * Every include and revinclude of one round as one statement (one round trip): each part keeps its own
 * order and limit, and the parts come back in the order the parameters were given.
 */
async function roundRows(
  db: Queryable,
  frontier: readonly MatchRow[],
  round: IncludeRequest & { access: RowCondition | undefined },
): Promise<MatchRow[]> {
  const p = new SqlParams();
  const groups = byType(frontier);
  const parts = [
    ...round.includes.flatMap((spec) => forward(groups, spec, round.access, p)),
    ...round.revincludes.flatMap((spec) => reverse(groups, spec, round.access, p)),
  ];
  if (parts.length === 0) return [];
  const union = parts.map((part, n) => `(SELECT ${n} AS part, ${part})`).join(' UNION ALL ');
  const sql = `SELECT u.resource_type, u.id, u.content FROM (${union}) u ORDER BY u.part, u.resource_type, u.id`;
  return (await db.query<MatchRow>(sql, p.values)).rows;
}

function byType(rows: readonly MatchRow[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of rows) {
    const ids = groups.get(r.resource_type);
    if (ids) ids.push(r.id);
    else groups.set(r.resource_type, [r.id]);
  }
  return groups;
}

const limited = (p: SqlParams) => `ORDER BY r.resource_type, r.id LIMIT ${p.add(MAX_INCLUDED)}`;

/** `_include=Source:param[:Target]`: the resources the frontier's Source resources refer to. */
function forward(
  groups: Map<string, string[]>,
  spec: IncludeSpec,
  access: RowCondition | undefined,
  p: SqlParams,
): string[] {
  return [...groups]
    .filter(([type]) => spec.sourceType === '*' || spec.sourceType === type)
    .map(([type, ids]) => {
      const where = [
        `ref.resource_type = ${p.add(type)}`,
        `ref.resource_id IN (${p.list(ids)})`,
        'ref.target_id IS NOT NULL',
      ];
      if (spec.param !== '*') where.push(`ref.param = ${p.add(spec.param)}`);
      if (spec.targetType !== undefined) where.push(`ref.target_type = ${p.add(spec.targetType)}`);
      const allowed = access ? ` AND ${access('r', spec.targetType, p)}` : '';
      return `r.resource_type, r.id, r.content FROM resources r WHERE NOT r.deleted${allowed} AND (r.resource_type, r.id) IN (SELECT ref.target_type, ref.target_id FROM idx_reference ref WHERE ${where.join(' AND ')}) ${limited(p)}`;
    });
}

/** `_revinclude=Source:param[:Target]`: the Source resources that refer to the frontier. */
function reverse(
  groups: Map<string, string[]>,
  spec: IncludeSpec,
  access: RowCondition | undefined,
  p: SqlParams,
): string[] {
  return [...groups]
    .filter(([type]) => spec.targetType === undefined || spec.targetType === type)
    .map(([type, ids]) => {
      const where = [`ref.target_type = ${p.add(type)}`, `ref.target_id IN (${p.list(ids)})`];
      if (spec.sourceType !== '*') where.push(`ref.resource_type = ${p.add(spec.sourceType)}`);
      if (spec.param !== '*') where.push(`ref.param = ${p.add(spec.param)}`);
      const source = spec.sourceType === '*' ? undefined : spec.sourceType;
      const allowed = access ? ` AND ${access('r', source, p)}` : '';
      return `r.resource_type, r.id, r.content FROM resources r WHERE NOT r.deleted${allowed} AND (r.resource_type, r.id) IN (SELECT ref.resource_type, ref.resource_id FROM idx_reference ref WHERE ${where.join(' AND ')}) ${limited(p)}`;
    });
}
